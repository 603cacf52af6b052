"""Issue 6, point 7: every role against every page and API endpoint, for a household inside and one
outside their reach (tests/access/matrix.py says how), with 0 leaks."""

import pytest

from . import matrix
from .conftest import INSIDE, OUTSIDE, SHARED_CATEGORIES, logged_in_client, word
from .leaky_urls import LEAKY_ROUTE
from .matrix import Leak, find_leaks


def readable(leaks: list[Leak]) -> str:
    return f"{len(leaks)} leak(s):\n" + "\n".join(f"  {leak}" for leak in leaks)


@pytest.fixture
def two_factor_required(settings):
    """The matrix runs as in production: staff must have completed two-factor authentication."""
    settings.EENPLAN_REQUIRE_2FA = True


def test_permission_matrix_finds_no_leaks(matrix_world, two_factor_required):
    assert matrix_world.sharing, "eenplan.sharing.actions is required for the partner personas"
    stats = {}
    leaks = find_leaks(matrix_world, stats=stats)
    assert leaks == [], readable(leaks)
    # The matrix really ran: every persona, inside and outside reach, over every route and method.
    assert stats["checks"] > 3000
    assert stats["within_reach"] > 300
    assert stats["outside_reach"] > 1500


@pytest.mark.urls("tests.access.leaky_urls")
def test_a_new_endpoint_without_an_access_check_is_caught(matrix_world):
    leaks = find_leaks(
        matrix_world,
        urlconf="tests.access.leaky_urls",
        only_routes=lambda route: route == LEAKY_ROUTE or route.startswith("huishoudens/"),
    )
    assert leaks, "the matrix missed a page without an access check"
    assert {leak.route for leak in leaks} == {LEAKY_ROUTE}  # the household pages next to it are fine
    found = {(leak.kind, leak.persona, leak.household) for leak in leaks}
    # Everyone without reach gets the names with a 200 instead of a 404 …
    assert ("not-refused", "consultant_south", INSIDE) in found
    assert ("not-refused", "policy_advisor", OUTSIDE) in found
    assert ("shows", "partner_without_arrangement", INSIDE) in found
    # … and those within reach get them without a processing-log row.
    assert ("unlogged", "consultant_north", INSIDE) in found
    assert ("unlogged", "resident", INSIDE) in found


def test_a_url_kwarg_the_matrix_does_not_know_fails_it(matrix_world, monkeypatch):
    """A new kind of id in a URL cannot slip past: the matrix names the route and the kwarg."""
    monkeypatch.delitem(matrix.KWARGS, "term_id")
    leaks = find_leaks(matrix_world, only_routes=lambda route: "term_id" in route, only_personas=set())
    assert {(leak.kind, leak.route) for leak in leaks} == {
        ("uncovered", "meldingen/termijn/<int:term_id>/opschorten/"),
        ("uncovered", "meldingen/termijn/<int:term_id>/hervatten/"),
        ("uncovered", "meldingen/termijn/<int:term_id>/verlengen/"),
        ("uncovered", "api/v1/terms/<int:term_id>/change/"),
    }
    assert all("'term_id'" in leak.detail for leak in leaks)


def test_every_openapi_operation_is_in_the_matrix(db):
    route_list, uncovered = matrix.routes()
    assert uncovered == []
    assert matrix.schema_coverage(route_list) == []
    tried = {(matrix._schema_path(r.route), method) for r in route_list for method in r.methods}
    assert ("/api/v1/plans/{plan_id}/goals/{goal_id}/", "DELETE") in tried
    assert len(matrix.openapi_operations()) >= 40


def test_the_partner_with_an_arrangement_sees_exactly_its_categories(matrix_world):
    """/delen/gedeeld/<id>/: INSIDE's health and plan, nothing of the other categories; OUTSIDE: 404."""
    fiona = matrix_world.personas["partner_with_arrangement"]
    client = logged_in_client(fiona)
    inside, outside = matrix_world.households[INSIDE], matrix_world.households[OUTSIDE]
    for url in (
        f"/delen/gedeeld/{inside.household.pk}/",
        f"/api/v1/shared/households/{inside.household.pk}/",
    ):
        body = client.get(url).content.decode()
        shown = {m.category for m in inside.markers if m.text in body}
        assert shown >= set(SHARED_CATEGORIES), url
        for marker in inside.markers:
            if marker.category not in SHARED_CATEGORIES:
                assert marker.text not in body, (url, marker)
        assert word(INSIDE, "health") in body and word(INSIDE, "goal") in body
    for url in (
        f"/delen/gedeeld/{outside.household.pk}/",
        f"/api/v1/shared/households/{outside.household.pk}/",
    ):
        assert client.get(url).status_code == 404
    # Every other page that takes INSIDE's household id answers 404 to her.
    assert client.get(f"/huishoudens/{inside.household.pk}/").status_code == 404
    assert client.get(f"/plannen/{inside.plan.pk}/").status_code == 404
