"""The melding's stored nearest end of a running term (``next_due``), which orders the caseload: every
action that changes a term or closes the melding keeps it, the data migration fills it, and the caseload
comes out in the order it had when it computed the nearest end from the terms on every view."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db.models import F, Min, OuterRef, Subquery
from django.utils import timezone

from eenplan.intake import actions, queries
from eenplan.intake.models import SupportRequest, Term

from .test_support_requests import register

pytestmark = pytest.mark.django_db


def stored(support_request) -> date | None:
    return SupportRequest.objects.values_list("next_due", flat=True).get(pk=support_request.pk)


def computed(support_request) -> date | None:
    """The nearest end of a running term, from the terms themselves."""
    running = Term.objects.filter(support_request=support_request, status=Term.Status.RUNNING)
    return running.aggregate(nearest=Min("due_on"))["nearest"]


def test_every_action_that_changes_a_term_keeps_next_due(world):
    support_request = register(world, received_on=date(2026, 1, 6))
    personal_plan = support_request.terms.get(rule="personal_plan")
    inquiry_term = support_request.terms.get(rule="inquiry")
    assert (personal_plan.due_on, inquiry_term.due_on) == (date(2026, 1, 13), date(2026, 2, 17))
    assert support_request.next_due == stored(support_request) == date(2026, 1, 13)

    # Suspended, the personal plan's term no longer counts: the inquiry's is the nearest.
    actions.term_suspend(
        actor=world.consultant, term=personal_plan, starts_on=date(2026, 1, 8), reason="Ziek"
    )
    assert stored(support_request) == date(2026, 2, 17)
    # Resumed after four days: it runs again, four days later (Saturday 17 → Monday 19 January).
    personal_plan.refresh_from_db()
    actions.term_resume(actor=world.consultant, term=personal_plan, ends_on=date(2026, 1, 12))
    assert stored(support_request) == date(2026, 1, 19)
    # Extending the further term changes nothing; extending the nearest moves it.
    actions.term_extend(actor=world.consultant, term=inquiry_term, days=14, reason="Advies nodig")
    assert stored(support_request) == date(2026, 1, 19)
    personal_plan.refresh_from_db()
    actions.term_extend(actor=world.consultant, term=personal_plan, days=7, reason="Meer tijd")
    assert stored(support_request) == date(2026, 1, 26)
    # The resident hands in their plan in time: that term is met; the (extended) inquiry's is left.
    actions.personal_plan_record(
        actor=world.consultant,
        support_request=support_request,
        text="Mijn plan",
        received_on=date(2026, 1, 20),
    )
    assert stored(support_request) == date(2026, 3, 3)
    # The report is issued: the inquiry's term is met too; no term runs.
    inquiry = actions.inquiry_start(actor=world.consultant, support_request=support_request)
    report = actions.report_draft(actor=world.consultant, inquiry=inquiry)
    actions.report_issue(actor=world.consultant, report=report, issued_on=date(2026, 2, 10))
    assert stored(support_request) is None
    assert computed(support_request) is None


def test_closing_a_melding_ends_its_terms_and_its_next_due(world):
    support_request = register(world, received_on=date(2026, 1, 6))
    other = register(world, received_on=date(2026, 1, 7))
    actions.support_request_close(
        actor=world.consultant, support_request=support_request, reason="Beantwoord"
    )
    assert support_request.next_due is None and stored(support_request) is None
    assert stored(other) == date(2026, 1, 14)  # the other melding is left alone


def test_a_melding_without_a_term_has_no_next_due(world):
    support_request = register(world, laws=("jeugdwet",))
    assert stored(support_request) is None


def test_the_data_migration_fills_next_due_for_existing_meldingen(world):
    running = register(world, received_on=date(2026, 1, 6))
    suspended = register(world, received_on=date(2026, 2, 2))
    actions.term_suspend(
        actor=world.consultant, term=suspended.terms.get(rule="personal_plan"), starts_on=date(2026, 2, 3),
        reason="Ziek",
    )  # fmt: skip
    closed = register(world, received_on=date(2026, 1, 6))
    actions.support_request_close(actor=world.consultant, support_request=closed, reason="Beantwoord")
    SupportRequest.objects.update(next_due=None)  # as before the migration
    migration = importlib.import_module("eenplan.intake.migrations.0003_next_due")
    migration.fill_next_due(apps, None)
    assert [stored(item) for item in (running, suspended, closed)] == [
        date(2026, 1, 13),
        date(2026, 3, 16),
        None,
    ]


def old_caseload_order(user, status: str) -> list[int]:
    """How the caseload ordered before next_due was stored: the nearest running term as a subquery."""
    running = Term.objects.filter(support_request=OuterRef("pk"), status=Term.Status.RUNNING)
    items = queries.support_requests_visible_to(user).annotate(
        nearest=Subquery(running.order_by("due_on").values("due_on")[:1])
    )
    if status != "all":
        items = items.filter(status=status)
    items = items.order_by("-urgency", F("nearest").asc(nulls_last=True), "received_on", "pk")
    return list(items.values_list("pk", flat=True))


@pytest.mark.parametrize("status", ["open", "all", "closed"])
def test_the_caseload_order_is_the_order_computed_from_the_terms(world, monkeypatch, status):
    today = timezone.localdate()
    made = []
    for days_ago, urgency, laws in [
        (1, "normal", ("wmo",)), (30, "normal", ("wmo",)), (3, "urgent", ("wmo",)),
        (40, "normal", ("jeugdwet",)), (10, "normal", ("wmo",)), (10, "normal", ("wmo",)),
        (20, "urgent", ("wmo",)), (5, "normal", ("wgs",)), (50, "normal", ("wmo",)),
        (2, "normal", ("wmo", "jeugdwet")),
    ]:  # fmt: skip
        made.append(register(world, received_on=today - timedelta(days=days_ago), urgency=urgency, laws=laws))
    # Histories that move the nearest end away from the order of arrival.
    actions.personal_plan_record(
        actor=world.consultant, support_request=made[1], text="Plan", received_on=today - timedelta(days=25)
    )
    actions.term_suspend(
        actor=world.consultant, term=made[4].terms.get(rule="personal_plan"), starts_on=today, reason="Ziek"
    )
    actions.term_extend(
        actor=world.consultant, term=made[9].terms.get(rule="personal_plan"), days=30, reason="Meer tijd"
    )
    actions.support_request_close(actor=world.consultant, support_request=made[8], reason="Beantwoord")
    actions.support_request_close(actor=world.consultant, support_request=made[3], reason="Beantwoord")
    monkeypatch.setattr(queries, "CASELOAD_PAGE_SIZE", 3)  # the order holds across pages
    shown = []
    for number in range(1, 5):
        page = queries.access_caseload_for(
            world.consultant, channel="screen", page_number=number, status=status
        )
        shown += [item.pk for item in page.object_list]
        if not page.has_next():
            break
    expected = old_caseload_order(world.consultant, status)
    assert shown == expected
    assert len(expected) == {"open": 8, "all": 10, "closed": 2}[status]
    # The nearest end matters here: by urgency and arrival alone the order would be another.
    by_arrival = SupportRequest.objects.filter(pk__in=expected).order_by("-urgency", "received_on", "pk")
    assert (expected != list(by_arrival.values_list("pk", flat=True))) is (status != "closed")
