"""Reads of collective signals. Policy (the policy advisor: the whole gemeente; a team lead: the team's
areas) reads only aggregates: distinct persons (households) per theme and area, per quarter, and every
cell of fewer than 10 persons suppressed (``core.queries.suppress_small``). De-identified examples are
shown only for a cell of at least 10 persons. Counts are made in the database (GROUP BY)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncQuarter
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from eenplan.accounts.models import Role
from eenplan.assessment.models import Assessment, DomainScore
from eenplan.core.models import Area
from eenplan.core.queries import SMALL_CELL_THRESHOLD, suppress_small
from eenplan.households.queries import team_area_ids
from eenplan.plans.models import Goal

from .configuration import DOMAIN_INSTRUMENT
from .models import DerivedCount, PreventionLink, Signal, Theme

POLICY_ROLES = (Role.POLICY_ADVISOR, Role.TEAM_LEAD)
QUARTERS_SHOWN = 4
LOW_SCORE = 2  # a score of at most this on the Leefgebieden scale (1–5) counts as a derived signal
EXAMPLES_SHOWN = 10
LINK_QUARTERS = 4  # quarters before and after a prevention link
STORED_FRESH = datetime.timedelta(days=2)  # the nightly derived counts are used while at most this old


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def shift_quarters(start: datetime.date, quarters: int) -> datetime.date:
    months = start.year * 12 + start.month - 1 + 3 * quarters
    return datetime.date(months // 12, months % 12 + 1, 1)


def last_quarters(today: datetime.date, count: int = QUARTERS_SHOWN) -> list[datetime.date]:
    """The first days of the last ``count`` quarters, the current one last."""
    current = quarter_start(today)
    return [shift_quarters(current, back) for back in range(-count + 1, 1)]


def quarter_label(start: datetime.date) -> str:
    return f"{start.year} K{(start.month - 1) // 3 + 1}"


def policy_area_ids(user) -> set[int]:
    """The areas (districts and neighbourhoods) whose aggregates a user may read, or 404: the policy
    advisor the whole gemeente, a team lead the team's areas (domain.md §5). Nobody else."""
    if not user.is_authenticated or not user.is_active or user.role not in POLICY_ROLES:
        raise Http404
    if user.role == Role.POLICY_ADVISOR:
        if not user.municipality_id:
            raise Http404
        return set(Area.objects.filter(municipality_id=user.municipality_id).values_list("pk", flat=True))
    if not user.team_id:
        raise Http404
    own = team_area_ids(user.team)
    return own | set(Area.objects.filter(pk__in=own).exclude(parent=None).values_list("parent_id", flat=True))


def neighbourhoods_of(area: Area) -> list[int]:
    if area.kind == Area.Kind.NEIGHBOURHOOD:
        return [area.pk]
    return list(area.children.values_list("pk", flat=True))


class Cell(dict):
    """A count for policy: {"count": n or None, "suppressed": bool}. ``html`` is what a table cell shows
    (made here rather than in an included template: a city's overview has thousands of cells)."""

    @property
    def html(self) -> str:
        if self["suppressed"]:
            title = _("minder dan 10 personen: afgeschermd")
            return format_html('<span title="{}">&lt;&nbsp;{}</span>', title, SMALL_CELL_THRESHOLD)
        return format_html("{}", self["count"])


def _cell(count: int | None) -> Cell:
    shown = suppress_small(count or 0)
    return Cell(count=shown, suppressed=shown is None)


# -- counts -----------------------------------------------------------------------------------------------


def signal_counts(
    signals: QuerySet[Signal],
    group: str,
    since: datetime.date,
    until: datetime.date | None = None,
    *,
    by_quarter: bool = True,
) -> tuple[dict, dict]:
    """Distinct households per (theme, group) in the period, and per (theme, group, quarter) (empty
    without ``by_quarter``)."""
    signals = signals.filter(recorded_on__gte=since)
    if until:
        signals = signals.filter(recorded_on__lt=until)
    totals = {
        (row["theme_id"], row["group"]): row["persons"]
        for row in signals.values("theme_id", group=F(group))
        .annotate(persons=Count("household_key", distinct=True))
        .order_by()
    }
    if not by_quarter:
        return totals, {}
    per_quarter = {
        (row["theme_id"], row["group"], row["quarter"]): row["persons"]
        for row in signals.annotate(quarter=TruncQuarter("recorded_on"))
        .values("theme_id", "quarter", group=F(group))
        .annotate(persons=Count("household_key", distinct=True))
        .order_by()
    }
    return totals, per_quarter


def _latest_scores(area_ids) -> QuerySet[DomainScore]:
    """Scores on the Leefgebieden instrument in the latest such assessment of each person in the areas."""
    latest = (
        Assessment.objects.filter(
            person=OuterRef("assessment__person"), instrument=OuterRef("assessment__instrument")
        )
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    scores = DomainScore.objects.filter(domain__instrument__code=DOMAIN_INSTRUMENT)
    if area_ids is not None:
        scores = scores.filter(assessment__person__household__area__in=area_ids)
    return scores.filter(assessment=Subquery(latest))


def derived_counts(theme: Theme, area_ids, level: str) -> dict:
    """Per area (neighbourhood, or its district when ``level`` is "district"): persons with a score of
    at most 2 (resident or professional) on one of the theme's domains in their latest assessment, persons
    scored on those domains at all, and households with a goal on those domains. ``area_ids`` None: every
    neighbourhood of every gemeente (the nightly count)."""
    domain_ids = [domain.pk for domain in theme.domains.all()]
    if not domain_ids:
        return {}
    area_path = "assessment__person__household__area"
    group = f"{area_path}__parent_id" if level == "district" else f"{area_path}_id"
    scores = _latest_scores(area_ids).filter(domain__in=domain_ids)
    rows = (
        scores.values(group=F(group))
        .annotate(
            scored=Count("assessment__person", distinct=True),
            low=Count(
                "assessment__person",
                distinct=True,
                filter=Q(resident_score__lte=LOW_SCORE) | Q(professional_score__lte=LOW_SCORE),
            ),
        )
        .order_by()
    )
    result = {row["group"]: {"scored": row["scored"], "low": row["low"], "goals": 0} for row in rows}
    goal_group = "plan__household__area__parent_id" if level == "district" else "plan__household__area_id"
    goals = Goal.objects.filter(domains__in=domain_ids)
    if area_ids is not None:
        goals = goals.filter(plan__household__area__in=area_ids)
    goals = (
        goals.values(group=F(goal_group))
        .annotate(households=Count("plan__household", distinct=True))
        .order_by()
    )
    for row in goals:
        result.setdefault(row["group"], {"scored": 0, "low": 0, "goals": 0})["goals"] = row["households"]
    return result


# -- the overview ------------------------------------------------------------------------------------------


@dataclass
class Row:
    area: Area
    total: dict
    quarters: list[dict]
    low: dict
    share: int | None
    goals: dict


@dataclass
class ThemeOverview:
    theme: Theme
    districts: list[Row] = field(default_factory=list)
    neighbourhoods: list[Row] = field(default_factory=list)
    hidden_neighbourhoods: int = 0


@dataclass
class Overview:
    quarters: list[str]
    themes: list[ThemeOverview]
    threshold: int = SMALL_CELL_THRESHOLD


def _row(area, theme, totals, per_quarter, quarters, derived) -> Row:
    found = derived.get(area.pk, {"scored": 0, "low": 0, "goals": 0})
    low, scored = suppress_small(found["low"]), suppress_small(found["scored"])
    return Row(
        area=area,
        total=_cell(totals.get((theme.pk, area.pk))),
        quarters=[_cell(per_quarter.get((theme.pk, area.pk, quarter))) for quarter in quarters],
        low=_cell(found["low"]),
        share=round(100 * low / scored) if low is not None and scored else None,
        goals=_cell(found["goals"]),
    )


def _shown(row: Row) -> bool:
    return not (row.total["suppressed"] and row.low["suppressed"] and row.goals["suppressed"])


def _stored_day(today: datetime.date) -> datetime.date | None:
    """The day of the nightly count when it is recent enough to show (else the pages count live)."""
    latest = DerivedCount.objects.aggregate(day=Max("counted_on"))["day"]
    return latest if latest is not None and latest >= today - STORED_FRESH else None


def derived_by_theme(themes: list[Theme], neighbourhoods: list[Area], today: datetime.date) -> dict:
    """Per theme, per neighbourhood: the derived counts, from the nightly count when it is at most two
    days old (one query), otherwise counted now (two queries per theme)."""
    day = _stored_day(today)
    if day is None:
        area_ids = [area.pk for area in neighbourhoods]
        return {theme.pk: derived_counts(theme, area_ids, "neighbourhood") for theme in themes}
    result: dict = {}
    stored = DerivedCount.objects.filter(
        counted_on=day, theme__in=themes, area__in=[area.pk for area in neighbourhoods]
    ).values_list("theme_id", "area_id", "scored", "low", "goals")
    for theme_id, area_id, scored, low, goals in stored:
        result.setdefault(theme_id, {})[area_id] = {"scored": scored, "low": low, "goals": goals}
    return result


def _district_sums(per_neighbourhood: dict, neighbourhoods: list[Area]) -> dict:
    """A person (household) lives in one neighbourhood: a district's counts are its neighbourhoods' sum."""
    sums: dict = {}
    for area in neighbourhoods:
        found = per_neighbourhood.get(area.pk)
        if found and area.parent_id:
            total = sums.setdefault(area.parent_id, {"scored": 0, "low": 0, "goals": 0})
            for key in total:
                total[key] += found[key]
    return sums


def signal_overview_for(user, *, today: datetime.date | None = None) -> Overview:
    """Per theme and area (districts, and the neighbourhoods with a cell of at least 10 persons), the
    signals of the last four quarters as distinct persons, per quarter and in total, and the derived
    signals. 404 for anyone but policy (``policy_area_ids``)."""
    area_ids = policy_area_ids(user)
    today = today or timezone.localdate()
    quarters = last_quarters(today)
    areas = Area.objects.filter(pk__in=area_ids).order_by("code")
    districts = [area for area in areas if area.kind == Area.Kind.DISTRICT]
    neighbourhoods = [area for area in areas if area.kind == Area.Kind.NEIGHBOURHOOD]
    neighbourhood_ids = [area.pk for area in neighbourhoods]
    signals = Signal.objects.filter(area__in=neighbourhood_ids)
    by_district = signal_counts(signals, "area__parent_id", quarters[0])
    by_neighbourhood = signal_counts(signals, "area_id", quarters[0])
    themes = []
    active = list(Theme.objects.filter(is_active=True).prefetch_related("domains"))
    derived = derived_by_theme(active, neighbourhoods, today)
    for theme in active:
        overview = ThemeOverview(theme=theme)
        derived_neighbourhood = derived.get(theme.pk, {})
        derived_district = _district_sums(derived_neighbourhood, neighbourhoods)
        for district in districts:
            overview.districts.append(_row(district, theme, *by_district, quarters, derived_district))
        for neighbourhood in neighbourhoods:
            row = _row(neighbourhood, theme, *by_neighbourhood, quarters, derived_neighbourhood)
            if _shown(row):
                overview.neighbourhoods.append(row)
        overview.hidden_neighbourhoods = len(neighbourhoods) - len(overview.neighbourhoods)
        themes.append(overview)
    return Overview(quarters=[quarter_label(quarter) for quarter in quarters], themes=themes)


# -- one theme in one area ---------------------------------------------------------------------------------


@dataclass
class LinkEffect:
    link: PreventionLink
    before: list[tuple[str, dict]]
    after: list[tuple[str, dict]]


@dataclass
class ThemeArea:
    theme: Theme
    area: Area
    total: dict
    quarters: list[tuple[str, dict]]
    examples: list[Signal]
    links: list[LinkEffect]
    threshold: int = SMALL_CELL_THRESHOLD


def prevention_effect(link: PreventionLink, *, today: datetime.date | None = None) -> LinkEffect:
    """Distinct persons with a signal of the link's theme in its area, per quarter, for the four quarters
    before the quarter of ``linked_on`` and that quarter with the ones after it (up to today)."""
    today = today or timezone.localdate()
    start = quarter_start(link.linked_on)
    first = shift_quarters(start, -LINK_QUARTERS)
    last = min(shift_quarters(start, LINK_QUARTERS), shift_quarters(quarter_start(today), 1))
    signals = Signal.objects.filter(theme=link.theme, area__in=neighbourhoods_of(link.area))
    _totals, per_quarter = signal_counts(signals, "theme_id", first, last)
    before, after = [], []
    quarter = first
    while quarter < last:
        entry = (quarter_label(quarter), _cell(per_quarter.get((link.theme_id, link.theme_id, quarter))))
        (before if quarter < start else after).append(entry)
        quarter = shift_quarters(quarter, 1)
    return LinkEffect(link=link, before=before, after=after)


def theme_area_for(user, theme_code: str, area_id, *, today: datetime.date | None = None) -> ThemeArea:
    """One theme in one area the user may read (else 404): the persons per quarter, de-identified
    examples only when the cell has at least 10 persons, and the prevention links with their effect."""
    area_ids = policy_area_ids(user)
    try:
        theme = Theme.objects.get(code=theme_code, is_active=True)
        area = Area.objects.get(pk=area_id, pk__in=area_ids)
    except (Theme.DoesNotExist, Area.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    today = today or timezone.localdate()
    quarters = last_quarters(today)
    signals = Signal.objects.filter(theme=theme, area__in=neighbourhoods_of(area))
    totals, per_quarter = signal_counts(signals, "theme_id", quarters[0])
    total = _cell(totals.get((theme.pk, theme.pk)))
    examples = []
    if not total["suppressed"]:
        examples = list(
            signals.filter(recorded_on__gte=quarters[0]).only("text", "recorded_on")[:EXAMPLES_SHOWN]
        )
    related = [area.pk, *([area.parent_id] if area.parent_id else []), *neighbourhoods_of(area)]
    links = PreventionLink.objects.filter(theme=theme, area__in=related).select_related("service", "area")
    return ThemeArea(
        theme=theme,
        area=area,
        total=total,
        quarters=[(quarter_label(q), _cell(per_quarter.get((theme.pk, theme.pk, q)))) for q in quarters],
        examples=examples,
        links=[prevention_effect(link, today=today) for link in links],
    )


# -- recording: the consultant's side ------------------------------------------------------------------------

RECORDING_ROLES = (Role.CONSULTANT, Role.TEAM_LEAD)


def access_household_for_signal(user, household_id, *, channel: str):
    """The household a consultant or team lead records a signal from (404 for anyone else and outside
    their reach); logs the read like the household page."""
    from eenplan.households.queries import access_household_for

    if not user.is_authenticated or user.role not in RECORDING_ROLES:
        raise Http404
    return access_household_for(user, household_id, channel=channel, purpose="support")


def access_signal_preview_for(user, household_id, *, text: str, channel: str):
    """The household and the observation de-identified, for the consultant to check before saving. The
    de-identification reads the consultant's note about the household: logged as conversation notes."""
    from eenplan.core.actions import Subject, processing_log_record

    from .deidentify import deidentify

    household = access_household_for_signal(user, household_id, channel=channel)
    preview = deidentify(text)
    processing_log_record(
        actor=user,
        action="read",
        channel=channel,
        object_type="household",
        subjects=[Subject(household.pk, household.pk)],
        categories=("conversation-notes",),
        description="Waarneming ontdaan van persoonsgegevens voor een collectief signaal (voorbeeld)",
        purpose="support",
    )
    return household, preview
