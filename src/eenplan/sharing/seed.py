"""Demo seed of sharing: the demo resident's GP sees their health data and plan (consent, to tune the
care), the debt counsellors see a household's finances (public task), one arrangement was withdrawn,
and one request of the GP waits for its case director. The GP has opened the resident's shared file,
so the resident's overview of who looked at their data is not empty."""

from datetime import timedelta

from django.utils import timezone

from eenplan.accounts.models import Partner
from eenplan.core.models import DataCategory, LegalBasis, Purpose
from eenplan.plans.models import Plan

from . import actions
from .queries import access_shared_household_for


def _categories(*codes):
    return list(DataCategory.objects.filter(code__in=codes))


def seed(context) -> None:
    today = timezone.localdate()
    partners = {partner.kind: partner for partner in context.objects["partners"]}
    users = context.objects["users"]
    gp, gp_user = partners[Partner.Kind.GENERAL_PRACTICE], users.get("partner")
    consent = LegalBasis.objects.get(code="consent")
    public_task = LegalBasis.objects.get(code="public-task")
    coordination = Purpose.objects.get(code="care-coordination")
    cooperation = Purpose.objects.get(code="cooperation")
    plans = [plan for plan in context.objects.get("plans", []) if plan.status != Plan.Status.CLOSED]
    resident = users.get("inwoner")
    own = next((plan for plan in plans if resident and plan.household.members.filter(user=resident)), None)
    others = [plan for plan in plans if plan is not own]
    if own is not None:
        head = own.household.members.get(user=resident)
        actions.arrangement_grant(
            actor=own.case_director, household=own.household, partner=gp, purpose=coordination,
            categories=_categories("health", "plan-agreements"), legal_basis=consent,
            starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=150),
            consent_given_by=head.full_name, consent_form="verbal",
            note="De huisarts stemt de medicatie en de thuiszorg af op het plan.",
        )  # fmt: skip
        if gp_user is not None:
            access_shared_household_for(gp_user, own.household_id, channel="screen")
    if others:
        debts = others[0]
        actions.arrangement_grant(
            actor=debts.case_director, household=debts.household, partner=partners[Partner.Kind.DEBT_HELP],
            purpose=cooperation, categories=_categories("finances-income", "plan-agreements"),
            legal_basis=public_task, starts_on=today - timedelta(days=20),
            ends_on=today + timedelta(days=345),
            note="Schuldhulp voert de afspraak over het budgetplan uit.",
        )  # fmt: skip
    if len(others) > 1:
        housing = others[1]
        arrangement = actions.arrangement_grant(
            actor=housing.case_director, household=housing.household, partner=partners[Partner.Kind.HOUSING],
            purpose=cooperation, categories=_categories("identity-contact", "plan-agreements"),
            legal_basis=consent, starts_on=today - timedelta(days=90), ends_on=today + timedelta(days=90),
            consent_given_by=housing.household.members.first().full_name, consent_form="written",
            consent_document="Toestemmingsformulier, archief wijkteam",
        )  # fmt: skip
        actions.arrangement_withdraw(
            actor=housing.case_director, arrangement=arrangement,
            reason="De inwoner trekt de toestemming in: de verhuizing gaat niet door.",
        )  # fmt: skip
    if len(others) > 2 and gp_user is not None:
        person = others[2].household.members.exclude(bsn="").first()
        if person is not None:
            actions.arrangement_request_submit(
                actor=gp_user, resident_name=person.full_name, bsn=person.bsn, purpose=coordination,
                categories=_categories("health", "plan-agreements"),
                reason="De patiënt vertelde over het plan; ik wil de zorg rond de valpreventie afstemmen.",
            )  # fmt: skip
