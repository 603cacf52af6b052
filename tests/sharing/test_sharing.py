"""Purpose-bound sharing: the case director grants a partner exactly some categories; the partner sees
those and nothing else; withdrawal and expiry hide the household at once; a partner's request; break-
the-glass with review; the role policy as data."""

import datetime

import pytest
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.assessment.models import DomainScore, Instrument
from eenplan.core.models import DataCategory, LegalBasis, ProcessingLogEntry, Purpose, RolePolicy
from eenplan.sharing import actions
from eenplan.sharing.models import Arrangement, ArrangementRequest, BreakGlassAccess

from ..factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db

GOAL = "Mijn huis schoon houden"
WHAT_MATTERS = "Zelf thuis blijven wonen."


def categories(*codes):
    return list(DataCategory.objects.filter(code__in=codes))


def grant(world, plan_world, *codes, basis="consent", **terms):
    today = timezone.localdate()
    values = {
        "starts_on": today, "ends_on": today + datetime.timedelta(days=90),
        "consent_given_by": "Alice Jansen", "consent_form": "verbal",
    } | terms  # fmt: skip
    return actions.arrangement_grant(
        actor=world.consultant, household=world.north_household, partner=world.partner_professional.partner,
        purpose=Purpose.objects.get(code="care-coordination"), categories=categories(*codes),
        legal_basis=LegalBasis.objects.get(code=basis), **values,
    )  # fmt: skip


@pytest.fixture
def health_score(world, plan_world):
    """A physical-health score of Alice with a recognisable situation text."""
    from eenplan.assessment.models import Assessment

    instrument = Instrument.objects.get(code="life-domains")
    alice = world.north_household.members.get(user=world.resident)
    assessment = Assessment.objects.create(
        person=alice, instrument=instrument, assessed_on=timezone.localdate(), created_by=world.consultant
    )
    return DomainScore.objects.create(
        assessment=assessment, domain=instrument.domains.get(code="physical-health"),
        situation="Heupoperatie in oktober", professional_score=2, resident_score=3,
    )  # fmt: skip


def test_the_case_director_grants_on_screen_and_the_history_and_log_keep_it(client, world, plan_world):
    client.force_login(world.consultant)
    today = timezone.localdate()
    response = client.post(
        f"/delen/huishouden/{world.north_household.pk}/nieuw/",
        {
            "partner": world.partner_professional.partner.pk,
            "purpose": Purpose.objects.get(code="care-coordination").pk,
            "categories": [c.pk for c in categories("health", "plan-agreements")],
            "legal_basis": LegalBasis.objects.get(code="consent").pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=30)).isoformat(),
            "consent_given_by": "Alice Jansen",
            "consent_form": "written",
            "consent_document": "Formulier 2026-17",
        },
    )
    assert response.status_code == 302
    arrangement = Arrangement.objects.get()
    assert sorted(c.code for c in arrangement.categories.all()) == ["health", "plan-agreements"]
    assert (arrangement.consent_form, arrangement.consent_document) == ("written", "Formulier 2026-17")
    assert [(v.version, v.change) for v in arrangement.versions.all()] == [(1, "grant")]
    entry = ProcessingLogEntry.objects.filter(object_type="arrangement", action="create").get()
    assert (entry.household_id, entry.actor_id) == (world.north_household.pk, world.consultant.pk)
    page = client.get(f"/delen/huishouden/{world.north_household.pk}/").text
    assert world.partner_professional.partner.name in page
    assert "Gezondheid" in page


def test_consent_needs_who_and_how_and_nothing_is_saved_without(client, world, plan_world):
    client.force_login(world.consultant)
    today = timezone.localdate()
    response = client.post(
        f"/delen/huishouden/{world.north_household.pk}/nieuw/",
        {
            "partner": world.partner_professional.partner.pk,
            "purpose": Purpose.objects.get(code="care-coordination").pk,
            "categories": [c.pk for c in categories("health")],
            "legal_basis": LegalBasis.objects.get(code="consent").pk,
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Vul in wie toestemming gaf." in response.text
    assert not Arrangement.objects.exists()


def test_the_partner_sees_exactly_the_shared_categories(client, world, plan_world, health_score):
    grant(world, plan_world, "health", "plan-agreements")
    client.force_login(world.partner_professional)
    before = ProcessingLogEntry.objects.count()
    page = client.get(f"/delen/gedeeld/{world.north_household.pk}/").text
    assert GOAL in page  # plan
    assert "Heupoperatie in oktober" in page  # health
    assert "Het huishouden lukt niet meer." not in page  # the question: situation, not shared
    assert WHAT_MATTERS not in page.split("Wat belangrijk is:")[0]  # conversation notes not shared
    assert world.north_household.members.get(relation="child").date_of_birth.strftime("%Y") not in page
    entry = ProcessingLogEntry.objects.get(sequence__gt=before)
    assert (entry.actor_id, entry.household_id, entry.object_type) == (
        world.partner_professional.pk, world.north_household.pk, "shared_file",
    )  # fmt: skip
    assert (entry.purpose, entry.legal_basis, entry.categories) == (
        "care-coordination", "consent", ["health", "plan-agreements"],
    )  # fmt: skip
    data = client.get(f"/api/v1/shared/households/{world.north_household.pk}/").json()
    assert set(data) == {"household", "categories", "arrangements", "scores", "plan"}
    assert data["plan"]["goals"] == [GOAL]
    assert list(data["scores"]) == ["Gezondheid"]


def test_every_team_page_stays_closed_to_the_partner(client, world, plan_world):
    grant(world, plan_world, "health", "plan-agreements")
    client.force_login(world.partner_professional)
    for url in (
        f"/huishoudens/{world.north_household.pk}/",
        f"/plannen/{plan_world.plan.pk}/",
        f"/meldingen/{plan_world.support_request.pk}/",
        f"/api/v1/households/{world.north_household.pk}/",
        f"/delen/huishouden/{world.north_household.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_withdrawal_hides_the_household_at_once(client, world, plan_world):
    arrangement = grant(world, plan_world, "plan-agreements")
    client.force_login(world.partner_professional)
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 200
    client.force_login(world.consultant)
    response = client.post(
        f"/delen/afspraken/{arrangement.pk}/intrekken/", {"reason": "Toestemming ingetrokken"}
    )
    assert response.status_code == 302
    client.force_login(world.partner_professional)
    before = ProcessingLogEntry.objects.count()
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 404
    assert client.get(f"/api/v1/shared/households/{world.north_household.pk}/").status_code == 404
    assert world.north_household.reference not in client.get("/delen/gedeeld/").text
    assert ProcessingLogEntry.objects.count() == before
    arrangement.refresh_from_db()
    assert [v.change for v in arrangement.versions.all()] == ["grant", "withdraw"]


def test_an_expired_or_future_arrangement_shows_nothing(client, world, plan_world):
    today = timezone.localdate()
    expired = grant(world, plan_world, "plan-agreements", starts_on=today - datetime.timedelta(days=10),
                    ends_on=today - datetime.timedelta(days=1))  # fmt: skip
    client.force_login(world.partner_professional)
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 404
    Arrangement.objects.filter(pk=expired.pk).update(ends_on=today)
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 200
    Arrangement.objects.filter(pk=expired.pk).update(starts_on=today + datetime.timedelta(days=1),
                                                     ends_on=today + datetime.timedelta(days=5))  # fmt: skip
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 404


def test_only_the_case_director_or_team_lead_grants(client, world, plan_world):
    colleague = UserFactory(username="ivan", role=Role.CONSULTANT, team=world.consultant.team)
    client.force_login(colleague)
    assert client.get(f"/delen/huishouden/{world.north_household.pk}/").status_code == 200
    assert client.get(f"/delen/huishouden/{world.north_household.pk}/nieuw/").status_code == 404
    client.force_login(world.other_consultant)
    assert client.get(f"/delen/huishouden/{world.north_household.pk}/").status_code == 404
    client.force_login(world.team_lead)
    assert client.get(f"/delen/huishouden/{world.north_household.pk}/nieuw/").status_code == 200
    with pytest.raises(actions.SharingError):
        actions.arrangement_grant(
            actor=colleague, household=world.north_household, partner=world.partner_professional.partner,
            purpose=Purpose.objects.get(code="cooperation"), categories=categories("plan-agreements"),
            legal_basis=LegalBasis.objects.get(code="public-task"), starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )  # fmt: skip
    assert not Arrangement.objects.exists()


def test_a_partner_asks_and_the_case_director_grants_less_than_asked(client, world, plan_world):
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.partner_professional)
    response = client.post(
        "/delen/toegang-vragen/",
        {
            "resident_name": "Alice Jansen", "bsn": alice.bsn,
            "purpose": Purpose.objects.get(code="care-coordination").pk,
            "categories": [c.pk for c in categories("health", "plan-agreements")],
            "reason": "Afstemmen van de thuiszorg na de operatie.",
        },
    )  # fmt: skip
    assert response.status_code == 302
    request_item = ArrangementRequest.objects.get()
    assert request_item.household == world.north_household
    assert "in behandeling" in client.get("/delen/onze-verzoeken/").text
    client.force_login(world.consultant)
    assert "Partner" in client.get("/delen/verzoeken/").text
    today = timezone.localdate()
    response = client.post(
        f"/delen/verzoeken/{request_item.pk}/",
        {
            "categories": [c.pk for c in categories("plan-agreements")],
            "legal_basis": LegalBasis.objects.get(code="consent").pk,
            "starts_on": today.isoformat(), "ends_on": today.isoformat(),
            "consent_given_by": "Alice Jansen", "consent_form": "verbal",
        },
    )  # fmt: skip
    assert response.status_code == 302
    request_item.refresh_from_db()
    assert request_item.status == "granted"
    assert [c.code for c in request_item.arrangement.categories.all()] == ["plan-agreements"]
    client.force_login(world.partner_professional)
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 200


def test_an_unknown_bsn_is_never_confirmed_and_the_team_lead_can_refuse(client, world):
    client.force_login(world.partner_professional)
    client.post(
        "/delen/toegang-vragen/",
        {
            "resident_name": "Onbekend", "bsn": "111222333",
            "purpose": Purpose.objects.get(code="care-coordination").pk,
            "categories": [c.pk for c in categories("health")], "reason": "Afstemming",
        },
    )  # fmt: skip
    request_item = ArrangementRequest.objects.get()
    assert request_item.household is None
    assert "in behandeling" in client.get("/delen/onze-verzoeken/").text
    client.force_login(world.consultant)
    assert client.get(f"/delen/verzoeken/{request_item.pk}/").status_code == 404
    client.force_login(world.team_lead)
    response = client.post(f"/delen/verzoeken/{request_item.pk}/weigeren/", {"note": "Niet bekend bij ons."})
    assert response.status_code == 302
    request_item.refresh_from_db()
    assert (request_item.status, request_item.decision_note) == ("refused", "Niet bekend bij ons.")


def test_break_the_glass_opens_for_a_while_logs_vital_interest_and_is_reviewed(client, world, plan_world):
    south_lead = UserFactory(username="judy", role=Role.TEAM_LEAD, team=world.other_consultant.team)
    alice = world.north_household.members.get(user=world.resident)
    client.force_login(world.other_consultant)
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 404
    response = client.post("/delen/noodtoegang/", {"bsn": alice.bsn, "reason": "Te kort"})
    assert response.status_code == 200 and not BreakGlassAccess.objects.exists()
    reason = "Buurvrouw belt: mevrouw is gevallen en reageert niet, ambulance onderweg."
    response = client.post("/delen/noodtoegang/", {"bsn": alice.bsn, "reason": reason})
    assert response.status_code == 302
    before = ProcessingLogEntry.objects.count()
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 200
    entry = ProcessingLogEntry.objects.get(sequence__gt=before)
    assert (entry.purpose, entry.legal_basis) == ("emergency", "vital-interest")
    client.force_login(world.team_lead)  # the lead of another team does not review it
    assert reason not in client.get("/delen/noodtoegang/beoordelen/").text
    client.force_login(south_lead)
    assert reason in client.get("/delen/noodtoegang/beoordelen/").text
    access = BreakGlassAccess.objects.get()
    client.post(f"/delen/noodtoegang/{access.pk}/beoordelen/", {"was_justified": "no", "note": "Geen nood"})
    access.refresh_from_db()
    assert access.was_justified is False and access.reviewed_by == south_lead
    client.force_login(world.other_consultant)
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 404


def test_break_the_glass_is_only_for_households_outside_reach_and_expires(
    client, world, plan_world, settings
):
    alice = world.north_household.members.get(user=world.resident)
    reason = "Acute zorgen over de veiligheid van de kinderen vannacht."
    with pytest.raises(actions.SharingError):
        actions.break_glass_start(actor=world.consultant, household=world.north_household, reason=reason)
    access = actions.break_glass_start(actor=world.other_consultant, household=alice.household, reason=reason)
    assert access.expires_at - access.started_at == datetime.timedelta(
        hours=settings.EENPLAN_BREAK_GLASS_HOURS
    )
    BreakGlassAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now())
    client.force_login(world.other_consultant)
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 404


def test_the_role_policy_is_data_the_access_functions_follow(client, world, plan_world):
    client.force_login(world.consultant)
    url = f"/meldingen/{plan_world.support_request.pk}/onderzoek/"
    assert client.get(url).status_code == 200
    # The functional admin takes health data away from consultants in beheer.
    policy = RolePolicy.objects.get(role="consultant")
    kept = policy.categories.exclude(code="health")
    client.force_login(world.functional_admin)
    response = client.post(
        f"/beheer/core/rolepolicy/{policy.pk}/change/",
        {"role": "consultant", "categories": [c.pk for c in kept], "households": policy.households,
         "aggregated": policy.aggregated, "configuration": policy.configuration},
    )  # fmt: skip
    assert response.status_code == 302
    assert sorted(policy.categories.values_list("code", flat=True)) == sorted(c.code for c in kept)
    client.force_login(world.consultant)
    assert client.get(url).status_code == 404  # the inquiry holds health data
    assert client.get(f"/huishoudens/{world.north_household.pk}/").status_code == 200


def test_the_role_policy_ships_with_domain_md_section_5():
    policy = {p.role: sorted(p.categories.values_list("code", flat=True)) for p in RolePolicy.objects.all()}
    assert policy["decision_maker"] == ["identity-contact", "plan-agreements", "situation-assessment"]
    assert policy["policy_advisor"] == policy["functional_admin"] == policy["privacy_officer"] == []
    assert len(policy["consultant"]) == 7
    assert set(policy) == set(Role.values)


def test_a_purpose_not_meant_for_partners_is_refused(world, plan_world):
    with pytest.raises(actions.SharingError):
        actions.arrangement_grant(
            actor=world.consultant, household=world.north_household,
            partner=world.partner_professional.partner, purpose=Purpose.objects.get(code="support"),
            categories=categories("plan-agreements"),
            legal_basis=LegalBasis.objects.get(code="public-task"), starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )  # fmt: skip
    assert not Arrangement.objects.exists()


def test_another_partner_sees_nothing_of_the_arrangement(client, world, plan_world):
    grant(world, plan_world, "identity-contact")
    client.force_login(world.partner_professional)
    assert "Alice Jansen" in client.get("/delen/gedeeld/").text
    other = UserFactory(username="kim", role=Role.PARTNER_PROFESSIONAL, partner=PartnerFactory())
    client.force_login(other)
    assert "Alice" not in client.get("/delen/gedeeld/").text
    assert client.get(f"/delen/gedeeld/{world.north_household.pk}/").status_code == 404
