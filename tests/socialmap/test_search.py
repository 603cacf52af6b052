"""The social-map search: Dutch-aware matching, ranking by the resident's words, filters, and the index
staying right after an edit. Runs on SQLite and PostgreSQL alike (CI runs both)."""

from eenplan.core.models import Area
from eenplan.socialmap import actions
from eenplan.socialmap.models import Service
from eenplan.socialmap.search import SearchFilters, service_search, service_search_ids


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
