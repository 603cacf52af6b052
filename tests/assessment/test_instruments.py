"""Instruments are data: loaded from JSON by migration, validated, never overwriting the admin's edits."""

import json

import pytest
from django.core.exceptions import ValidationError

from eenplan.assessment.configuration import CONFIG_DIR, load_instruments, read_instruments
from eenplan.assessment.models import Instrument, LifeDomain
from eenplan.assessment.queries import domains_for, instrument
from tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIFE_DOMAINS = [
    "finances",
    "work-education",
    "daytime-activities",
    "housing",
    "domestic-relations",
    "mental-health",
    "physical-health",
    "addiction",
    "adl",
    "iadl",
    "social-network",
    "social-participation",
    "justice",
    "parenting",
]
POSITIVE_HEALTH = [
    "bodily-functions",
    "mental-wellbeing",
    "meaningfulness",
    "quality-of-life",
    "participation",
    "daily-functioning",
]


def domain_codes(instrument_code: str) -> list[str]:
    return list(
        LifeDomain.objects.filter(instrument__code=instrument_code)
        .order_by("order")
        .values_list("code", flat=True)
    )


def test_the_migration_loads_both_instruments_with_their_domains():
    assert list(
        Instrument.objects.order_by("code").values_list("code", "name", "scale_min", "scale_max")
    ) == [
        ("life-domains", "Leefgebieden", 1, 5),
        ("positive-health", "Positieve Gezondheid", 0, 10),
    ]
    assert domain_codes("life-domains") == LIFE_DOMAINS
    assert domain_codes("positive-health") == POSITIVE_HEALTH
    assert LifeDomain.objects.filter(is_active=True).count() == 20
    assert LifeDomain.objects.filter(description="").count() == 0


def test_the_life_domains_have_five_named_levels_and_our_own_source():
    life_domains = Instrument.objects.get(code="life-domains")
    assert [(level["value"], level["label"]) for level in life_domains.levels] == [
        (1, "acute problemen"),
        (2, "niet zelfredzaam"),
        (3, "beperkt zelfredzaam"),
        (4, "voldoende zelfredzaam"),
        (5, "volledig zelfredzaam"),
    ]
    assert all(level["description"] for level in life_domains.levels)
    assert life_domains.source == (
        "Eigen beschrijvingen; structuur zoals de veelgebruikte Zelfredzaamheid-Matrix "
        "(geen officiële ZRM-teksten)"
    )
    assert life_domains.level(3)["label"] == "beperkt zelfredzaam"
    assert life_domains.level(6) is None


def test_positive_health_names_only_the_end_points_of_its_scale():
    positive_health = Instrument.objects.get(code="positive-health")
    assert [(level["value"], level["label"]) for level in positive_health.levels] == [
        (0, "heel slecht"),
        (10, "heel goed"),
    ]
    assert (
        positive_health.source
        == "Zes dimensies naar het model Positieve Gezondheid (Huber); eigen vraagteksten"
    )


def test_every_shipped_level_lies_within_its_scale_and_passes_validation():
    for shipped in Instrument.objects.all():
        values = [level["value"] for level in shipped.levels]
        assert all(shipped.scale_min <= value <= shipped.scale_max for value in values), shipped.code
        assert len(values) == len(set(values)), shipped.code
        shipped.full_clean()  # raises on any problem
    for domain in LifeDomain.objects.all():
        domain.full_clean()


def test_parenting_is_only_assessed_for_households_with_children():
    with_children = HouseholdFactory()
    PersonFactory(household=with_children)
    PersonFactory(household=with_children, relation="child")
    without_children = HouseholdFactory()
    PersonFactory(household=without_children)
    assert (with_children.has_children, without_children.has_children) == (True, False)

    assert [d.code for d in domains_for("life-domains", has_children=with_children.has_children)] == (
        LIFE_DOMAINS
    )
    assert [d.code for d in domains_for("life-domains", has_children=without_children.has_children)] == (
        LIFE_DOMAINS[:-1]
    )
    assert [d.code for d in domains_for("positive-health", has_children=False)] == POSITIVE_HEALTH


def test_domains_for_leaves_out_inactive_domains_and_inactive_instruments():
    LifeDomain.objects.filter(code="justice").update(is_active=False)
    assert [d.code for d in domains_for("life-domains", has_children=False)] == [
        code for code in LIFE_DOMAINS if code not in ("justice", "parenting")
    ]
    Instrument.objects.filter(code="positive-health").update(is_active=False)
    assert domains_for("positive-health", has_children=True) == []
    assert domains_for("unknown", has_children=True) == []


def test_instrument_returns_only_an_active_instrument():
    assert instrument("life-domains").name == "Leefgebieden"
    Instrument.objects.filter(code="life-domains").update(is_active=False)
    with pytest.raises(Instrument.DoesNotExist):
        instrument("life-domains")


def test_loading_again_never_overwrites_the_admins_edits_and_restores_only_what_is_missing():
    Instrument.objects.filter(code="life-domains").update(name="Zelfredzaamheid", scale_max=4)
    LifeDomain.objects.filter(code="finances").update(name="Geld", is_active=False)
    LifeDomain.objects.filter(code="justice").delete()

    load_instruments()

    edited = Instrument.objects.get(code="life-domains")
    assert (edited.name, edited.scale_max) == ("Zelfredzaamheid", 4)
    finances = LifeDomain.objects.get(instrument=edited, code="finances")
    assert (finances.name, finances.is_active) == ("Geld", False)
    assert LifeDomain.objects.get(instrument=edited, code="justice").name == "Justitie"
    assert Instrument.objects.count() == 2
    assert LifeDomain.objects.count() == 20


def out_of_range_definition() -> dict:
    definition = read_instruments(CONFIG_DIR)[0]
    assert definition["code"] == "life-domains"
    definition["code"] = "broken-scale"
    definition["levels"].append({"value": 6, "label": "meer dan volledig", "description": "Bestaat niet."})
    return definition


def test_an_out_of_range_level_is_rejected_by_clean_with_a_dutch_message(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(out_of_range_definition()), encoding="utf-8")
    values = json.loads(path.read_text(encoding="utf-8"))
    values.pop("domains")

    with pytest.raises(ValidationError) as raised:
        Instrument(**values).full_clean()

    assert raised.value.message_dict == {"levels": ["Niveau 6 ligt buiten de schaal van 1 tot en met 5."]}


def test_a_file_with_an_out_of_range_level_loads_nothing(tmp_path):
    (tmp_path / "a_good.json").write_text(
        json.dumps({"code": "good", "name": "Goed", "scale_min": 1, "scale_max": 3, "domains": []}),
        encoding="utf-8",
    )
    (tmp_path / "b_broken.json").write_text(json.dumps(out_of_range_definition()), encoding="utf-8")

    with pytest.raises(ValidationError) as raised:
        load_instruments(directory=tmp_path)

    assert raised.value.messages == ["Niveau 6 ligt buiten de schaal van 1 tot en met 5."]
    assert set(Instrument.objects.values_list("code", flat=True)) == {"life-domains", "positive-health"}
    assert LifeDomain.objects.count() == 20


def test_duplicate_levels_and_an_upside_down_scale_are_rejected():
    duplicate = Instrument(
        code="twice",
        name="Twee keer",
        scale_min=1,
        scale_max=3,
        levels=[{"value": 2, "label": "a"}, {"value": 2, "label": "b"}],
    )
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean()
    assert raised.value.message_dict == {"levels": ["Niveau 2 komt meer dan één keer voor."]}

    upside_down = Instrument(code="upside-down", name="Omgekeerd", scale_min=5, scale_max=1)
    with pytest.raises(ValidationError) as raised:
        upside_down.full_clean()
    assert raised.value.message_dict == {
        "scale_max": ["De laagste score (5) moet lager zijn dan de hoogste score (1)."]
    }


def test_a_level_without_a_label_is_rejected():
    unlabelled = Instrument(
        code="unlabelled", name="Zonder naam", scale_min=0, scale_max=10, levels=[{"value": 3}]
    )
    with pytest.raises(ValidationError) as raised:
        unlabelled.full_clean()
    assert raised.value.message_dict == {
        "levels": ["Elk niveau heeft een hele waarde en een omschrijving: {'value': 3}."]
    }


def test_the_functional_admin_edits_an_instrument_with_its_domains_in_beheer(client, world):
    life_domains = Instrument.objects.get(code="life-domains")
    url = f"/beheer/assessment/instrument/{life_domains.pk}/change/"

    client.force_login(world.consultant)
    assert client.get(url).status_code == 302

    client.force_login(world.functional_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "Opvoeding" in response.content.decode()
