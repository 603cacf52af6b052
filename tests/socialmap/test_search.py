"""The social-map search: Dutch-aware matching, ranking by the resident's words, filters, and the index
staying right after an edit. Runs on SQLite and PostgreSQL alike (CI runs both)."""

import pytest

from eenplan.core.models import Area
from eenplan.socialmap import actions, search
from eenplan.socialmap.models import SearchTerm, Service
from eenplan.socialmap.search import SearchFilters, service_search, service_search_ids
from tests.factories import MunicipalityFactory

from .conftest import add_service


def names(hits) -> list[str]:
    return [hit.service.name for hit in hits]


def test_a_wish_in_the_residents_words_finds_the_courier_volunteers_first(social_map):
    hits = service_search("hij wil graag meerijden en helpen")
    assert names(hits)[0] == "Vrijwillige bezorgers voedselbank"
    assert hits[0].matched == ["meerijden", "helpen"]


def test_diacritics_compounds_and_synonyms_match(social_map):
    assert names(service_search("taalcafe")) == ["Taalcafé Oost"]
    assert names(service_search("boodschappen"))[0] == "Boodschappendienst"
    # "eenzaam" is in no text: the synonym list links it to "alleen" (the meal) and "praten" (the café).
    assert set(names(service_search("ze is eenzaam"))) == {"Samen eten in De Wieken", "Taalcafé Oost"}
    # A query word that is the start of a compound in the text: hond → hondenuitlaatservice.
    assert names(service_search("hond"))[0] == "Hondenuitlaatservice door buurtgenoten"


def test_answering_more_of_the_residents_words_ranks_higher(social_map):
    # "helpen" alone matches several services; "dieren" only the dogs. The dogs answer both words.
    hits = service_search("dieren helpen")
    assert names(hits)[0] == "Hondenuitlaatservice door buurtgenoten"
    assert hits[0].score > hits[1].score


def test_nothing_matches_nonsense_and_an_empty_query_lists_by_name(social_map):
    assert service_search("xylofoonreparatie") == []
    assert names(service_search("", SearchFilters(kinds=("provider", "business")))) == [
        "Boodschappendienst",
        "Thuisbegeleiding",
    ]


def test_filters_area_kind_cost_target_group_and_distance(social_map, world):
    south = Area.objects.get(name="Zuid")
    in_south = names(service_search("", SearchFilters(area=south)))
    assert "Vrijwillige bezorgers voedselbank" not in in_south  # works in Noord only
    assert "Hondenuitlaatservice door buurtgenoten" in in_south  # the whole gemeente
    north_neighbourhood = world.north_household.area
    assert "Samen eten in De Wieken" in names(service_search("", SearchFilters(area=north_neighbourhood)))
    assert names(service_search("", SearchFilters(costs=("small",)))) == ["Samen eten in De Wieken"]
    assert names(service_search("", SearchFilters(target_group="ouderen"))) == ["Samen eten in De Wieken"]
    near = service_search("", SearchFilters(postcode="8011AB", distance_km=2))
    assert names(near) == ["Vrijwillige bezorgers voedselbank"]
    assert near[0].distance_km == 0.0
    both = service_search("", SearchFilters(postcode="8011", distance_km=10))
    assert {hit.service.name: round(hit.distance_km, 1) for hit in both} == {
        "Vrijwillige bezorgers voedselbank": 0.0,
        "Taalcafé Oost": 5.0,
    }
    assert service_search("", SearchFilters(postcode="9999", distance_km=10)) == []


def test_the_index_follows_an_edit(social_map, world):
    dogs = social_map.dogs
    assert service_search_ids("schaken") == []
    assert service_search_ids("lukt") == [dogs.pk]
    actions.service_save(
        actor=world.functional_admin, service=dogs, organization=social_map.organization,
        name=dogs.name, description="Buurtgenoten leren elkaar schaken in het buurthuis.",
        kind=dogs.kind, cost=dogs.cost, target_groups=[], areas=[], tags=[],
    )  # fmt: skip
    assert service_search_ids("schaken") == [dogs.pk]
    assert service_search_ids("lukt") == []  # the old description is gone from the index
    Service.objects.filter(pk=dogs.pk).delete()
    assert service_search_ids("schaken") == []


def test_filters_combine_with_words(social_map, world):
    """Kinds with an underscore (citizen_initiative) and areas are index tokens too."""
    hits = service_search("helpen", SearchFilters(kinds=("citizen_initiative",)))
    assert names(hits) == ["Hondenuitlaatservice door buurtgenoten"]
    south = Area.objects.get(name="Zuid")
    assert "Vrijwillige bezorgers voedselbank" not in names(
        service_search("helpen", SearchFilters(area=south))
    )
    north = world.north_household.area
    assert names(service_search("meerijden", SearchFilters(area=north))) == [
        "Vrijwillige bezorgers voedselbank"
    ]
    assert names(service_search("eten", SearchFilters(target_group="ouderen", costs=("small",)))) == [
        "Samen eten in De Wieken"
    ]


def test_distance_is_a_circle_not_the_square_the_index_searches(social_map):
    from eenplan.socialmap.models import Postcode
    from eenplan.socialmap.search import distance_km

    # 3.3 km north and 3.0 km east of the couriers, 3.3 km north and 2.0 km west of the language café:
    # both inside a 3.5 km square, both outside the 3.5 km circle.
    Postcode.objects.create(code="8099", latitude=52.5125 + 0.03, longitude=6.0940 + 0.045)
    assert round(distance_km(52.5425, 6.1390, 52.5125, 6.0940), 1) == 4.5
    assert names(service_search("", SearchFilters(postcode="8099", distance_km=3.5))) == []
    # The language café (3.9 km) and the couriers (4.5 km) are both inside 5 km.
    hits = service_search("", SearchFilters(postcode="8099", distance_km=5))
    assert {hit.service.name: round(hit.distance_km, 1) for hit in hits} == {
        "Taalcafé Oost": 3.9,
        "Vrijwillige bezorgers voedselbank": 4.5,
    }


def counts() -> dict[str, int]:
    return dict(SearchTerm.objects.values_list("term", "services"))


def test_the_term_counts_follow_every_edit_as_a_full_recount_would(social_map, world):
    dogs = social_map.dogs
    assert counts()[""] == 6  # the indexed services
    assert counts()["luk"] == 1 and "schaak" not in counts()
    actions.service_save(
        actor=world.functional_admin, service=dogs, organization=social_map.organization,
        name=dogs.name, description="Buurtgenoten leren elkaar schaken in het buurthuis.",
        kind=dogs.kind, cost=dogs.cost, target_groups=[], areas=[], tags=[],
    )  # fmt: skip
    assert counts()["schaak"] == 1 and "luk" not in counts()
    incremental = counts()
    assert search.index_services() == 0  # every document was already right
    assert counts() == incremental


def test_counts_that_are_too_high_or_missing_hide_no_service(social_map):
    """A deleted service stays counted until a full index_services(); a database without counts looks
    prefixes up as prefixes. Either way every service that has a word of the question is found."""
    Service.objects.filter(pk=social_map.groceries.pk).delete()
    assert counts()["boodschap"] == 1  # still counted
    assert names(service_search("boodschappen")) == []
    assert names(service_search("hond"))[0] == "Hondenuitlaatservice door buurtgenoten"
    SearchTerm.objects.all().delete()
    assert names(service_search("hond"))[0] == "Hondenuitlaatservice door buurtgenoten"
    assert set(names(service_search("ze is eenzaam"))) == {"Samen eten in De Wieken", "Taalcafé Oost"}
    assert names(service_search("meerijden", SearchFilters(area=Area.objects.get(name="Noord")))) == [
        "Vrijwillige bezorgers voedselbank"
    ]
    search.index_services()
    assert "boodschap" not in counts() and counts()[""] == 5


def test_a_prefix_with_many_terms_is_matched_as_a_prefix(social_map, monkeypatch):
    monkeypatch.setattr(search, "EXPANSIONS_MAX", 0)
    assert names(service_search("hond"))[0] == "Hondenuitlaatservice door buurtgenoten"
    assert names(service_search("meerijden", SearchFilters(area=Area.objects.get(name="Noord")))) == [
        "Vrijwillige bezorgers voedselbank"
    ]


@pytest.mark.parametrize("broad_facet", [0.0, 2.0], ids=["filters-on-candidates", "filters-in-index"])
def test_filters_give_the_same_services_in_the_index_and_on_the_candidates(
    social_map, world, monkeypatch, broad_facet
):
    other = MunicipalityFactory(code="GM0363", name="Amsterdam", population=931_298)
    Service.objects.filter(pk=social_map.language.pk).update(municipality=other)
    Service.objects.filter(pk=social_map.groceries.pk).update(municipality=None)  # every gemeente
    search.index_services([social_map.language.pk, social_map.groceries.pk])
    monkeypatch.setattr(search, "BROAD_FACET", broad_facet)
    zwolle = world.north_household.area.municipality
    north = Area.objects.get(name="Noord")

    everywhere = set(names(service_search("helpen praten boodschappen")))
    assert {"Taalcafé Oost", "Boodschappendienst", "Hondenuitlaatservice door buurtgenoten"} <= everywhere
    in_zwolle = set(names(service_search("helpen praten boodschappen", SearchFilters(zwolle.pk))))
    assert in_zwolle == everywhere - {"Taalcafé Oost"}
    assert names(service_search("praten", SearchFilters(other.pk))) == ["Taalcafé Oost"]
    assert names(service_search("helpen", SearchFilters(zwolle.pk, area=north, kinds=("volunteer",)))) == [
        "Vrijwillige bezorgers voedselbank"
    ]


def test_equally_good_services_come_shortest_text_first(social_map, world):
    organization = social_map.organization
    long = add_service(
        world.functional_admin, organization, "Schaakclub Het Paard",
        "Wij schaken op dinsdag in het buurthuis, met koffie, thee en een goed gesprek na afloop.",
    )  # fmt: skip
    short = add_service(
        world.functional_admin, organization, "Schaakclub De Toren", "Wij schaken op dinsdag."
    )
    hits = service_search("schaken")
    assert [hit.service.pk for hit in hits] == [short.pk, long.pk]
    assert hits[0].score == hits[1].score
