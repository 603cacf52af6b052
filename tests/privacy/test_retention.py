"""Retention: records go on the exact day their longest term runs out, with what hangs below them; a
household without a file goes too; a dry run only reports; every destruction is recorded and logged."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.core.models import ProcessingLogEntry
from eenplan.core.queries import processing_log_verify
from eenplan.households.models import Household, Person
from eenplan.intake import actions as intake_actions
from eenplan.intake.models import Inquiry, SupportRequest, Term
from eenplan.plans.models import Plan
from eenplan.privacy.actions import retention_destroy
from eenplan.privacy.models import DestructionRecord, RetentionRule
from eenplan.privacy.tasks import destroy_past_retention
from eenplan.provisions.models import Application

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2004, 3, 1)


def melding(actor, household, person, *, laws, closed_on=None) -> SupportRequest:
    request = intake_actions.support_request_register(
        actor=actor,
        household=household,
        person=person,
        received_on=datetime.date(2004, 1, 5),
        channel="phone",
        reporter="resident",
        reporter_name="",
        question="Hulp gevraagd.",
        laws=laws,
        urgency="normal",
    )
    if closed_on:
        SupportRequest.objects.filter(pk=request.pk).update(status="closed", closed_on=closed_on)
    return request


@pytest.fixture
def youth_file(world):
    """The south household's only file: a Jeugdwet melding of Charlie with an inquiry, closed on 1 March
    2004."""
    charlie = world.south_household.members.get()
    request = melding(
        world.other_consultant, world.south_household, charlie, laws=["jeugdwet"], closed_on=CLOSED
    )
    intake_actions.inquiry_start(actor=world.other_consultant, support_request=request)
    return request


def delete_entries():
    return list(ProcessingLogEntry.objects.filter(action="delete").order_by("sequence"))


def test_the_shipped_rules_are_loaded():
    rule = RetentionRule.objects.get(code="jeugdwet-meldingen")
    assert (rule.record_type, rule.date_field, rule.laws, rule.years) == (
        "intake.SupportRequest",
        "closed_on",
        ["jeugdwet"],
        20,
    )
    assert rule.source.startswith("Jeugdwet art. 7.3.8")
    assert RetentionRule.objects.get(code="meldingen").years == 15
    assert "Selectielijst" in RetentionRule.objects.get(code="meldingen").source


def test_a_jeugdwet_file_is_kept_for_20_years_to_the_day(world, youth_file):
    run = retention_destroy(today=datetime.date(2024, 2, 29))  # 19 years and 364 days
    assert run.count == 0
    assert SupportRequest.objects.filter(pk=youth_file.pk).exists()
    assert delete_entries() == []

    run = retention_destroy(today=datetime.date(2024, 3, 1))  # 20 years
    assert not SupportRequest.objects.filter(pk=youth_file.pk).exists()
    assert not Term.objects.filter(support_request_id=youth_file.pk).exists()
    assert run.count == 2
    assert not run.dry_run
    assert run.finished_at is not None


def test_the_longest_matching_term_counts(world):
    household = world.north_household
    alice = household.members.get(user=world.resident)
    both = melding(world.consultant, household, alice, laws=["wmo", "jeugdwet"], closed_on=CLOSED)
    wmo = melding(world.consultant, household, alice, laws=["wmo"], closed_on=CLOSED)
    still_open = melding(world.consultant, household, alice, laws=["wmo"])

    retention_destroy(today=datetime.date(2019, 2, 28))
    assert SupportRequest.objects.filter(pk__in=[both.pk, wmo.pk, still_open.pk]).count() == 3

    run = retention_destroy(today=datetime.date(2019, 3, 1))  # 15 years: only the Wmo file
    assert list(SupportRequest.objects.order_by("pk").values_list("pk", flat=True)) == [
        both.pk,
        still_open.pk,
    ]
    assert list(run.records.values_list("rule", "object_id")) == [("meldingen", str(wmo.pk))]

    retention_destroy(today=datetime.date(2024, 2, 29))
    assert SupportRequest.objects.filter(pk=both.pk).exists()
    run = retention_destroy(today=datetime.date(2024, 3, 1))
    assert list(SupportRequest.objects.values_list("pk", flat=True)) == [still_open.pk]
    assert list(run.records.values_list("rule", "object_id")) == [("jeugdwet-meldingen", str(both.pk))]
    # A file is still open: the household and its people stay.
    assert Household.objects.filter(pk=household.pk).exists()
    assert Person.objects.filter(pk=alice.pk).exists()


def test_a_dry_run_destroys_nothing_but_reports(world, youth_file):
    charlie = world.south_household.members.get()
    terms = youth_file.terms.count()
    run = retention_destroy(today=datetime.date(2024, 3, 1), dry_run=True)
    assert run.dry_run
    assert run.count == 2
    assert SupportRequest.objects.filter(pk=youth_file.pk).exists()
    assert Term.objects.filter(support_request_id=youth_file.pk).count() == terms
    assert Inquiry.objects.filter(support_request_id=youth_file.pk).exists()
    assert Household.objects.filter(pk=world.south_household.pk).exists()
    assert Person.objects.filter(pk=charlie.pk).exists()
    assert [r.description for r in run.records.order_by("pk")] == [
        f"Melding {youth_file.pk} (Jeugdwet), afgesloten op 2004-03-01, met 1 onderliggend gegeven",
        f"Huishouden {world.south_household.pk}: geen dossier meer over; vernietigd met 1 persoon, "
        "0 netwerkleden en 3 gegevens in totaal",
    ]
    assert delete_entries() == []


def test_what_was_destroyed_is_recorded_and_logged(world, youth_file):
    household_id = world.south_household.pk
    charlie = world.south_household.members.get()
    run = retention_destroy(today=datetime.date(2024, 3, 1))
    records = list(DestructionRecord.objects.filter(run=run).order_by("pk"))
    assert [(r.rule, r.record_type, r.object_id, r.household_id) for r in records] == [
        ("jeugdwet-meldingen", "intake.SupportRequest", str(youth_file.pk), household_id),
        ("", "households.Household", str(household_id), household_id),
    ]
    assert records[0].description == (
        f"Melding {youth_file.pk} (Jeugdwet), afgesloten op 2004-03-01, met 1 onderliggend gegeven"
    )
    entries = delete_entries()
    assert [(e.object_type, e.object_id, e.household_id, e.person_id) for e in entries] == [
        ("support_request", str(youth_file.pk), household_id, charlie.pk),
        ("household", str(household_id), household_id, None),
    ]
    for entry in entries:
        assert (entry.purpose, entry.legal_basis, entry.channel) == ("retention", "legal-obligation", "job")
        assert (entry.actor_id, entry.actor_role) == (None, "system")
        assert len(entry.categories) == 7
    assert all("Charlie" not in r.description and "Visser" not in r.description for r in records)
    assert processing_log_verify().ok


def test_the_household_goes_when_no_file_is_left(world, youth_file):
    charlie = world.south_household.members.get()
    retention_destroy(today=datetime.date(2024, 3, 1))
    assert not Household.objects.filter(pk=world.south_household.pk).exists()
    assert not Person.objects.filter(pk=charlie.pk).exists()
    # The other household, with no file past its term, is untouched.
    assert Household.objects.filter(pk=world.north_household.pk).exists()
    assert world.north_household.members.count() == 2


def test_a_plan_waits_for_its_application_then_everything_goes(world, plan_world):
    plan, application = plan_world.plan, plan_world.application
    SupportRequest.objects.filter(pk=plan_world.support_request.pk).update(
        status="closed", closed_on=datetime.date(2000, 1, 3)
    )
    Plan.objects.filter(pk=plan.pk).update(status="closed", closed_on=datetime.date(2000, 1, 3))

    retention_destroy(today=datetime.date(2021, 1, 1))
    assert not SupportRequest.objects.filter(pk=plan_world.support_request.pk).exists()
    plan.refresh_from_db()  # its application runs until next year: the plan waits
    assert plan.support_request is None
    assert Application.objects.filter(pk=application.pk).exists()

    later = application.ends_on.replace(year=application.ends_on.year + 15) + datetime.timedelta(days=1)
    run = retention_destroy(today=later)
    assert sorted(run.records.values_list("record_type", flat=True)) == [
        "households.Household",
        "plans.Plan",
        "provisions.Application",
    ]
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not Household.objects.filter(pk=world.north_household.pk).exists()
    assert Household.objects.filter(pk=world.south_household.pk).exists()
    assert processing_log_verify().ok


def test_the_command_prints_a_dutch_summary(world, youth_file):
    out = StringIO()
    call_command("retention_destroy", "--dry-run", "--today", "2024-03-01", stdout=out)
    assert "Proefdraaien op peildatum 2024-03-01: 2 gegeven(s) zou(den) worden vernietigd." in out.getvalue()
    assert SupportRequest.objects.filter(pk=youth_file.pk).exists()
    out = StringIO()
    call_command("retention_destroy", "--today", "2024-03-01", stdout=out)
    assert "Peildatum 2024-03-01: 2 gegeven(s) vernietigd en vastgelegd." in out.getvalue()
    assert not SupportRequest.objects.filter(pk=youth_file.pk).exists()


def test_the_task_destroys_what_is_past_its_term_today(world, youth_file):
    assert timezone.localdate() >= datetime.date(2024, 3, 1)
    assert destroy_past_retention.call() == 2
    assert not SupportRequest.objects.filter(pk=youth_file.pk).exists()


def test_the_retention_page_is_for_the_functional_admin_and_the_privacy_officer(client, world, youth_file):
    retention_destroy(today=datetime.date(2024, 3, 1))
    privacy_officer = UserFactory(username="ivan", role=Role.PRIVACY_OFFICER)
    for user in (world.functional_admin, privacy_officer):
        client.force_login(user)
        page = client.get("/privacy/bewaartermijnen/")
        assert page.status_code == 200
        assert "Jeugdwet art. 7.3.8" in page.text
        assert f"Melding {youth_file.pk} (Jeugdwet), afgesloten op 2004-03-01" in page.text
    for user in world.all_users():
        if user != world.functional_admin:
            client.force_login(user)
            assert client.get("/privacy/bewaartermijnen/").status_code == 404, user.username


def test_a_rule_must_name_an_existing_record_type_and_fields():
    from django.core.exceptions import ValidationError

    rule = RetentionRule(code="x", name="X", record_type="intake.Nothing", date_field="closed_on", years=5)
    with pytest.raises(ValidationError, match="record_type"):
        rule.full_clean()
    rule.record_type, rule.date_field = "intake.SupportRequest", "closed_at"
    with pytest.raises(ValidationError, match="date_field"):
        rule.full_clean()
    rule.date_field, rule.laws_field = "closed_on", "product__law"
    with pytest.raises(ValidationError, match="laws_field"):
        rule.full_clean()
    rule.laws_field = "laws"
    rule.full_clean()
