"""Reads of the thermometer: the indicators, computed in the database from the case data; the policy
chain of a gemeente with the places where it breaks; the monitor; and the access functions.

**Indicators.** Every computed indicator is one function in ``COMPUTATIONS`` (code → rows + how the value
follows from them). The rows are an ORM query in one shape (gemeente, optional group, household, the
dates that put a row in a period, a numerator and a denominator); ``_tally`` wraps it in one SQL
``GROUP BY`` over all requested gemeenten with, per requested period, the distinct households and the
sums as conditional aggregates. So an indicator costs one query whatever the number of gemeenten and
periods, and nothing is counted in Python loops over cases. Every value that rests on 1 to 9 households is
suppressed (``core.queries.suppress_small``: domain.md §5); a value with no households at all is "no
data", which reveals nothing. Manual indicators take the latest measurement within the period.

**Scale.** The row queries start from the gemeente's households (``household.municipality_id``, indexed)
and reach the case tables through their foreign keys (indexed); the period is a range on the record's
own date, and a comparison of all gemeenten asks for one period, not every quarter
(docs/performance.md).

**No personal data.** The monitor and the chain show counts, shares, means and amounts per gemeente,
area, team and period, never a household; a household's data is only read inside the database to be
counted. So, like the budget and signals aggregates, no processing-log row is written for them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from eenplan.accounts.models import Role, Team
from eenplan.assessment.models import DomainScore
from eenplan.budget.models import Expenditure
from eenplan.core.models import Area, Municipality
from eenplan.core.queries import SMALL_CELL_THRESHOLD, suppress_small
from eenplan.households.queries import team_area_ids
from eenplan.intake import deadlines
from eenplan.intake.models import Conversation, SupportRequest, Term
from eenplan.plans.models import Agreement, Goal, GoalEvaluation
from eenplan.provisions.models import Allocation, Application, ApplicationTerm
from eenplan.signals.queries import last_quarters, policy_area_ids, quarter_label, shift_quarters

from .models import (
    AgreedResult,
    Assignment,
    Delivery,
    Effect,
    Indicator,
    IndicatorCell,
    IndicatorRefresh,
    Measurement,
    PolicyGoal,
)

QUARTERS_SHOWN = 8
YEARS_SHOWN = 3
SELF_RELIANCE = "self-reliance-rose"
INQUIRY_RULES = ("inquiry",)  # the gemeente's term after a melding; personal_plan is the resident's own

# -- periods ---------------------------------------------------------------------------------------------


def quarter_end(start: date) -> date:
    return shift_quarters(start, 1) - timedelta(days=1)


def quarter_periods(today: date, count: int = QUARTERS_SHOWN) -> list[tuple[date, date]]:
    """The last ``count`` quarters, the current one (up to its end) last."""
    return [(start, quarter_end(start)) for start in last_quarters(today, count)]


def year_periods(today: date, count: int = YEARS_SHOWN) -> list[tuple[date, date]]:
    return [(date(year, 1, 1), date(year, 12, 31)) for year in range(today.year - count + 1, today.year + 1)]


def rolling_year(today: date) -> tuple[date, date]:
    """The twelve months up to and including today."""
    return today - relativedelta(years=1) + timedelta(days=1), today


def period_label(period: tuple[date, date]) -> str:
    start, end = period
    if start.day == 1 and start.month in (1, 4, 7, 10) and end == quarter_end(start):
        return quarter_label(start)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return _("%(start)s t/m %(end)s") % {
        "start": date_format(start, "j M Y"),
        "end": date_format(end, "j M Y"),
    }


# -- the shape every computation produces, and the one GROUP BY over it ----------------------------------


class DaysBetween(Func):
    """Whole calendar days from the first date to the second (second − first)."""

    arity = 2
    output_field = IntegerField()

    def _compiled(self, compiler):
        (first, first_params), (second, second_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return first, second, [*second_params, *first_params]

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date − date is whole days
        first, second, params = self._compiled(compiler)
        return f"({second} - {first})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        first, second, params = self._compiled(compiler)
        return f"CAST(ROUND(julianday({second}) - julianday({first})) AS INTEGER)", params


@dataclass(frozen=True)
class Scope:
    """What to count: the gemeenten, the periods, optionally only households in some areas."""

    municipality_ids: tuple[int, ...]
    periods: tuple[tuple[date, date], ...]
    today: date
    area_ids: tuple[int, ...] | None = None  # None: the whole gemeente
    life_domain_ids: tuple[int, ...] | None = None  # self-reliance only: restrict to these domains
    by_life_domain: bool = False  # self-reliance only: one value per life domain

    @property
    def first(self) -> date:
        return min(start for start, _end in self.periods)

    @property
    def last(self) -> date:
        return max(end for _start, end in self.periods)

    @property
    def window(self) -> tuple[date, date]:
        return self.first, self.last

    def households(self, path: str) -> Q:
        """The records whose household (reached through ``path``) is in scope."""
        condition = Q(**{f"{path}__municipality_id__in": self.municipality_ids})
        if self.area_ids is not None:
            condition &= Q(**{f"{path}__area_id__in": self.area_ids})
        return condition


def rows(
    queryset: QuerySet, *, household: str, start: str, end: str | None = None, num, den=None, group=None
):
    """The one shape ``_tally`` counts: gemeente, neighbourhood, group, household, the first and last day
    a row counts (``end`` None: the row counts on ``start`` only; an empty ``end`` value: open-ended),
    numerator and denominator."""
    return queryset.order_by().values(
        t_m=F(f"{household}__municipality_id"),
        t_a=F(f"{household}__area_id"),
        t_g=group if group is not None else Value(None, output_field=IntegerField()),
        t_h=F(f"{household}_id"),
        t_from=F(start),
        t_to=F(end or start),
        t_num=num,
        t_den=den if den is not None else Value(1),
    )


@dataclass(frozen=True)
class Tally:
    """What was counted in one cell: distinct households, distinct households with a row that counts in
    the numerator, and the sums of numerator and denominator."""

    households: int = 0
    flagged: int = 0
    num: float = 0
    den: float = 0

    def __add__(self, other: "Tally") -> "Tally":
        """Tallies of different neighbourhoods add up: a household lives in one neighbourhood."""
        return Tally(
            self.households + other.households,
            self.flagged + other.flagged,
            self.num + other.num,
            self.den + other.den,
        )


def _tally(parts: list[QuerySet], periods) -> dict[tuple, Tally]:
    """One query: per gemeente, neighbourhood and group, per period, the distinct households and the sums,
    keyed (municipality id, area id, group, period)."""
    queryset = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    inner, inner_params = queryset.query.sql_with_params()
    adapt = connection.ops.adapt_datefield_value
    selects, params = [], []
    for start, end in periods:
        member = "(t_from <= %s AND (t_to IS NULL OR t_to >= %s))"
        selects += [
            f"COUNT(DISTINCT CASE WHEN {member} THEN t_h END)",
            f"COUNT(DISTINCT CASE WHEN {member} AND t_num > 0 THEN t_h END)",
            f"SUM(CASE WHEN {member} THEN t_num ELSE 0 END)",
            f"SUM(CASE WHEN {member} THEN t_den ELSE 0 END)",
        ]
        params += [adapt(end), adapt(start)] * 4
    sql = f"SELECT t_m, t_a, t_g, {', '.join(selects)} FROM ({inner}) thermometer_rows GROUP BY t_m, t_a, t_g"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *inner_params])
        found = cursor.fetchall()
    result = {}
    for row in found:
        municipality_id, area_id, group, counts = row[0], row[1], row[2], row[3:]
        for index, period in enumerate(periods):
            households, flagged, num, den = counts[4 * index : 4 * index + 4]
            if households:
                result[municipality_id, area_id, group, tuple(period)] = Tally(
                    int(households), int(flagged or 0), float(num or 0), float(den or 0)
                )
    return result


def _per_municipality(tallies: dict[tuple, Tally]) -> dict[tuple, Tally]:
    """The neighbourhoods' tallies added up per (municipality id, group, period)."""
    result: dict[tuple, Tally] = {}
    for (municipality_id, _area_id, group, period), tally in tallies.items():
        key = (municipality_id, group, period)
        result[key] = result.get(key, Tally()) + tally
    return result


# -- the computed indicators -----------------------------------------------------------------------------


def share(tally: Tally) -> float | None:
    return 100 * tally.num / tally.den if tally.den else None


def household_share(tally: Tally) -> float | None:
    return 100 * tally.flagged / tally.households if tally.households else None


def mean(tally: Tally) -> float | None:
    return tally.num / tally.den if tally.den else None


def euros_per_household(tally: Tally) -> float | None:
    return tally.num / tally.households / 100 if tally.households else None


@dataclass(frozen=True)
class Computation:
    """How one indicator is computed: the rows (one or more querysets of the ``rows`` shape, counted as
    their union) and the value of a cell from its tally."""

    rows: Callable[[Scope], list[QuerySet]]
    value: Callable[[Tally], float | None]

    def per_area(self, scope: Scope) -> dict[tuple, Tally]:
        """(municipality id, area id, group, period) → tally: one query."""
        return _tally(self.rows(scope), scope.periods)

    def compute(self, scope: Scope) -> dict[tuple, Tally]:
        """(municipality id, group, period) → tally: one query."""
        return _per_municipality(self.per_area(scope))


COMPUTATIONS: dict[str, Computation] = {}


def computed(code: str, value: Callable[[Tally], float | None]):
    """Register the rows function of a computed indicator under its code (config/indicators.json)."""

    def register(function):
        COMPUTATIONS[code] = Computation(function, value)
        return function

    return register


def _one(value, *conditions: Q):
    return Case(When(*conditions, then=Value(value)), default=Value(0), output_field=IntegerField())


@computed(SELF_RELIANCE, household_share)
def self_reliance_rows(scope: Scope) -> list[QuerySet]:
    """Scores of the assessment made at an evaluation (dated by the evaluation), on a life domain a goal of
    that plan is about, next to the first earlier score of the same person on that domain; the household
    is flagged when one is higher. Score: the professional's, else the resident's."""
    score = Coalesce("professional_score", "resident_score")
    first = (
        DomainScore.objects.filter(
            assessment__person=OuterRef("assessment__person"),
            domain=OuterRef("domain"),
            assessment__assessed_on__lt=OuterRef("assessment__assessed_on"),
        )
        .annotate(score=score)
        .filter(score__isnull=False)
        .order_by("assessment__assessed_on", "assessment_id")
        .values("score")[:1]
    )
    goal_domains = Goal.domains.through.objects.filter(
        goal__plan=OuterRef("assessment__evaluation__plan"), lifedomain=OuterRef("domain")
    )
    household = "assessment__evaluation__plan__household"
    scores = DomainScore.objects.filter(
        scope.households(household),
        Exists(goal_domains),
        assessment__evaluation__held_on__range=scope.window,
    )
    if scope.life_domain_ids is not None:
        scores = scores.filter(domain__in=scope.life_domain_ids)
    scores = scores.annotate(later=score, first=Subquery(first)).filter(
        later__isnull=False, first__isnull=False
    )
    return [
        rows(
            scores,
            household=household,
            start="assessment__evaluation__held_on",
            num=_one(1, Q(later__gt=F("first"))),
            group=F("domain_id") if scope.by_life_domain else None,
        )
    ]


@computed("community-share", share)
def community_share_rows(scope: Scope) -> list[QuerySet]:
    """Community and tailored-provision agreements of plans that ran in the period (agreed on or before
    its end, not closed before its start)."""
    agreements = Agreement.objects.filter(
        scope.households("plan__household"),
        kind__in=[Agreement.Kind.COMMUNITY, Agreement.Kind.PROVISION],
        plan__agreed_on__lte=scope.last,
    ).filter(Q(plan__closed_on__isnull=True) | Q(plan__closed_on__gte=scope.first))
    return [
        rows(
            agreements,
            household="plan__household",
            start="plan__agreed_on",
            end="plan__closed_on",
            num=_one(1, Q(kind=Agreement.Kind.COMMUNITY)),
        )
    ]


@computed("days-to-first-conversation", mean)
def first_conversation_rows(scope: Scope) -> list[QuerySet]:
    """The first conversation of every inquiry (the earliest; on a tie the first recorded), dated by the
    day it was held, with the days since the melding came in."""
    earlier = Conversation.objects.filter(inquiry=OuterRef("inquiry")).filter(
        Q(held_on__lt=OuterRef("held_on")) | Q(held_on=OuterRef("held_on"), pk__lt=OuterRef("pk"))
    )
    household = "inquiry__support_request__household"
    conversations = Conversation.objects.filter(
        scope.households(household), held_on__range=scope.window
    ).filter(~Exists(earlier))
    return [
        rows(
            conversations,
            household=household,
            start="held_on",
            num=DaysBetween("inquiry__support_request__received_on", "held_on"),
        )
    ]


def decision_rules() -> list[str]:
    """The terms that start with an application: the gemeente's decision terms (deadlines config)."""
    return sorted(rule.code for rule in deadlines.rules().values() if rule.event == "application")


@computed("legal-terms-met", share)
def legal_term_rows(scope: Scope) -> list[QuerySet]:
    """The inquiry term of a melding and the decision terms of an application, dated by their end; met
    when the report was issued or the decision made by then; still running ones are left out."""
    issued = "support_request__inquiry__report__issued_on"
    inquiry_terms = Term.objects.filter(
        scope.households("support_request__household"), rule__in=INQUIRY_RULES, due_on__range=scope.window
    ).filter(
        Q(**{f"{issued}__isnull": False})
        | Q(
            **{f"{issued}__isnull": True},
            due_on__lt=scope.today,
            support_request__status=SupportRequest.Status.OPEN,
        )
    )
    decided = "application__decision__decided_on"
    application_terms = ApplicationTerm.objects.filter(
        scope.households("application__household"), rule__in=decision_rules(), due_on__range=scope.window
    ).filter(
        Q(**{f"{decided}__isnull": False})
        | (
            Q(**{f"{decided}__isnull": True}, due_on__lt=scope.today)
            & ~Q(application__status=Application.Status.WITHDRAWN)
        )
    )
    return [
        rows(
            inquiry_terms,
            household="support_request__household",
            start="due_on",
            num=_one(1, Q(**{f"{issued}__lte": F("due_on")})),
        ),
        rows(
            application_terms,
            household="application__household",
            start="due_on",
            num=_one(1, Q(**{f"{decided}__lte": F("due_on")})),
        ),
    ]


@computed("spend-per-household", euros_per_household)
def spend_rows(scope: Scope) -> list[QuerySet]:
    """Expenditures by the month they were delivered in, with their amount in cents."""
    household = "allocation__decision__application__household"
    spent = Expenditure.objects.filter(scope.households(household), month__range=scope.window)
    return [rows(spent, household=household, start="month", num=F("amount_cents"))]


@computed("goals-achieved-resident", share)
def goals_achieved_rows(scope: Scope) -> list[QuerySet]:
    """Every evaluation of a goal with the resident's own words, dated by the evaluation."""
    household = "evaluation__plan__household"
    evaluated = GoalEvaluation.objects.filter(
        scope.households(household), evaluation__held_on__range=scope.window
    ).exclude(resident_words="")
    return [
        rows(
            evaluated,
            household=household,
            start="evaluation__held_on",
            num=_one(1, Q(outcome=Goal.Outcome.ACHIEVED)),
        )
    ]


# -- values ----------------------------------------------------------------------------------------------


@dataclass
class IndicatorValue:
    """One cell: the value of an indicator for a gemeente (area, team) over a period. ``households`` is
    None when the value is suppressed (1–9 households) and for a manual indicator (a figure from
    elsewhere); a value None that is not suppressed means there is nothing to count or measure."""

    indicator: Indicator
    value: float | None
    households: int | None
    suppressed: bool
    period_start: date
    period_end: date
    source: str = ""  # a manual indicator: where the figure comes from

    @property
    def display(self) -> str:
        """The value as Dutch text: "< 10" when suppressed, "—" without data."""
        if self.suppressed:
            return f"< {SMALL_CELL_THRESHOLD}"
        if self.value is None:
            return "—"
        return format_value(self.indicator, self.value)


def format_value(indicator: Indicator, value) -> str:
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENT:
        return f"{number_format(value, 1)} %"
    if unit == Indicator.Unit.DAYS:
        return _("%(days)s dagen") % {"days": number_format(value, 1)}
    if unit == Indicator.Unit.EURO:
        return f"€ {number_format(value, 0, force_grouping=True)}"
    return number_format(value, 0 if float(value).is_integer() else 1, force_grouping=True)


def _cell(indicator: Indicator, tally: Tally, value: Callable, period) -> IndicatorValue:
    shown = suppress_small(tally.households)
    suppressed = tally.households > 0 and shown is None
    return IndicatorValue(
        indicator=indicator,
        value=None if suppressed or not tally.households else value(tally),
        households=None if suppressed else tally.households,
        suppressed=suppressed,
        period_start=period[0],
        period_end=period[1],
    )


def area_ids_for(area_id: int | None = None, team_id: int | None = None) -> tuple[int, ...] | None:
    """The areas whose households count: an area (with its neighbourhoods when it is a district), a
    team's areas, or where both are given the areas in both; None for the whole gemeente."""
    if area_id is None and team_id is None:
        return None
    found: set[int] | None = None
    if area_id is not None:
        found = {area_id} | set(Area.objects.filter(parent_id=area_id).values_list("pk", flat=True))
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        served = team_area_ids(team) if team else set()
        found = served if found is None else found & served
    return tuple(sorted(found))


def _manual_values(indicators, municipality_ids, periods, area_id, team_id) -> dict:
    """The latest measurement within each period (latest period end, then the latest entered), for the
    gemeente or the chosen area; a team has no measurements of its own."""
    result = {}
    if not indicators or (team_id is not None and area_id is None):
        return result
    measurements = Measurement.objects.filter(
        indicator__in=indicators,
        municipality_id__in=municipality_ids,
        area_id=area_id,
        period_start__gte=min(start for start, _end in periods),
        period_end__lte=max(end for _start, end in periods),
    ).order_by("period_end", "entered_at", "pk")
    by_indicator = {indicator.pk: indicator for indicator in indicators}
    for measurement in measurements:
        indicator = by_indicator[measurement.indicator_id]
        for start, end in periods:
            if start <= measurement.period_start and measurement.period_end <= end:
                result[measurement.municipality_id, indicator.code, start] = IndicatorValue(
                    indicator=indicator,
                    value=float(measurement.value),
                    households=None,
                    suppressed=False,
                    period_start=start,
                    period_end=end,
                    source=measurement.source,
                )
    return result


STALE_AFTER = timedelta(days=2)


def stored_periods(day: date) -> list[tuple[date, date]]:
    """The periods the nightly computation stores as of ``day``: those the monitor and the chain show."""
    return [*quarter_periods(day), *year_periods(day), rolling_year(day)]


def latest_refresh() -> IndicatorRefresh | None:
    return IndicatorRefresh.objects.filter(finished_at__isnull=False).order_by("-finished_at", "-pk").first()


def reference_day(refresh: IndicatorRefresh | None) -> date:
    """The day the figures are as of: that of the latest stored computation while it is at most two days
    old (it runs nightly), else today (computed on the spot)."""
    today = timezone.localdate()
    if refresh is not None and refresh.today >= today - STALE_AFTER:
        return refresh.today
    return today


def _stored(refresh, indicators, municipality_ids, periods, area_ids, *, life_domain_ids=None) -> dict:
    """Stored cells added up per (municipality id, indicator id or life domain id, period): one query."""
    cells = IndicatorCell.objects.filter(
        refresh=refresh,
        municipality_id__in=municipality_ids,
        indicator__in=indicators,
        period_start__in={start for start, _end in periods},
    )
    if area_ids is not None:
        cells = cells.filter(area_id__in=area_ids)
    if life_domain_ids is None:
        cells = cells.filter(life_domain__isnull=True)
        key = "indicator_id"
    else:
        cells = cells.filter(life_domain__in=life_domain_ids)
        key = "life_domain_id"
    found = (
        cells.values("municipality_id", key, "period_start", "period_end")
        .annotate(h=Sum("households"), f=Sum("flagged"), n=Sum("num"), d=Sum("den"))
        .order_by()
    )
    wanted = set(periods)
    return {
        (row["municipality_id"], row[key], (row["period_start"], row["period_end"])): Tally(
            int(row["h"]), int(row["f"]), float(row["n"]), float(row["d"])
        )
        for row in found
        if (row["period_start"], row["period_end"]) in wanted
    }


_LATEST = object()


def _values(
    indicators: list[Indicator],
    municipality_ids,
    periods,
    *,
    area_id=None,
    team_id=None,
    today: date | None = None,
    refresh=_LATEST,
) -> dict[tuple[int, str, date], IndicatorValue]:
    """The values, from the stored cells for the periods stored as of ``today`` (the reference day by
    default), computed on the spot for any other period; both count the same rows the same way."""
    municipality_ids = tuple(sorted(set(municipality_ids)))
    periods = tuple(dict.fromkeys(tuple(period) for period in periods))
    if len({start for start, _end in periods}) != len(periods):
        raise ValueError("Two periods start on the same day: the values are keyed by the start.")
    if not municipality_ids or not periods:
        return {}
    refresh = latest_refresh() if refresh is _LATEST else refresh
    today = today or reference_day(refresh)
    stored = set(stored_periods(refresh.today)) if refresh is not None and refresh.today == today else set()
    area_ids = area_ids_for(area_id, team_id)
    computed = [i for i in indicators if not i.is_manual and i.code in COMPUTATIONS]
    tallies: dict[tuple, Tally] = {}
    if computed and (area_ids is None or area_ids):
        served = [period for period in periods if period in stored]
        if served:
            by_id = {indicator.pk: indicator.code for indicator in computed}
            for (municipality_id, indicator_id, period), tally in _stored(
                refresh, computed, municipality_ids, served, area_ids
            ).items():
                tallies[municipality_id, by_id[indicator_id], period] = tally
        live = tuple(period for period in periods if period not in stored)
        if live:
            scope = Scope(municipality_ids, live, today, area_ids=area_ids)
            for indicator in computed:
                for (municipality_id, _group, period), tally in (
                    COMPUTATIONS[indicator.code].compute(scope).items()
                ):
                    tallies[municipality_id, indicator.code, period] = tally
    result = {}
    for indicator in computed:
        value = COMPUTATIONS[indicator.code].value
        for municipality_id in municipality_ids:
            for period in periods:
                tally = tallies.get((municipality_id, indicator.code, period), Tally())
                result[municipality_id, indicator.code, period[0]] = _cell(indicator, tally, value, period)
    manual = [indicator for indicator in indicators if indicator.is_manual]
    result |= _manual_values(manual, municipality_ids, periods, area_id, team_id)
    for indicator in indicators:  # nothing measured (or no computation registered): no value
        for municipality_id in municipality_ids:
            for start, end in periods:
                result.setdefault(
                    (municipality_id, indicator.code, start),
                    IndicatorValue(indicator, None, None, False, start, end),
                )
    return result


def active_indicators(codes: Iterable[str] | None = None) -> list[Indicator]:
    indicators = Indicator.objects.filter(is_active=True).order_by("order", "name")
    if codes is not None:
        indicators = indicators.filter(code__in=list(codes))
    return list(indicators)


def indicator_values(
    municipality_ids: list[int],
    *,
    periods: list[tuple[date, date]],
    area_id: int | None = None,
    team_id: int | None = None,
    today: date | None = None,
    codes: Iterable[str] | None = None,
) -> dict[tuple[int, str, date], IndicatorValue]:
    """The value of every active indicator (or those in ``codes``) per gemeente and period, keyed by
    (municipality id, indicator code, period start); so no two periods may start on the same day.
    ``area_id`` (a district or neighbourhood) and ``team_id`` (a team's areas) restrict the households
    counted. ``today``: the day the figures are as of (for terms still running); by default the day of the
    latest nightly computation (``actions.indicator_cells_refresh``) while it is fresh, else today.

    For the periods that computation stored (the monitor's quarters and years, the last twelve months)
    the values are its cells added up: one query for all indicators. Other periods are computed now: one
    query per computed indicator, whatever the number of gemeenten and periods. Plus one query for the
    indicators, one for the latest computation and one for the manual measurements. No access check:
    see ``monitor_for`` and ``chain_for``'s callers."""
    return _values(
        active_indicators(codes), municipality_ids, periods, area_id=area_id, team_id=team_id, today=today
    )


def self_reliance_by_life_domain(
    municipality_id: int,
    *,
    period: tuple[date, date],
    life_domain_ids,
    today: date | None = None,
    refresh=_LATEST,
) -> dict[int, IndicatorValue]:
    """The self-reliance indicator on each of the given life domains only (one query; stored cells when
    the period is stored as of ``today``)."""
    indicator = Indicator.objects.filter(code=SELF_RELIANCE).first()
    computation = COMPUTATIONS[SELF_RELIANCE]
    if indicator is None or not life_domain_ids:
        return {}
    period = tuple(period)
    refresh = latest_refresh() if refresh is _LATEST else refresh
    today = today or reference_day(refresh)
    if refresh is not None and refresh.today == today and period in stored_periods(today):
        tallies = _stored(
            refresh, [indicator], [municipality_id], [period], None, life_domain_ids=life_domain_ids
        )
    else:
        scope = Scope(
            (municipality_id,),
            (period,),
            today,
            life_domain_ids=tuple(sorted(life_domain_ids)),
            by_life_domain=True,
        )
        tallies = computation.compute(scope)
    return {
        domain_id: _cell(
            indicator, tallies.get((municipality_id, domain_id, period), Tally()), computation.value, period
        )
        for domain_id in life_domain_ids
    }


# -- the chain -------------------------------------------------------------------------------------------

GOAL_WITHOUT_ASSIGNMENT = "goal_without_assignment"
ASSIGNMENT_WITHOUT_DELIVERY = "assignment_without_delivery"
DELIVERY_WITHOUT_RESULT = "delivery_without_result"


@dataclass
class ChainBreak:
    kind: str  # GOAL_WITHOUT_ASSIGNMENT | ASSIGNMENT_WITHOUT_DELIVERY | DELIVERY_WITHOUT_RESULT
    label: str  # a Dutch sentence naming the goal, assignment or delivery
    effect_id: int
    policy_goal_id: int | None = None
    assignment_id: int | None = None
    delivery_id: int | None = None


@dataclass
class ResultNode:
    agreed_result: AgreedResult
    value: IndicatorValue | None

    @property
    def has_value(self) -> bool:
        return self.value is not None and (self.value.suppressed or self.value.value is not None)

    @property
    def target_display(self) -> str:
        return format_value(self.agreed_result.indicator, self.agreed_result.target_value)

    @property
    def on_target(self) -> bool | None:
        """Whether the value reaches the target (None: no value shown)."""
        if self.value is None or self.value.value is None:
            return None
        target = float(self.agreed_result.target_value)
        if self.agreed_result.indicator.higher_is_better:
            return self.value.value >= target
        return self.value.value <= target


@dataclass
class DeliveryNode:
    delivery: Delivery
    delivered: bool  # the service was agreed in a plan, or the product allocated or declared, in the period


@dataclass
class AssignmentNode:
    assignment: Assignment
    in_period: bool
    deliveries: list[DeliveryNode]
    results: list[ResultNode]
    breaks: list[ChainBreak] = field(default_factory=list)


@dataclass
class GoalNode:
    policy_goal: PolicyGoal
    assignments: list[AssignmentNode]
    breaks: list[ChainBreak] = field(default_factory=list)


@dataclass
class EffectChain:
    effect: Effect
    goals: list[GoalNode]  # each with its assignments, their deliveries, agreed results and values
    breaks: list[ChainBreak]
    complete: bool  # at least one goal and no break


def services_used(municipality_id: int, service_ids, period) -> set:
    """The services agreed in a plan of the gemeente that ran in the period."""
    start, end = period
    return set(
        Agreement.objects.filter(
            service_id__in=service_ids,
            plan__household__municipality_id=municipality_id,
            plan__agreed_on__lte=end,
        )
        .filter(Q(plan__closed_on__isnull=True) | Q(plan__closed_on__gte=start))
        .order_by()
        .values_list("service_id", flat=True)
        .distinct()
    )


def products_delivered(municipality_id: int, product_ids, period) -> set:
    """The products allocated for (part of) the period, or with an expenditure in a month of it, in the
    gemeente."""
    start, end = period
    application = "decision__application"
    allocated = Allocation.objects.filter(
        **{
            f"{application}__product_id__in": product_ids,
            f"{application}__household__municipality_id": municipality_id,
        },
        starts_on__lte=end,
        ends_on__gte=start,
    ).values_list(f"{application}__product_id", flat=True)
    spent = Expenditure.objects.filter(
        **{
            f"allocation__{application}__product_id__in": product_ids,
            f"allocation__{application}__household__municipality_id": municipality_id,
        },
        month__range=(start.replace(day=1), end),
    ).values_list(f"allocation__{application}__product_id", flat=True)
    return set(allocated.order_by().distinct()) | set(spent.order_by().distinct())


def _effects(municipality_id: int) -> list[Effect]:
    return list(
        Effect.objects.filter(municipality_id=municipality_id)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "goals", queryset=PolicyGoal.objects.select_related("life_domain").order_by("order", "pk")
            ),
            Prefetch(
                "goals__assignments",
                queryset=Assignment.objects.select_related("team", "partner").order_by("starts_on", "pk"),
            ),
            Prefetch(
                "goals__assignments__deliveries",
                queryset=Delivery.objects.select_related("service", "product")
                .defer("service__search_document", "service__data")
                .order_by("pk"),
            ),
            Prefetch(
                "goals__assignments__agreed_results",
                queryset=AgreedResult.objects.select_related("indicator").order_by("indicator__order", "pk"),
            ),
        )
    )


def _delivery_break(effect, goal, assignment, node: DeliveryNode) -> ChainBreak:
    delivery = node.delivery
    names = {"delivery": delivery.label, "assignment": assignment.name}
    if delivery.service_id:
        label = _(
            'De dienst "%(delivery)s" van de opdracht "%(assignment)s" is in deze periode in geen enkel '
            "plan afgesproken."
        )
    else:
        label = _(
            'Van "%(delivery)s" (opdracht "%(assignment)s") is in deze periode niets toegewezen of '
            "gedeclareerd."
        )
    return ChainBreak(DELIVERY_WITHOUT_RESULT, label % names, effect.pk, goal.pk, assignment.pk, delivery.pk)


def chain_for(
    municipality_id: int, *, period: tuple[date, date], today: date | None = None
) -> list[EffectChain]:
    """The policy chain of a gemeente for a period: every effect with its goals, their assignments, the
    service delivery and agreed results of each with the value over the period, and where the chain
    breaks (``ChainBreak``), for the assignments that run in the period:

    - a goal without an assignment in the period;
    - an assignment without service delivery;
    - service delivery that shows no delivery in the period (a social-map service agreed in no plan that
      ran in the period; a product neither allocated for the period nor declared in it), an assignment
      without agreed results, or an agreed result without a value for the period (computed or measured).

    Values are for the whole gemeente; a goal with a life domain gets the self-reliance indicator on that
    domain. A fixed number of queries, whatever the size of the chain or the data. No access check."""
    effects = _effects(municipality_id)
    assignments = [a for e in effects for g in e.goals.all() for a in g.assignments.all()]
    deliveries = [d for a in assignments for d in a.deliveries.all()]
    service_ids = {d.service_id for d in deliveries if d.service_id}
    product_ids = {d.product_id for d in deliveries if d.product_id}
    used = services_used(municipality_id, service_ids, period) if service_ids else set()
    delivered = products_delivered(municipality_id, product_ids, period) if product_ids else set()
    indicators = {r.indicator_id: r.indicator for a in assignments for r in a.agreed_results.all()}
    values = _values(
        [i for i in indicators.values() if i.is_active], [municipality_id], [period], today=today
    )
    domain_ids = {
        goal.life_domain_id
        for effect in effects
        for goal in effect.goals.all()
        if goal.life_domain_id
        and any(
            r.indicator.code == SELF_RELIANCE for a in goal.assignments.all() for r in a.agreed_results.all()
        )
    }
    by_domain = (
        self_reliance_by_life_domain(municipality_id, period=period, life_domain_ids=domain_ids, today=today)
        if domain_ids
        else {}
    )

    def value_for(goal: PolicyGoal, result: AgreedResult) -> IndicatorValue | None:
        if result.indicator.code == SELF_RELIANCE and goal.life_domain_id in by_domain:
            return by_domain[goal.life_domain_id]
        return values.get((municipality_id, result.indicator.code, period[0]))

    start, end = period
    chains = []
    for effect in effects:
        goal_nodes, effect_breaks = [], []
        for goal in effect.goals.all():
            goal_node = GoalNode(goal, [])
            goal_assignments = list(goal.assignments.all())
            if not any(a.overlaps(start, end) for a in goal_assignments):
                goal_node.breaks.append(
                    ChainBreak(
                        GOAL_WITHOUT_ASSIGNMENT,
                        _('Het beleidsdoel "%(goal)s" heeft geen opdracht in deze periode.')
                        % {"goal": goal.name},
                        effect.pk,
                        goal.pk,
                    )
                )
            for assignment in goal_assignments:
                node = AssignmentNode(
                    assignment,
                    in_period=assignment.overlaps(start, end),
                    deliveries=[
                        DeliveryNode(d, d.product_id in delivered if d.product_id else d.service_id in used)
                        for d in assignment.deliveries.all()
                    ],
                    results=[ResultNode(r, value_for(goal, r)) for r in assignment.agreed_results.all()],
                )
                if node.in_period:
                    node.breaks = _assignment_breaks(effect, goal, node)
                goal_node.assignments.append(node)
            goal_nodes.append(goal_node)
            effect_breaks += goal_node.breaks + [b for a in goal_node.assignments for b in a.breaks]
        chains.append(
            EffectChain(effect, goal_nodes, effect_breaks, complete=bool(goal_nodes) and not effect_breaks)
        )
    return chains


def _assignment_breaks(effect, goal, node: AssignmentNode) -> list[ChainBreak]:
    assignment = node.assignment
    names = {"assignment": assignment.name}
    found = []
    if not node.deliveries:
        found.append(
            ChainBreak(
                ASSIGNMENT_WITHOUT_DELIVERY,
                _('Bij de opdracht "%(assignment)s" is geen dienstverlening vastgelegd.') % names,
                effect.pk,
                goal.pk,
                assignment.pk,
            )
        )
    found += [_delivery_break(effect, goal, assignment, d) for d in node.deliveries if not d.delivered]
    if not node.results:
        found.append(
            ChainBreak(
                DELIVERY_WITHOUT_RESULT,
                _('Bij de opdracht "%(assignment)s" zijn geen resultaten afgesproken.') % names,
                effect.pk,
                goal.pk,
                assignment.pk,
            )
        )
    for result in node.results:
        if not result.has_value:
            label = _(
                'Het afgesproken resultaat "%(indicator)s" van de opdracht "%(assignment)s" heeft over deze '
                "periode geen waarde: er is niets berekend of gemeten."
            ) % {"indicator": result.agreed_result.indicator.name, **names}
            found.append(ChainBreak(DELIVERY_WITHOUT_RESULT, label, effect.pk, goal.pk, assignment.pk))
    return found


# -- access ----------------------------------------------------------------------------------------------

CHAIN_ROLES = (Role.POLICY_ADVISOR,)
MONITOR_ROLES = (Role.POLICY_ADVISOR, Role.TEAM_LEAD)


def chain_municipality_for(user) -> Municipality:
    """The gemeente whose chain (and manual measurements) a user keeps: the policy advisor's own
    (domain.md §5: thermometer content). Everyone else: 404."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.role not in CHAIN_ROLES or not user.municipality_id:
        raise Http404
    return user.municipality


def _one_or_404(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_effect_for(user, effect_id) -> Effect:
    municipality = chain_municipality_for(user)
    return _one_or_404(Effect.objects.filter(municipality=municipality), effect_id)


def access_policy_goal_for(user, policy_goal_id) -> PolicyGoal:
    municipality = chain_municipality_for(user)
    goals = PolicyGoal.objects.filter(effect__municipality=municipality).select_related("effect")
    return _one_or_404(goals, policy_goal_id)


def access_assignment_for(user, assignment_id) -> Assignment:
    municipality = chain_municipality_for(user)
    assignments = Assignment.objects.filter(policy_goal__effect__municipality=municipality).select_related(
        "policy_goal__effect", "team", "partner"
    )
    return _one_or_404(assignments, assignment_id)


def access_delivery_for(user, delivery_id) -> Delivery:
    municipality = chain_municipality_for(user)
    deliveries = Delivery.objects.filter(assignment__policy_goal__effect__municipality=municipality)
    return _one_or_404(deliveries.select_related("assignment__policy_goal__effect"), delivery_id)


def access_agreed_result_for(user, agreed_result_id) -> AgreedResult:
    municipality = chain_municipality_for(user)
    results = AgreedResult.objects.filter(assignment__policy_goal__effect__municipality=municipality)
    return _one_or_404(
        results.select_related("assignment__policy_goal__effect", "indicator"), agreed_result_id
    )


@dataclass(frozen=True)
class MonitorReach:
    """What a user may read in the monitor: a policy advisor their gemeente (any area or team) and the
    comparison of all gemeenten; a team lead their own team's areas only."""

    municipality: Municipality
    team: Team | None  # a team lead's own team: always filtered on
    areas: list[Area]
    teams: list[Team]
    compare: bool


def monitor_reach_for(user) -> MonitorReach:
    area_ids = policy_area_ids(user)  # 404 for anyone but a policy advisor or a team lead with a team
    if user.role not in MONITOR_ROLES:
        raise Http404
    areas = list(Area.objects.filter(pk__in=area_ids).order_by("code"))
    if user.role == Role.TEAM_LEAD:
        return MonitorReach(user.team.municipality, user.team, areas, [], compare=False)
    teams = list(Team.objects.filter(municipality_id=user.municipality_id).order_by("name"))
    return MonitorReach(user.municipality, None, areas, teams, compare=True)


# -- the monitor -----------------------------------------------------------------------------------------


@dataclass
class MonitorRow:
    indicator: Indicator
    cells: list[IndicatorValue]


@dataclass
class ComparisonRow:
    municipality: Municipality
    own: bool
    cells: list[IndicatorValue]


@dataclass
class Monitor:
    reach: MonitorReach
    area: Area | None
    team: Team | None
    per: str  # "quarter" or "year"
    periods: list[tuple[date, date]]
    rows: list[MonitorRow]
    indicators: list[Indicator]
    day: date | None = None  # the figures are as of this day
    refresh: IndicatorRefresh | None = None  # the stored computation they come from (None: computed now)
    comparison_period: tuple[date, date] | None = None
    comparison: list[ComparisonRow] = field(default_factory=list)
    threshold: int = SMALL_CELL_THRESHOLD

    @property
    def labels(self) -> list[str]:
        return [period_label(period) for period in self.periods]

    @property
    def comparison_label(self) -> str:
        return period_label(self.comparison_period) if self.comparison_period else ""


def monitor_for(
    user,
    *,
    area_id: int | None = None,
    team_id: int | None = None,
    per: str = "quarter",
    today: date | None = None,
    reach: MonitorReach | None = None,
) -> Monitor:
    """Every active indicator over the last 8 quarters (or 3 years) for the user's reach, optionally for
    one area or team, and for a policy advisor the comparison of all gemeenten over the last twelve months.
    404 for anyone else, and for an area or team outside the reach. ``reach``: the user's own
    ``monitor_reach_for(user)`` when the caller already has it. The figures are as of the reference day:
    read from the nightly computation while it is fresh (a fixed number of queries that reads only the
    stored cells, whatever the number of gemeenten and households), else computed now."""
    reach = reach or monitor_reach_for(user)
    refresh = latest_refresh()
    today = today or reference_day(refresh)
    if refresh is not None and refresh.today != today:
        refresh = None
    area = None
    if area_id is not None:
        area = next((a for a in reach.areas if a.pk == area_id), None)
        if area is None:
            raise Http404
    team = reach.team
    if team is None and team_id is not None:
        team = next((t for t in reach.teams if t.pk == team_id), None)
        if team is None:
            raise Http404
    periods = year_periods(today) if per == "year" else quarter_periods(today)
    indicators = active_indicators()
    municipality = reach.municipality
    values = _values(
        indicators,
        [municipality.pk],
        periods,
        area_id=area.pk if area else None,
        team_id=team.pk if team else None,
        today=today,
        refresh=refresh,
    )
    monitor = Monitor(
        reach=reach,
        area=area,
        team=team,
        per="year" if per == "year" else "quarter",
        periods=periods,
        rows=[
            MonitorRow(indicator, [values[municipality.pk, indicator.code, start] for start, _end in periods])
            for indicator in indicators
        ],
        indicators=indicators,
        day=today,
        refresh=refresh,
    )
    if reach.compare:
        period = rolling_year(today)
        municipalities = list(Municipality.objects.order_by("name"))
        compared = _values(indicators, [m.pk for m in municipalities], [period], today=today, refresh=refresh)
        monitor.comparison_period = period
        monitor.comparison = [
            ComparisonRow(
                m,
                m.pk == municipality.pk,
                [compared[m.pk, indicator.code, period[0]] for indicator in indicators],
            )
            for m in municipalities
        ]
    return monitor


def monitor_sections(monitor: Monitor) -> list:
    """The monitor as the sections of a CSV report (``budget.views.report_csv``): the indicators per
    period, the comparison of gemeenten and the definitions. Suppressed cells read "< 10"."""
    from eenplan.budget.queries import ReportSection

    def cell(value: IndicatorValue):
        if value.suppressed:
            return f"< {monitor.threshold}"
        return None if value.value is None else Decimal(str(round(value.value, 2)))

    units = dict(Indicator.Unit.choices)
    sections = [
        ReportSection(
            key="indicatoren",
            title=_("Indicatoren per periode"),
            headers=(_("Code"), _("Indicator"), _("Eenheid"), *monitor.labels),
            rows=[
                [
                    row.indicator.code,
                    row.indicator.name,
                    str(units[row.indicator.unit]),
                    *map(cell, row.cells),
                ]
                for row in monitor.rows
            ],
        )
    ]
    if monitor.comparison:
        sections.append(
            ReportSection(
                key="vergelijking",
                title=_("Gemeenten naast elkaar, %(period)s") % {"period": monitor.comparison_label},
                headers=(_("CBS-code"), _("Gemeente"), *(i.name for i in monitor.indicators)),
                rows=[
                    [row.municipality.code, row.municipality.name, *map(cell, row.cells)]
                    for row in monitor.comparison
                ],
            )
        )
    sections.append(
        ReportSection(
            key="definities",
            title=_("Definities"),
            headers=(_("Code"), _("Indicator"), _("Hoger is beter"), _("Definitie")),
            rows=[
                [i.code, i.name, _("ja") if i.higher_is_better else _("nee"), i.definition]
                for i in monitor.indicators
            ],
        )
    )
    return sections


def measurements_for(municipality: Municipality, *, limit: int = 50) -> list[Measurement]:
    """The latest manual measurements of a gemeente (no personal data)."""
    return list(
        Measurement.objects.filter(municipality=municipality)
        .select_related("indicator", "area")
        .order_by("-period_end", "-entered_at", "-pk")[:limit]
    )
