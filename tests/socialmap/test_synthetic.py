"""Synthetic services for benchmarks and generated data (``socialmap.synthetic.generate_services``): any
gemeente with areas, through the HSDS import, next to what the database already holds."""

import pytest

from eenplan.core.models import Area
from eenplan.socialmap import hsds, search, synthetic
from eenplan.socialmap.models import Organization, SearchTerm, Service
from eenplan.socialmap.search import SearchFilters, service_search
from tests.factories import DistrictFactory, MunicipalityFactory


@pytest.fixture
def amsterdam(db):
    municipality = MunicipalityFactory(code="GM0363", name="Amsterdam", population=931_298)
    for number, name in enumerate(["Centrum", "West", "Zuidoost"], start=1):
        DistrictFactory(municipality=municipality, code=f"WK0363{number:02d}", name=name)
    return municipality


def test_an_empty_social_map_gets_the_services_of_the_demo_templates(amsterdam):
    assert synthetic.generate_services(amsterdam, 40, seed=7) == 40

    services = Service.objects.filter(municipality=amsterdam)
    assert services.count() == 40 == Service.objects.count()
    districts = set(Area.objects.filter(municipality=amsterdam).values_list("pk", flat=True))
    used = set(Service.areas.through.objects.values_list("area_id", flat=True))
    assert used and used <= districts  # its own districts only; the rest works in the whole gemeente
    assert set(services.values_list("status", flat=True)) == {"active"}
    organizations = Organization.objects.filter(pk__in=services.values("organization_id"))
    assert set(organizations.values_list("municipality_id", flat=True)) == {amsterdam.pk}
    assert Organization.objects.count() == organizations.count()
    # Searchable at once, with the term counts of a full recount.
    assert service_search("samen eten", SearchFilters(municipality_id=amsterdam.pk))
    counted = dict(SearchTerm.objects.values_list("term", "services"))
    assert counted[""] == 40
    assert search.index_services() == 0
    assert dict(SearchTerm.objects.values_list("term", "services")) == counted


def test_it_adds_to_what_is_there_and_the_text_depends_on_the_seed(social_map, amsterdam):
    before = set(Service.objects.values_list("pk", "name", "search_document"))
    organizations_before = set(Organization.objects.values_list("pk", "name", "municipality_id"))

    assert synthetic.generate_services(amsterdam, 30, seed=1) == 30
    assert synthetic.generate_services(amsterdam, 30, seed=1) == 30

    assert before <= set(Service.objects.values_list("pk", "name", "search_document"))
    assert organizations_before <= set(Organization.objects.values_list("pk", "name", "municipality_id"))
    generated = Service.objects.filter(municipality=amsterdam)
    assert generated.count() == 60 and Service.objects.count() == 60 + len(before)
    texts = sorted(generated.values_list("name", "description"))
    assert texts[0::2] == texts[1::2]  # the same seed: the same texts, twice, with their own ids


def test_the_gemeente_filter_keeps_the_generated_maps_apart(social_map, amsterdam, world):
    synthetic.generate_services(amsterdam, 20, seed=3)
    zwolle = world.north_household.area.municipality
    found = {hit.service.municipality_id for hit in service_search("helpen", SearchFilters(zwolle.pk))}
    assert found == {zwolle.pk}
    found = {hit.service.municipality_id for hit in service_search("helpen", SearchFilters(amsterdam.pk))}
    assert found == {amsterdam.pk}


def test_nothing_is_stored_when_the_import_refuses_a_record(amsterdam, monkeypatch):
    monkeypatch.setattr(hsds, "record_reasons", lambda table, record: ["kapot"] if table == "service" else [])
    with pytest.raises(ValueError, match="refused"):
        synthetic.generate_services(amsterdam, 5, seed=1)
    assert Service.objects.count() == 0
    assert Organization.objects.count() == 0
    assert synthetic.generate_services(amsterdam, 0, seed=1) == 0


def test_a_gemeente_without_districts_uses_its_other_areas_or_none(db):
    village = MunicipalityFactory(code="GM1234", name="Dorp", population=5_000)
    assert synthetic.generate_services(village, 10, seed=2) == 10
    assert not Service.areas.through.objects.exists()
