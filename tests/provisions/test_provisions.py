"""Tailored provisions through the screens: application from the plan, advice by the team, decision
by the gemeente (never on one's own advice), legal terms, allocation and the WMO301 message."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from eenplan.accounts.models import Role
from eenplan.core.models import ProcessingLogEntry
from eenplan.intake import deadlines
from eenplan.plans.models import Agreement, Plan
from eenplan.provisions import actions, istandaarden
from eenplan.provisions.models import Allocation, Application, Decision, Product


def test_an_application_from_the_plan_starts_the_wmo_decision_term(client, inquired_request, world):
    from eenplan.plans import actions as plan_actions

    plan = plan_actions.plan_create(actor=world.consultant, support_request=inquired_request)
    today = timezone.localdate()
    client.force_login(world.consultant)
    product = Product.objects.get(code="wmo-hh")
    response = client.post(
        reverse("provisions:application_new", args=[plan.pk]),
        {
            "version": plan.version, "product": product.pk, "person": inquired_request.person_id,
            "volume": 3, "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=180)).isoformat(),
            "motivation": "Schoonmaken lukt niet na de operatie.",
        },
    )  # fmt: skip
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "provisions:application", args=[application.pk]
    )
    assert application.agreement.kind == Agreement.Kind.PROVISION
    assert application.agreement.description == "Hulp bij het huishouden: 3 × uur per week"
    term = application.terms.get()
    assert (term.rule, term.due_on) == (
        "wmo_decision",
        deadlines.deadline(deadlines.rules()["wmo_decision"], today),
    )
    assert Plan.objects.get(pk=plan.pk).version == plan.version + 1


def test_a_wmo_application_waits_for_the_inquiry_report_unless_urgent(client, world):
    from eenplan.intake import actions as intake_actions
    from eenplan.plans import actions as plan_actions

    household = world.north_household
    alice = household.members.get(user=world.resident)
    today = timezone.localdate()
    support_request = intake_actions.support_request_register(
        actor=world.consultant, household=household, person=alice, received_on=today, channel="phone",
        reporter="resident", reporter_name="", question="Vraag", laws=["wmo"], urgency="normal",
    )  # fmt: skip
    plan = plan_actions.plan_create(actor=world.consultant, support_request=support_request)
    client.force_login(world.consultant)
    data = {
        "version": plan.version, "product": Product.objects.get(code="wmo-hh").pk, "person": alice.pk,
        "volume": 2, "starts_on": today.isoformat(), "ends_on": today.isoformat(), "motivation": "Nodig",
    }  # fmt: skip
    response = client.post(reverse("provisions:application_new", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "Een Wmo-aanvraag volgt op het verslag van het onderzoek." in response.content.decode()
    assert not Application.objects.exists() and not Agreement.objects.exists()
    response = client.post(reverse("provisions:application_new", args=[plan.pk]), {**data, "urgent": "on"})
    assert response.status_code == 302 and Application.objects.get().urgent


def test_a_decision_maker_decides_on_the_advice_and_the_objection_term_starts(client, plan_world, world):
    application = plan_world.application
    today = timezone.localdate()
    client.force_login(world.decision_maker)
    worklist = client.get(reverse("provisions:worklist")).content.decode()
    assert (application.reference in worklist and "nog 14 dagen" in worklist) or "nog " in worklist
    page = client.get(reverse("provisions:application", args=[application.pk])).content.decode()
    assert "Past bij het doel; netwerk kan dit niet." in page  # the advice
    assert "Zelf thuis blijven wonen." in page  # the situation, in the resident's words
    response = client.post(
        reverse("provisions:decision", args=[application.pk]),
        {"outcome": "grant", "volume": 3, "starts_on": application.starts_on.isoformat(),
         "ends_on": application.ends_on.isoformat(), "reasons": "Toegekend zoals geadviseerd."},
    )  # fmt: skip
    assert response.status_code == 302
    decision = Decision.objects.get()
    objection = deadlines.rules()["objection"]
    assert (decision.outcome, decision.decided_by, decision.objection_ends_on) == (
        "grant", world.decision_maker, deadlines.deadline(objection, today),
    )  # fmt: skip
    assert {t.rule: t.status for t in application.terms.all()} == {
        "wmo_decision": "met",
        "objection": "running",
    }
    entry = ProcessingLogEntry.objects.order_by("sequence").last()
    assert (entry.actor_role, entry.purpose, entry.description) == (
        "decision_maker",
        "decision",
        "Besluit: toekennen",
    )


def test_nobody_decides_on_their_own_advice(client, plan_world, world):
    application = plan_world.application
    client.force_login(world.consultant)
    data = {"outcome": "grant", "volume": 3, "starts_on": application.starts_on.isoformat(),
            "ends_on": application.ends_on.isoformat(), "reasons": "Ik besluit zelf."}  # fmt: skip
    response = client.post(reverse("provisions:decision", args=[application.pk]), data)
    assert response.status_code == 200 and not Decision.objects.exists()
    # Bob advised as a consultant; even with the decision maker's role he may not decide on it.
    world.consultant.role, world.consultant.team = Role.DECISION_MAKER, None
    world.consultant.save()
    response = client.post(reverse("provisions:decision", args=[application.pk]), data)
    assert response.status_code == 200
    assert "U gaf zelf het advies over deze aanvraag. Een ander moet besluiten." in response.content.decode()
    assert not Decision.objects.exists()
    assert Application.objects.get(pk=application.pk).status == Application.Status.ADVISED
    with pytest.raises(actions.ProvisionError):
        actions.decision_make(actor=world.consultant, application=application, outcome="refuse", volume=0,
                              reasons="x")  # fmt: skip


def test_an_allocation_is_exported_as_a_wmo301_that_validates(client, plan_world, world, settings, xsd_dir):
    settings.EENPLAN_ISTANDAARDEN_DIR = xsd_dir
    application = plan_world.application
    decision = actions.decision_make(actor=world.decision_maker, application=application, outcome="grant",
                                     volume=3, reasons="Toegekend.")  # fmt: skip
    client.force_login(world.decision_maker)
    response = client.post(
        reverse("provisions:allocate", args=[application.pk]),
        {"provider": plan_world.provider.pk, "volume": 3, "starts_on": decision.starts_on.isoformat(),
         "ends_on": decision.ends_on.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    allocation = Allocation.objects.get()
    response = client.get(reverse("provisions:allocation_message", args=[allocation.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert (
        istandaarden.validate(response.content, message="WMO301", xsd_dir=settings.EENPLAN_ISTANDAARDEN_DIR)
        == []
    )
    root = etree.fromstring(response.content)
    ns = {
        "w": "http://www.istandaarden.nl/iwmo/3_2/wmo301/schema",
        "b": "http://www.istandaarden.nl/iwmo/3_2/basisschema/schema",
    }
    assert root.findtext("w:Client/w:Bsn", namespaces=ns) == application.person.bsn
    assert root.findtext("w:Header/w:Afzender", namespaces=ns) == "0193"
    assert root.findtext("w:Header/w:Ontvanger", namespaces=ns) == "42420002"
    assert (
        root.findtext("w:Client/w:ToegewezenProducten/w:ToegewezenProduct/w:Product/b:Code", namespaces=ns)
        == "01A01"
    )
    entry = ProcessingLogEntry.objects.order_by("sequence").last()
    assert (entry.action, entry.channel, entry.object_type) == ("disclose", "export", "allocation")


def test_an_allocation_stays_within_the_decision(client, plan_world, world):
    application = plan_world.application
    decision = actions.decision_make(actor=world.decision_maker, application=application, outcome="partly",
                                     volume=2, reasons="Deels.")  # fmt: skip
    client.force_login(world.decision_maker)
    response = client.post(
        reverse("provisions:allocate", args=[application.pk]),
        {"provider": plan_world.provider.pk, "volume": 3, "starts_on": decision.starts_on.isoformat(),
         "ends_on": decision.ends_on.isoformat()},
    )  # fmt: skip
    assert response.status_code == 200 and not Allocation.objects.exists()


def test_the_decision_maker_sees_only_open_applications_and_no_household(
    client, plan_world, world, log_count
):
    application = plan_world.application
    client.force_login(world.decision_maker)
    assert client.get(reverse("households:detail", args=[application.household_id])).status_code == 404
    assert client.get(reverse("plans:detail", args=[application.plan_id])).status_code == 404
    long_ago = timezone.localdate() - timedelta(days=60)
    actions.decision_make(
        actor=world.decision_maker, application=application, outcome="refuse", volume=0,
        reasons="Afgewezen.", decided_on=long_ago,
    )  # fmt: skip
    before = log_count()
    assert client.get(reverse("provisions:application", args=[application.pk])).status_code == 404
    assert log_count() == before
    for user in (world.other_consultant, world.partner_professional, world.policy_advisor, world.resident):
        client.force_login(user)
        assert client.get(reverse("provisions:application", args=[application.pk])).status_code == 404
