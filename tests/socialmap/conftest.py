"""A small social map in World's gemeente: Noord has a courier volunteer group and a shared meal, the
whole gemeente has a dog-walking initiative, a language café, a grocery service and a home-care
provider; postcodes 8011 (centre) and 8031 (5 km east)."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from eenplan.core.models import Area
from eenplan.socialmap import actions
from eenplan.socialmap.models import Postcode, Service, TargetGroup


@dataclass
class SocialMap:
    organization: object
    courier: Service
    meal: Service
    dogs: Service
    language: Service
    groceries: Service
    home_care: Service


def add_service(admin, organization, name, description, **values) -> Service:
    defaults = {
        "kind": Service.Kind.VOLUNTEER,
        "cost": Service.Cost.FREE,
        "target_groups": [],
        "areas": [],
        "tags": [],
    }
    return actions.service_save(
        actor=admin, service=None, organization=organization, name=name, description=description,
        **(defaults | values),
    )  # fmt: skip


@pytest.fixture
def social_map(world) -> SocialMap:
    admin = world.functional_admin
    north = Area.objects.get(name="Noord")
    Postcode.objects.create(code="8011", latitude=52.5125, longitude=6.0940)
    Postcode.objects.create(code="8031", latitude=52.5125, longitude=6.1677)  # 5.0 km east
    organization = actions.organization_create(
        actor=admin, name="Stichting Buurtkracht", description="Vrijwilligers in de buurt."
    )
    older = TargetGroup.objects.get(code="ouderen")
    return SocialMap(
        organization=organization,
        courier=add_service(
            admin, organization, "Vrijwillige bezorgers voedselbank",
            "Rij mee met de bus van de voedselbank en help bij het uitdelen van pakketten.",
            tags=["meerijden", "helpen"], areas=[north],
            venue_name="Buurthuis De Wieken", street="Wiekenstraat 1", postcode="8011AB", city="Zwolle",
            latitude=52.5125, longitude=6.0940,
        ),
        meal=add_service(
            admin, organization, "Samen eten in De Wieken",
            "Elke dinsdag koken buurtbewoners samen en eten ze aan een lange tafel. Wie alleen is: welkom.",
            cost=Service.Cost.SMALL, kind=Service.Kind.CITIZEN_INITIATIVE, areas=[north],
            target_groups=[older],
        ),
        dogs=add_service(
            admin, organization, "Hondenuitlaatservice door buurtgenoten",
            "Buurtgenoten helpen: zij laten uw hond uit als het u zelf niet lukt.", tags=["dieren", "buiten"],
            kind=Service.Kind.CITIZEN_INITIATIVE,
        ),
        language=add_service(
            admin, organization, "Taalcafé Oost",
            "Oefen Nederlands praten onder begeleiding van vrijwilligers, met koffie.",
            venue_name="Bibliotheek Oost", street="Parkweg 2", postcode="8031AA", city="Zwolle",
            latitude=52.5125, longitude=6.1677,
        ),
        groceries=add_service(
            admin, organization, "Boodschappendienst",
            "Wij brengen uw bestelling van de supermarkt thuis.", kind=Service.Kind.BUSINESS,
            cost=Service.Cost.PAID,
        ),
        home_care=add_service(
            admin, organization, "Thuisbegeleiding",
            "Een begeleider helpt thuis met het plannen van de week.", kind=Service.Kind.PROVIDER,
            cost=Service.Cost.PROVISION,
        ),
    )  # fmt: skip


@pytest.fixture(scope="session")
def hsds_data() -> Path:
    """The HSDS reference material (upstream examples, ORUK mocks): ../shared/data/hsds beside the
    repository, or /work/shared/data/hsds. Required: these tests never skip."""
    repository = Path(__file__).resolve().parents[2]
    candidates = [repository.parent / "shared" / "data" / "hsds", Path("/work/shared/data/hsds")]
    for candidate in candidates:
        if (candidate / "openreferral-specification-3.0").is_dir():
            return candidate
    pytest.fail(f"HSDS reference data not found in {candidates}")


@pytest.fixture(scope="session")
def examples(hsds_data) -> Path:
    return hsds_data / "openreferral-specification-3.0" / "examples"


@pytest.fixture(scope="session")
def fail_mocks(hsds_data) -> Path:
    return hsds_data / "oruk-validator-mocks-3.0" / "V3.0-UK-Fail"
