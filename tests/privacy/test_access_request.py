"""Inzage (AVG art. 15): the export holds every record about the person, nothing of another member's
own records, only for the resident themselves and the household's staff, and is logged once."""

import json

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.assessment.models import Instrument
from eenplan.core.models import ProcessingLogEntry
from eenplan.core.queries import processing_log_verify
from eenplan.core.seeding import seed_demo
from eenplan.households.models import NetworkMember, Person
from eenplan.intake import actions as intake_actions
from eenplan.privacy.queries import access_person_records_for, person_records
from eenplan.provisions.models import Application
from eenplan.sharing.models import Arrangement

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CASE_APPS = {"households", "intake", "assessment", "plans", "provisions", "budget", "sharing", "privacy"}
ALL_CATEGORIES = [
    "conversation-notes",
    "finances-income",
    "health",
    "household-network",
    "identity-contact",
    "plan-agreements",
    "situation-assessment",
]


def links(model):
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def points_at_another_person(obj, person) -> bool:
    return any(
        f.related_model is Person and getattr(obj, f.attname) not in (None, person.pk)
        for f in links(type(obj))
    )


def expected_records(person) -> set[tuple[str, object]]:
    """Built without the collector: every record of the case apps with a link to the person, then every
    record with a link to one of those, and so on, leaving out records linked to another person."""
    found = {(Person._meta.label, person.pk)}
    case_models = [m for m in apps.get_models() if m._meta.app_label in CASE_APPS]
    while True:
        added = set()
        for model in case_models:
            for link in links(model):
                target = link.related_model._meta.label
                pks = [pk for label, pk in found if label == target]
                if not pks:
                    continue
                for obj in model.objects.filter(**{f"{link.name}__in": pks}):
                    key = (model._meta.label, obj.pk)
                    if (
                        key not in found
                        and not isinstance(obj, Person)
                        and not points_at_another_person(obj, person)
                    ):
                        added.add(key)
        if not added:
            return found
        found |= added


def exported(sections) -> set[tuple[str, object]]:
    return {(record.model, record.pk) for section in sections for record in section.records}


@pytest.fixture
def busy_household(world, plan_world):
    """Alice's household with an assessment in a conversation, a network member, a sharing arrangement,
    and a melding of her son Bram (his own record)."""
    from eenplan.core.models import LegalBasis, Purpose

    household = world.north_household
    alice = household.members.get(user=world.resident)
    bram = household.members.get(given_name="Bram")
    instrument = Instrument.objects.get(code="life-domains")
    domain = instrument.domains.first()
    intake_actions.conversation_record(
        actor=world.consultant,
        inquiry=plan_world.support_request.inquiry,
        instrument=instrument,
        domain_scores=[{"domain": domain, "situation": "Lukt niet alleen", "professional_score": 2}],
        held_on=timezone.localdate(),
        place="thuis",
        participants="Alice",
        what_matters="Weer zelf koken.",
    )
    NetworkMember.objects.create(household=household, name="Oom Kees", kind="family")
    Arrangement.objects.create(
        household=household,
        partner=world.partner_professional.partner,
        purpose=Purpose.objects.get(code="cooperation"),
        legal_basis=LegalBasis.objects.get(code="public-task"),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        granted_by=world.consultant,
        granted_at=timezone.now(),
    )
    bram_request = intake_actions.support_request_register(
        actor=world.consultant,
        household=household,
        person=bram,
        received_on=timezone.localdate(),
        channel="phone",
        reporter="resident",
        reporter_name="",
        question="Bram wil hulp op school.",
        laws=["jeugdwet"],
        urgency="normal",
    )
    return alice, bram, bram_request


def test_the_export_holds_every_record_that_refers_to_the_person(busy_household):
    alice, bram, bram_request = busy_household
    sections = person_records(alice)
    keys = exported(sections)
    expected = expected_records(alice)
    assert len(expected) > 15
    assert expected - keys == set()
    labels = {label for label, _pk in keys}
    assert {
        "assessment.Assessment",
        "assessment.DomainScore",
        "provisions.Application",
        "plans.Agreement",
    } <= labels
    assert {
        "households.Household",
        "households.NetworkMember",
        "sharing.Arrangement",
        "intake.Term",
    } <= labels
    # Bram's own melding (and its terms) are his, not Alice's.
    assert ("intake.SupportRequest", bram_request.pk) not in keys
    assert not {("intake.Term", term.pk) for term in bram_request.terms.all()} & keys
    assert ("households.Person", bram.pk) not in keys


def test_the_export_is_readable(busy_household):
    alice, _bram, _request = busy_household
    sections = {section.model: section for section in person_records(alice)}
    person = sections["households.Person"].records[0]
    fields = dict(person.fields)
    assert fields["voornaam"] == "Alice"
    assert fields["relatie"] == "hoofd van het huishouden"
    assert fields["geboortedatum"] == "17 mei 1960"
    assert fields["account"] == "alice"
    request = dict(sections["intake.SupportRequest"].records[0].fields)
    assert request["hoe binnengekomen"] == "telefoon"
    assert request["wetten"] == "wmo"
    assert request["consulent"] == str(alice.household.support_requests.first().assigned_to)
    log = sections["core.ProcessingLogEntry"]
    assert log.title == "Verwerkingenlog"
    assert all("entry_hash" not in dict(record.fields) for record in log.records)
    assert dict(log.records[0].fields)["doel"] == "Uitvoering van ondersteuning"


def test_the_export_of_a_demo_person_with_plan_and_application():
    with transaction.atomic():
        seed_demo(seed=7, municipality_code="GM0193", households=12)
        application = Application.objects.filter(decision__isnull=False).select_related("person").first()
        person = application.person
        keys = exported(person_records(person))
        expected = expected_records(person)
        assert expected - keys == set()
        assert ("provisions.Application", application.pk) in keys
        assert ("provisions.Decision", application.decision.pk) in keys
        assert ("plans.Plan", application.plan_id) in keys
        others = Person.objects.filter(household=person.household).exclude(pk=person.pk)
        assert not {("households.Person", other.pk) for other in others} & keys
        transaction.set_rollback(True)


def test_the_consultant_sees_the_page_and_one_export_is_logged(client, world, plan_world):
    alice = world.north_household.members.get(user=world.resident)
    before = ProcessingLogEntry.objects.count()
    client.force_login(world.consultant)
    response = client.get(f"/privacy/personen/{alice.pk}/inzage/")
    assert response.status_code == 200
    assert "Alle gegevens van Alice Jansen" in response.text
    assert "Meldingen" in response.text
    assert ProcessingLogEntry.objects.count() == before + 1
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert entry.action == "export"
    assert entry.purpose == "data-subject-rights"
    assert entry.legal_basis == "legal-obligation"
    assert entry.channel == "screen"
    assert entry.object_type == "person"
    assert entry.object_id == str(alice.pk)
    assert (entry.household_id, entry.person_id) == (world.north_household.pk, alice.pk)
    assert entry.categories == ALL_CATEGORIES
    assert entry.actor_id == world.consultant.pk
    assert processing_log_verify().ok


def test_the_resident_downloads_their_own_data_as_json(client, world, plan_world):
    alice = world.north_household.members.get(user=world.resident)
    before = ProcessingLogEntry.objects.count()
    client.force_login(world.resident)
    response = client.get(f"/privacy/personen/{alice.pk}/inzage.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="inzage-persoon-')
    data = json.loads(response.content)
    assert data["persoon"] == "Alice Jansen"
    kinds = [part["soort"] for part in data["onderdelen"]]
    assert kinds[:2] == ["Personen", "Huishoudens"]
    assert "Plannen" in kinds
    assert ProcessingLogEntry.objects.count() == before + 1
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.purpose, entry.channel) == ("export", "data-subject-access", "export")


def test_the_pdf(client, world):
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.consultant)
    response = client.get(f"/privacy/personen/{alice.pk}/inzage.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("output", ["inzage/", "inzage.json", "inzage.pdf"])
def test_who_may_not_see_gets_404_and_nothing_is_logged(client, world, output):
    alice = world.north_household.members.get(user=world.resident)
    bram = world.north_household.members.get(given_name="Bram")
    privacy_officer = UserFactory(username="ivan", role=Role.PRIVACY_OFFICER)
    denied = [
        (world.other_consultant, alice),
        (world.resident, bram),
        (world.policy_advisor, alice),
        (world.decision_maker, alice),
        (world.partner_professional, alice),
        (world.functional_admin, alice),
        (privacy_officer, alice),
    ]
    before = ProcessingLogEntry.objects.count()
    for user, person in denied:
        client.force_login(user)
        assert client.get(f"/privacy/personen/{person.pk}/{output}").status_code == 404, user.username
    assert client.get(f"/privacy/personen/{alice.pk + 999}/{output}").status_code == 404
    assert ProcessingLogEntry.objects.count() == before


def test_allowed_users_by_the_access_function(world):
    alice = world.north_household.members.get(user=world.resident)
    for user in (world.consultant, world.team_lead, world.resident):
        person, sections = access_person_records_for(user, alice.pk, channel="screen")
        assert person == alice
        assert sections[0].records[0].pk == alice.pk


def test_the_household_page_user_sees_a_link(client, world):
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.consultant)
    page = client.get(f"/privacy/personen/{alice.pk}/inzage/").text
    assert f'href="/privacy/personen/{alice.pk}/inzage.pdf"' in page
    assert f'href="/privacy/personen/{alice.pk}/inzage.json"' in page
    assert 'href="#households-person"' in page
