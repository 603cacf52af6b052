"""``eenplan generate``: a small slice of the `small` scale, checked against the rules the screens keep."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Min, Q

from eenplan import cli
from eenplan.accounts.models import User
from eenplan.core.models import Municipality, ProcessingLogHead
from eenplan.core.queries import processing_log_verify
from eenplan.core.validators import bsn_is_valid
from eenplan.households.models import Household, Person
from eenplan.intake.models import SupportRequest, Term
from eenplan.plans.models import Agreement, Plan
from eenplan.provisions.models import Allocation
from eenplan.socialmap.models import Service
from eenplan.synthetic.generate import GenerateError, bsn_numbers, generate

pytestmark = pytest.mark.django_db

FRACTION = 0.02  # about 92 households of Utrechtse Heuvelrug (49,981 inhabitants × 0.0923)


@pytest.fixture
def generated():
    return generate(scale="small", seed=7, fraction=FRACTION, progress=False)


def test_the_counts_follow_the_population_of_the_cbs_table(generated):
    municipality = Municipality.objects.get()
    assert (municipality.code, municipality.population) == ("GM1581", 49981)
    assert (
        Household.objects.count()
        == round(49981 * 0.0923 * FRACTION)
        == generated["counts"]["households.Household"]
    )
    assert Service.objects.filter(municipality=municipality).count() == round(49981 * 0.0046 * FRACTION)
    plans = Plan.objects.count()
    # quality.md's city proportions: about 1M agreements for 60k households, 10M log rows.
    per_household = generated["counts"]["plans.Agreement"] / Household.objects.count()
    assert 10 < per_household < 25
    assert 100 < generated["counts"]["core.ProcessingLogEntry"] / Household.objects.count() < 230
    assert plans > Household.objects.count() * 0.8


def test_the_data_keeps_the_rules_of_the_domain(generated):
    assert not Household.objects.annotate(n=Count("members")).filter(n=0).exists()
    assert not Person.objects.values("bsn").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert all(bsn_is_valid(bsn) for bsn in Person.objects.values_list("bsn", flat=True)[:200])
    # one open plan per household (also a database constraint), agreements belong to their plan's goals
    open_plans = Plan.objects.exclude(status="closed").values("household").annotate(n=Count("pk"))
    assert not open_plans.filter(n__gt=1).exists()
    assert not Agreement.objects.exclude(goal__isnull=True).exclude(goal__plan=F("plan")).exists()
    assert Allocation.objects.exists()
    for allocation in Allocation.objects.select_related("decision__application")[:50]:
        application = allocation.decision.application
        assert application.status == "decided" and allocation.decision.is_granted


def test_each_meldings_next_due_is_the_nearest_end_of_its_running_terms(generated):
    meldingen = SupportRequest.objects.annotate(
        nearest=Min("terms__due_on", filter=Q(terms__status=Term.Status.RUNNING))
    )
    assert meldingen.filter(next_due__isnull=False).exists()
    assert [(m.pk, m.next_due) for m in meldingen] == [(m.pk, m.nearest) for m in meldingen]


def test_the_processing_log_is_one_unbroken_chain(generated):
    report = processing_log_verify()
    assert report.ok, report
    assert ProcessingLogHead.objects.get().last_sequence == generated["counts"]["core.ProcessingLogEntry"]


def test_ids_continue_after_the_generated_rows(generated):
    """PostgreSQL's sequences are reset: a household made through the ORM afterwards gets a new id."""
    household = Household.objects.first()
    new = Household.objects.create(municipality=household.municipality, area=household.area)
    assert new.pk > Household.objects.exclude(pk=new.pk).order_by("-pk").first().pk


def test_a_generated_consultant_works_with_the_generated_households(generated, client):
    consultant = User.objects.get(username=generated["logins"][0][1])
    client.force_login(consultant)
    plan = Plan.objects.filter(case_director=consultant).exclude(status="closed").first()
    assert plan is not None
    for url in (
        "/",
        "/meldingen/",
        "/huishoudens/",
        f"/huishoudens/{plan.household_id}/",
        f"/plannen/{plan.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_it_refuses_a_database_that_holds_data(generated):
    with pytest.raises(GenerateError, match="bevat al gegevens"):
        generate(scale="small", seed=1, fraction=FRACTION, progress=False)
    with pytest.raises(CommandError, match="bevat al gegevens"):
        call_command("generate", "--scale", "small", "--fraction", "0.01", "--no-progress")


def test_the_command_line_passes_generate_to_the_command(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "manage", lambda argv: seen.append(argv) or 0)
    assert cli.main(["generate", "--scale", "city", "--seed", "3"]) == 0
    assert seen == [["generate", "--scale", "city", "--seed", "3"]]


def test_synthetic_bsns_pass_the_eleven_test_and_stay_out_of_the_test_range():
    numbers = bsn_numbers()
    first = [next(numbers) for _ in range(1000)]
    assert len(set(first)) == 1000
    assert all(bsn_is_valid(bsn) and not bsn.startswith("9999") for bsn in first)


def test_on_generated_data_the_gemeente_budget_is_the_sum_of_the_household_budgets(generated):
    """The gemeente budget sums plain values (fast at city scale), the household budget model instances:
    on a few hundred generated provisions both give the same euros per taakveld."""
    from collections import Counter

    from django.utils import timezone

    from eenplan.budget.queries import household_budget, municipality_budget

    today = timezone.localdate()
    municipality = Municipality.objects.get()
    gemeente = municipality_budget(municipality, today.year, today)
    summed: Counter = Counter()
    for household in Household.objects.filter(applications__isnull=False).distinct():
        for taakveld, figures in household_budget(household, today.year, today).by_taakveld().items():
            summed[taakveld, "granted"] += figures.granted
            summed[taakveld, "forecast"] += figures.forecast
    totals = gemeente.by_taakveld()
    assert totals
    assert {key: value for key, value in summed.items() if value} == {
        (taakveld, name): getattr(figures, name)
        for taakveld, figures in totals.items()
        for name in ("granted", "forecast")
        if getattr(figures, name)
    }
