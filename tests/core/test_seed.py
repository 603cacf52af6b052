from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from eenplan.accounts.models import Partner, Role, User
from eenplan.budget.models import Expenditure
from eenplan.core.models import Area, Municipality
from eenplan.core.seeding import seed_demo
from eenplan.core.validators import bsn_is_valid
from eenplan.households.models import Household, Person
from eenplan.intake.models import LegalTerm, SupportRequest, Term
from eenplan.plans.models import Agreement, Goal, GoalEvaluation, Plan
from eenplan.provisions.models import Advice, Allocation, Application, Decision

pytestmark = pytest.mark.django_db


def snapshot(seed: int) -> list[list[tuple]]:
    """Seed inside a transaction that is rolled back, and return what was made."""
    with transaction.atomic():
        seed_demo(seed=seed, municipality_code="GM0193", households=12)
        made = [
            list(
                Person.objects.order_by("household__area__code", "bsn").values_list(
                    "given_name", "surname", "date_of_birth", "bsn", "household__area__code"
                )
            ),
            list(
                Plan.objects.order_by("support_request__person__bsn").values_list(
                    "support_request__person__bsn",
                    "status",
                    "version",
                    "agreed_on",
                    "agreed_how",
                    "closed_on",
                )
            ),
            list(
                Goal.objects.order_by("plan__household__pk", "pk").values_list(
                    "text", "target_date", "outcome"
                )
            ),
            list(
                Application.objects.order_by("person__bsn", "product__code").values_list(
                    "person__bsn", "product__code", "status", "volume", "received_on", "decision__outcome"
                )
            ),
            list(
                Expenditure.objects.order_by("allocation__number", "month").values_list(
                    "allocation__decision__application__person__bsn", "month", "volume", "amount_cents"
                )
            ),
        ]
        transaction.set_rollback(True)
    return made


def test_the_same_seed_gives_the_same_demo_and_another_seed_another():
    made = snapshot(7)
    assert all(made)  # people, plans, goals, applications and expenditures
    assert made == snapshot(7)
    assert made != snapshot(8)


def test_the_demo_municipality_is_the_real_one_from_cbs():
    context = seed_demo(seed=2026, municipality_code="GM0193", households=12)
    municipality = Municipality.objects.get()
    assert (municipality.code, municipality.name, municipality.population) == ("GM0193", "Zwolle", 130668)
    assert "85067NED" in municipality.population_source
    assert Area.objects.filter(kind="district").count() == 5
    assert Area.objects.filter(kind="neighbourhood", code__startswith="BU0193").count() == 12
    assert Household.objects.count() == 12
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert all(
        bsn_is_valid(bsn) and bsn.startswith("9999") for bsn in Person.objects.values_list("bsn", flat=True)
    )
    assert context.logins[0] == ("Inwoner", "inwoner", "demo-eenplan-2026")
    resident = User.objects.get(username="inwoner")
    assert resident.person.relation == "head"
    assert User.objects.get(username="partner").partner.name == "Huisartsenpraktijk De Linde"
    assert sorted(Partner.objects.exclude(agb_code="").values_list("name", "kind", "agb_code")) == [
        ("Jeugdhulp De Brug", "youth_care", "98104271"),
        ("Thuiszorg Samen", "care_provider", "75710318"),
        ("Zorgboerderij De Hoeve", "care_provider", "75736052"),
    ]


def test_an_unknown_municipality_code_is_refused_and_leaves_nothing():
    with pytest.raises(LookupError, match="GM9999"):
        seed_demo(seed=1, municipality_code="GM9999")
    assert Municipality.objects.count() == 0
    assert Area.objects.count() == 0


def test_every_demo_meldings_next_due_is_the_nearest_end_of_its_running_terms():
    """Some demo histories are written straight into the terms; next_due follows them all the same."""
    seed_demo(seed=2026, municipality_code="GM0193")
    meldingen = SupportRequest.objects.annotate(
        nearest=Min("terms__due_on", filter=Q(terms__status=Term.Status.RUNNING))
    ).order_by("pk")
    assert {m.status for m in meldingen} == {"open", "closed"}
    assert meldingen.filter(next_due__isnull=False).exists()
    assert [(m.pk, m.next_due) for m in meldingen] == [(m.pk, m.nearest) for m in meldingen]


def test_the_demo_has_plans_applications_allocations_and_spend_in_every_state():
    seed_demo(seed=2026, municipality_code="GM0193")
    today = timezone.localdate()

    plans = list(Plan.objects.all())
    assert Counter(plan.status for plan in plans) == {
        "draft": 3, "agreed": 5, "active": 9, "evaluated": 4, "closed": 4
    }  # fmt: skip
    agreed = [plan for plan in plans if plan.status == "agreed"]
    assert any(plan.changed_since_agreement for plan in agreed)
    assert any(not plan.changed_since_agreement for plan in agreed)
    resident_plan = Plan.objects.get(household__members__user__username="inwoner")
    assert (resident_plan.status, resident_plan.agreed_how) == ("active", "portal")
    assert set(Agreement.objects.values_list("kind", flat=True)) == set(Agreement.Kind.values)
    assert not Goal.objects.filter(domains__isnull=True).exists()
    assert set(Goal.objects.values_list("domains__instrument__code", flat=True)) == {"life-domains"}
    for plan in plans:
        if plan.status in ("evaluated", "closed"):
            evaluation = plan.evaluations.get()
            assert plan.agreed_on < evaluation.held_on <= today
            assert evaluation.goals.count() == plan.goals.count()
    assert not GoalEvaluation.objects.filter(resident_words="").exists()
    assert all(plan.closed_on <= today for plan in plans if plan.status == "closed")

    applications = Application.objects.select_related("product")
    assert set(applications.values_list("status", flat=True)) == set(Application.Status.values)
    assert set(applications.values_list("product__law", flat=True)) == {
        "wmo", "jeugdwet", "participatiewet", "wgs"
    }  # fmt: skip
    assert set(Decision.objects.values_list("outcome", flat=True)) == {"grant", "partly", "refuse"}
    waiting = applications.filter(status="advised")
    due = [a.terms.get(status=LegalTerm.Status.RUNNING).due_on for a in waiting]
    assert any(day >= today for day in due) and any(day < today for day in due)
    assert applications.filter(status="submitted").exists()
    assert all(application.received_on >= application.plan.agreed_on for application in applications)
    decision_maker = User.objects.get(username="beslisser")
    assert set(Decision.objects.values_list("decided_by", flat=True)) == {decision_maker.pk}
    assert not Advice.objects.filter(advised_by=decision_maker).exists()

    allocations = Allocation.objects.select_related("provider", "decision__application__product")
    assert {a.product.law for a in allocations} >= {"wmo", "jeugdwet"}
    assert all(len(a.provider.agb_code) == 8 for a in allocations if a.product.has_allocation_message)
    spent = [a for a in allocations if a.expenditures.exists()]
    assert len(spent) >= 4
    first_of_month = today.replace(day=1)
    for expenditure in Expenditure.objects.select_related("allocation__decision__application__product"):
        allocation = expenditure.allocation
        assert allocation.starts_on.replace(day=1) <= expenditure.month < first_of_month
        assert expenditure.amount_cents == expenditure.volume * allocation.product.tariff_cents
