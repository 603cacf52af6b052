"""Reads of the integral budget (product.md principle 4, docs/adr/0010): one budget across laws, while
every euro keeps its law and its Iv3 taakveld.

For a budget year there are three figures, each restricted to that year (only the days of a period that
fall in the year count, ``provisions/money.py``):

- **toegekend** (granted): the value of granted decisions (beschikkingen): the decided volume and period,
  at the product's tariff;
- **verplicht** (committed): the value of the allocations to providers (toewijzingen);
- **besteed** (spent): the expenditures recorded with a month in the year.

The **prognose** (forecast) to year end is computed per allocation: the larger of what was spent on it
in the year and its committed value from 1 January up to and including today, plus its committed value
from tomorrow up to and including 31 December; summed over the allocations. A granted decision without
an allocation adds nothing to the forecast: until it is allocated, nobody delivers (the gap between
granted and committed is the decision maker's work list).

The household budget and the gemeente budget are built from the same list of provisions
(``provisions_in_year``), so the gemeente totals per taakveld are the sum of all household budgets.
Every budget takes a fixed number of queries, whatever the number of households.

The gemeente budget is aggregated money, not personal data: it writes no processing log. For a policy
advisor or a decision maker, rows per team and per area (wijk, buurt) with fewer than
``SMALL_CELL_THRESHOLD`` persons show no amounts (domain.md §5, small cells suppressed); the totals per
taakveld and law count them. (Primary suppression only, like household_counts_by_district: a total
minus the other rows can still reveal a suppressed row.)
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from eenplan.accounts.models import Role, Team
from eenplan.core.access import permit
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.models import Area, Municipality
from eenplan.core.queries import SMALL_CELL_THRESHOLD
from eenplan.households.models import Household
from eenplan.households.queries import access_household_for, team_area_ids
from eenplan.intake.models import Law
from eenplan.provisions import money
from eenplan.provisions.configuration import taakvelden
from eenplan.provisions.models import Allocation, Application, Decision, Product, Recommendation

from .models import Expenditure

# Decision.is_granted, as a filter.
GRANTED_OUTCOMES = (Recommendation.GRANT, Recommendation.PARTLY)
BUDGET_CATEGORIES = ("plan-agreements",)
MUNICIPALITY_BUDGET_ROLES = (Role.POLICY_ADVISOR, Role.DECISION_MAKER)


def year_window(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class Figures:
    """The four budget figures, in whole eurocents."""

    granted: int = 0
    committed: int = 0
    spent: int = 0
    forecast: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.granted + other.granted,
            self.committed + other.committed,
            self.spent + other.spent,
            self.forecast + other.forecast,
        )

    @property
    def euros(self) -> dict[str, Decimal]:
        """The figures in euros, for display (``|floatformat:"2g"`` gives € 1.234,56 in Dutch)."""
        return {field.name: cents_to_euros(getattr(self, field.name)) for field in fields(self)}


def cents_to_euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


@cache
def _taakveld_positions() -> dict[str, int]:
    return {code: index for index, code in enumerate(taakvelden())}


def _taakveld_order(code: str) -> tuple[int, str]:
    positions = _taakveld_positions()
    return positions.get(code, len(positions)), code


def _law_order(law: str) -> int:
    return Law.values.index(law) if law in Law.values else len(Law.values)


def _law_label(law: str) -> str:
    return str(Law(law).label) if law in Law.values else law


@dataclass(frozen=True)
class Provision:
    """One application's share of the budget year: its granted decision, its allocations and what was
    spent on them."""

    application: Application
    decision: Decision | None
    providers: tuple[str, ...]
    figures: Figures

    @property
    def law(self) -> str:
        return self.application.product.law

    @property
    def taakveld(self) -> str:
        return self.application.product.taakveld

    @property
    def household_id(self) -> int:
        return self.application.household_id

    @property
    def person_id(self) -> int:
        return self.application.person_id

    @property
    def area_id(self) -> int:
        return self.application.household.area_id


@dataclass(frozen=True)
class BudgetLine:
    """One Iv3 taakveld under one law."""

    taakveld: str
    law: str
    figures: Figures

    @property
    def taakveld_name(self) -> str:
        return taakvelden().get(self.taakveld, "")

    @property
    def law_label(self) -> str:
        return _law_label(self.law)


@dataclass(frozen=True)
class LawBudget:
    """One law with its lines per taakveld and their total."""

    law: str
    lines: list[BudgetLine]
    total: Figures

    @property
    def law_label(self) -> str:
        return _law_label(self.law)


@dataclass(frozen=True)
class GroupLine:
    """A team or an area. ``persons`` and ``figures`` are None when fewer persons than the threshold
    have a provision in it (small-cell suppression)."""

    code: str
    name: str
    persons: int | None
    figures: Figures | None

    @property
    def suppressed(self) -> bool:
        return self.figures is None


def _by_taakveld(lines: Iterable[BudgetLine]) -> dict[str, Figures]:
    totals: dict[str, Figures] = defaultdict(Figures)
    for line in lines:
        totals[line.taakveld] += line.figures
    return dict(totals)


@dataclass(frozen=True)
class HouseholdBudget:
    """The integral budget of one household: per law, and under each law per taakveld."""

    household: Household
    year: int
    today: date
    laws: list[LawBudget]
    provisions: list[Provision]
    total: Figures

    @property
    def lines(self) -> list[BudgetLine]:
        return [line for law in self.laws for line in law.lines]

    def by_taakveld(self) -> dict[str, Figures]:
        return _by_taakveld(self.lines)


@dataclass(frozen=True)
class MunicipalityBudget:
    """The budget of a gemeente (or of one team's areas) per taakveld and law, per law, per team and
    per area."""

    municipality: Municipality
    team: Team | None  # None: the whole gemeente
    year: int
    today: date
    threshold: int
    lines: list[BudgetLine]
    laws: list[LawBudget]
    teams: list[GroupLine]
    districts: list[GroupLine]
    neighbourhoods: list[GroupLine]
    total: Figures

    def by_taakveld(self) -> dict[str, Figures]:
        return _by_taakveld(self.lines)


def _on(prefix: str, scope: dict) -> Q:
    """The scope (lookups on Application) seen from a related model."""
    return Q(**{f"{prefix}{lookup}": value for lookup, value in scope.items()})


def allocation_figures(
    product: Product, *, volume: int, starts_on: date, ends_on: date, spent: int, year: int, today: date
) -> Figures:
    """Committed, spent and forecast of one allocation in a year. The forecast: the larger of what was
    spent on it in the year and its committed value from 1 January up to and including today, plus its
    committed value from tomorrow up to and including 31 December."""
    first, last = year_window(year)
    committed, up_to_today, from_tomorrow = (
        product.value_cents(volume, starts_on, ends_on, within=within)
        for within in (
            (first, last),
            (first, min(today, last)),
            (max(today + timedelta(days=1), first), last),
        )
    )
    return Figures(committed=committed, spent=spent, forecast=max(spent, up_to_today) + from_tomorrow)


def _decisions_in_year(scope: dict, window: tuple[date, date]):
    first, last = window
    return Decision.objects.filter(
        _on("application__", scope), outcome__in=GRANTED_OUTCOMES, starts_on__lte=last, ends_on__gte=first
    )


def _spent_in_year(scope: dict, window: tuple[date, date]):
    """The expenditures with a month in the year, and what was spent per allocation."""
    in_year = Expenditure.objects.filter(
        _on("allocation__decision__application__", scope), month__range=window
    ).order_by()
    return in_year, dict(in_year.values_list("allocation").annotate(total=Sum("amount_cents")))


def _allocations_in_year(scope: dict, window: tuple[date, date], in_year):
    first, last = window
    return Allocation.objects.filter(_on("decision__application__", scope)).filter(
        Q(starts_on__lte=last, ends_on__gte=first) | Q(pk__in=in_year.values("allocation"))
    )


def provisions_in_year(scope: dict, year: int, today: date, *, with_person: bool = False) -> list[Provision]:
    """Every application within ``scope`` (lookups on Application) with a granted decision, an allocation
    or an expenditure in the year, with its four figures. Three queries."""
    window = year_window(year)
    related = ["product", "household", *(["person"] if with_person else [])]
    decisions = _decisions_in_year(scope, window).select_related(
        *(f"application__{name}" for name in related)
    )
    in_year, spent = _spent_in_year(scope, window)
    allocations = (
        _allocations_in_year(scope, window, in_year)
        .select_related("provider", "decision", *(f"decision__application__{name}" for name in related))
        .order_by("starts_on", "pk")
    )

    found: dict[int, dict] = {}

    def entry(application: Application, decision: Decision) -> dict:
        return found.setdefault(
            application.pk,
            {"application": application, "decision": decision, "providers": [], "figures": Figures()},
        )

    for decision in decisions:
        application = decision.application
        granted = application.product.value_cents(
            decision.volume, decision.starts_on, decision.ends_on, within=window
        )
        entry(application, decision)["figures"] += Figures(granted=granted)
    for allocation in allocations:
        application = allocation.decision.application
        product = application.product
        item = entry(application, allocation.decision)
        item["figures"] += allocation_figures(
            product,
            volume=allocation.volume,
            starts_on=allocation.starts_on,
            ends_on=allocation.ends_on,
            spent=spent.get(allocation.pk, 0),
            year=year,
            today=today,
        )
        if allocation.provider.name not in item["providers"]:
            item["providers"].append(allocation.provider.name)

    provisions = [
        Provision(
            application=item["application"],
            decision=item["decision"],
            providers=tuple(item["providers"]),
            figures=item["figures"],
        )
        for item in found.values()
    ]
    return sorted(
        provisions,
        key=lambda p: (
            _law_order(p.law),
            _taakveld_order(p.taakveld),
            p.application.product.name,
            p.application.starts_on,
            p.application.pk,
        ),
    )


class Tariff(NamedTuple):
    """What ``allocation_figures`` needs of a product, without loading the product."""

    tariff_cents: int
    frequency: str

    def value_cents(self, volume: int, starts_on: date, ends_on: date, within=None) -> int:
        return money.value_cents(
            volume=volume,
            tariff_cents=self.tariff_cents,
            frequency=self.frequency,
            starts_on=starts_on,
            ends_on=ends_on,
            within=within,
        )


class ProvisionFigures(NamedTuple):
    """One application's figures and what the gemeente budget groups them by."""

    taakveld: str
    law: str
    area_id: int
    person_id: int
    figures: Figures


def provision_figures_in_year(scope: dict, year: int, today: date) -> list[ProvisionFigures]:
    """The figures of ``provisions_in_year``, summed the same way (the same ``allocation_figures``), from
    plain values instead of model instances: the gemeente budget adds up tens of thousands of
    applications at city scale (docs/performance.md). Three queries."""
    window = year_window(year)
    product = ("product__taakveld", "product__law", "household__area_id", "person_id")
    decisions = _decisions_in_year(scope, window).values_list(
        "application_id",
        *(f"application__{name}" for name in product),
        "application__product__tariff_cents",
        "application__product__frequency",
        "volume",
        "starts_on",
        "ends_on",
    )
    in_year, spent = _spent_in_year(scope, window)
    allocations = _allocations_in_year(scope, window, in_year).values_list(
        "pk",
        "decision__application_id",
        *(f"decision__application__{name}" for name in product),
        "decision__application__product__tariff_cents",
        "decision__application__product__frequency",
        "volume",
        "starts_on",
        "ends_on",
    )
    found: dict[
        int, list
    ] = {}  # application → [taakveld, law, area, person, granted, committed, spent, forecast]
    for (
        application_id,
        taakveld,
        law,
        area_id,
        person_id,
        tariff,
        frequency,
        volume,
        starts,
        ends,
    ) in decisions:
        item = found.setdefault(application_id, [taakveld, law, area_id, person_id, 0, 0, 0, 0])
        item[4] += Tariff(tariff, frequency).value_cents(volume, starts, ends, within=window)
    for (
        pk,
        application_id,
        taakveld,
        law,
        area_id,
        person_id,
        tariff,
        frequency,
        volume,
        starts,
        ends,
    ) in allocations:
        item = found.setdefault(application_id, [taakveld, law, area_id, person_id, 0, 0, 0, 0])
        figures = allocation_figures(
            Tariff(tariff, frequency),
            volume=volume,
            starts_on=starts,
            ends_on=ends,
            spent=spent.get(pk, 0),
            year=year,
            today=today,
        )
        item[5] += figures.committed
        item[6] += figures.spent
        item[7] += figures.forecast
    return [ProvisionFigures(*item[:4], Figures(*item[4:])) for item in found.values()]


def budget_lines(provisions: Iterable[Provision | ProvisionFigures]) -> list[BudgetLine]:
    """Sum per taakveld and law, in the order of the Iv3 taakvelden, then of the laws."""
    sums: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for provision in provisions:
        sums[provision.taakveld, provision.law] += provision.figures
    keys = sorted(sums, key=lambda key: (_taakveld_order(key[0]), _law_order(key[1])))
    return [BudgetLine(taakveld=taakveld, law=law, figures=sums[taakveld, law]) for taakveld, law in keys]


def law_budgets(lines: Iterable[BudgetLine]) -> list[LawBudget]:
    per_law: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        per_law[line.law].append(line)
    return [
        LawBudget(law=law, lines=per_law[law], total=sum((line.figures for line in per_law[law]), Figures()))
        for law in sorted(per_law, key=_law_order)
    ]


def _group_lines(
    provisions: Iterable[ProvisionFigures],
    keys_of: Callable[[ProvisionFigures], Iterable],
    labels: dict,
    threshold: int,
) -> list[GroupLine]:
    """Sum per group (a provision may count in more than one, e.g. teams with overlapping areas), in
    the order of ``labels`` (key → (code, name)); only groups with a provision, small cells hidden."""
    sums: dict = defaultdict(Figures)
    persons: dict = defaultdict(set)
    for provision in provisions:
        for key in keys_of(provision):
            sums[key] += provision.figures
            persons[key].add(provision.person_id)
    lines = []
    for key, (code, name) in labels.items():
        if key not in persons:
            continue
        shown = len(persons[key]) >= threshold
        lines.append(
            GroupLine(
                code=code,
                name=name,
                persons=len(persons[key]) if shown else None,
                figures=sums[key] if shown else None,
            )
        )
    return lines


def household_budget(household: Household, year: int, today: date | None = None) -> HouseholdBudget:
    """The integral budget of a household for a year: per law, under each law per taakveld, the totals
    per law and overall, and the provisions it is made of. No access check: see
    ``access_household_budget_for``."""
    today = today or timezone.localdate()
    provisions = provisions_in_year({"household": household.pk}, year, today, with_person=True)
    laws = law_budgets(budget_lines(provisions))
    return HouseholdBudget(
        household=household,
        year=year,
        today=today,
        laws=laws,
        provisions=provisions,
        total=sum((law.total for law in laws), Figures()),
    )


def municipality_budget(
    municipality: Municipality,
    year: int,
    today: date,
    *,
    team: Team | None = None,
    threshold: int | None = None,
) -> MunicipalityBudget:
    """The budget of a gemeente for a year, or of the households in one team's areas: per taakveld and
    law, per law, per team, per district and per neighbourhood, with the forecast as of ``today``.
    Six queries (seven for a team). No access check: see ``access_municipality_budget_for``."""
    threshold = SMALL_CELL_THRESHOLD if threshold is None else threshold
    scope: dict = {"household__municipality": municipality.pk}
    if team is not None:
        scope["household__area__in"] = sorted(team_area_ids(team))
    provisions = provision_figures_in_year(scope, year, today)
    lines = budget_lines(provisions)

    areas = {area.pk: area for area in Area.objects.filter(municipality=municipality).order_by("code")}
    teams = (
        [team] if team is not None else list(Team.objects.filter(municipality=municipality).order_by("name"))
    )
    # team_area_ids for every team at once: its own areas and the neighbourhoods of its districts.
    own_areas: dict[int, set[int]] = defaultdict(set)
    for team_id, area_id in Team.areas.through.objects.filter(team__in=teams).values_list(
        "team_id", "area_id"
    ):
        own_areas[team_id].add(area_id)
    teams_of_area: dict[int, list[int]] = defaultdict(list)
    for each in teams:
        served = own_areas[each.pk] | {
            pk for pk, area in areas.items() if area.parent_id in own_areas[each.pk]
        }
        for area_id in served:
            teams_of_area[area_id].append(each.pk)
    team_labels: dict = {each.pk: ("", each.name) for each in teams}
    team_labels[None] = ("", _("Geen wijkteam"))

    def district_of(provision: ProvisionFigures) -> list[int]:
        area = areas.get(provision.area_id)
        return [area.parent_id or area.pk] if area else []

    def labels(kind: str) -> dict:
        return {pk: (area.code, area.name) for pk, area in areas.items() if area.kind == kind}

    return MunicipalityBudget(
        municipality=municipality,
        team=team,
        year=year,
        today=today,
        threshold=threshold,
        lines=lines,
        laws=law_budgets(lines),
        teams=_group_lines(
            provisions, lambda p: teams_of_area.get(p.area_id) or [None], team_labels, threshold
        ),
        districts=_group_lines(provisions, district_of, labels(Area.Kind.DISTRICT), threshold),
        neighbourhoods=_group_lines(
            provisions, lambda p: [p.area_id], labels(Area.Kind.NEIGHBOURHOOD), threshold
        ),
        total=sum((line.figures for line in lines), Figures()),
    )


def granted_and_spent_by_taakveld(municipality: Municipality, year: int) -> dict[str, Figures]:
    """Per taakveld of the gemeente's tailored provisions in a year (all laws together): the value
    granted in the year (the same ``Tariff.value_cents`` as the budget) and what was spent in it; the
    committed and forecast figures stay 0 (the Thermometer's reading shows granted next to spent and
    does not pay for the allocations' arithmetic). Two queries; no access check, no small cells (a
    taakveld is a budget line, not a group of persons)."""
    scope = {"household__municipality": municipality.pk}
    window = year_window(year)
    granted: dict[str, int] = defaultdict(int)
    decisions = _decisions_in_year(scope, window).values_list(
        "application__product__taakveld",
        "application__product__tariff_cents",
        "application__product__frequency",
        "volume",
        "starts_on",
        "ends_on",
    )
    for taakveld, tariff, frequency, volume, starts, ends in decisions:
        granted[taakveld] += Tariff(tariff, frequency).value_cents(volume, starts, ends, within=window)
    spent = dict(
        Expenditure.objects.filter(_on("allocation__decision__application__", scope), month__range=window)
        .values_list("allocation__decision__application__product__taakveld")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )
    return {
        code: Figures(granted=granted.get(code, 0), spent=spent.get(code, 0))
        for code in sorted(set(granted) | set(spent), key=_taakveld_order)
    }


# Access


def access_household_budget_for(
    user, household_id, *, channel: str, year: int, today: date | None = None, purpose: str | None = None
) -> HouseholdBudget:
    """The budget of a household the user may see (access_household_for: 404 outside their reach, the
    read of the household is logged), and one more log entry for the budget itself."""
    permit(user, BUDGET_CATEGORIES, purpose)
    household = access_household_for(user, household_id, channel=channel, purpose=purpose)
    processing_log_record(
        actor=user,
        action="read",
        channel=channel,
        object_type="household_budget",
        subjects=[Subject(household.pk, household.pk)],
        categories=BUDGET_CATEGORIES,
        description="Budget van het huishouden bekeken",
        purpose=purpose,
    )
    return household_budget(household, year, today)


def budget_municipality_for(user) -> tuple[Municipality, Team | None]:
    """Whose budget a user may see, one rule per line (domain.md §5, aggregated data): a policy advisor
    and a decision maker that of their gemeente, a team lead that of their own team; everyone else
    nothing (404)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.role in MUNICIPALITY_BUDGET_ROLES and user.municipality_id:
        return user.municipality, None
    if user.role == Role.TEAM_LEAD and user.team_id:
        return user.team.municipality, user.team
    raise Http404


def access_municipality_budget_for(user, *, year: int, today: date | None = None) -> MunicipalityBudget:
    """The gemeente budget (or the team's part of it) for a user who may see it, or 404. Aggregated
    money, no personal data: nothing is logged. Small cells are suppressed for those who may not see the
    households behind them (policy advisor, decision maker); a team lead sees every household of the
    team anyway, so their team's rows are shown in full."""
    municipality, team = budget_municipality_for(user)
    threshold = 1 if team is not None else None
    return municipality_budget(
        municipality, year, today or timezone.localdate(), team=team, threshold=threshold
    )


# The accountability report (verantwoording): the same rows on screen, in CSV and in XLSX.


AMOUNT_COLUMNS = 4  # the last columns of every section: granted, committed, spent, forecast


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: list[list]  # str, int, Decimal (euros) or None (not shown: a small cell)
    total: list | None = None


def _amount_headers() -> tuple[str, ...]:
    return (_("Toegekend (€)"), _("Verplicht (€)"), _("Besteed (€)"), _("Prognose (€)"))


def _amounts(figures: Figures | None) -> list:
    if figures is None:
        return [None] * AMOUNT_COLUMNS
    return [cents_to_euros(value) for value in astuple(figures)]


def report_sections(budget: MunicipalityBudget) -> list[ReportSection]:
    """The verantwoording as sections of rows, the same on screen, in CSV and in XLSX: per taakveld and
    law, per law, per team, per district and per neighbourhood. Amounts in euros; no personal data.
    A small cell shows "minder dan 10" persons and no amounts."""
    hidden = _("minder dan %(threshold)s") % {"threshold": budget.threshold}
    total = _("Totaal")
    persons = _("Inwoners met een voorziening")

    def group(line: GroupLine) -> list:
        return [line.name, hidden if line.suppressed else line.persons, *_amounts(line.figures)]

    return [
        ReportSection(
            key="taakvelden",
            title=_("Per taakveld en wet"),
            headers=(_("Taakveld"), _("Omschrijving"), _("Wet"), *_amount_headers()),
            rows=[
                [line.taakveld, line.taakveld_name, line.law_label, *_amounts(line.figures)]
                for line in budget.lines
            ],
            total=[total, "", "", *_amounts(budget.total)],
        ),
        ReportSection(
            key="wetten",
            title=_("Per wet"),
            headers=(_("Wet"), *_amount_headers()),
            rows=[[law.law_label, *_amounts(law.total)] for law in budget.laws],
            total=[total, *_amounts(budget.total)],
        ),
        ReportSection(
            key="teams",
            title=_("Per team"),
            headers=(_("Team"), persons, *_amount_headers()),
            rows=[group(line) for line in budget.teams],
        ),
        ReportSection(
            key="wijken",
            title=_("Per wijk"),
            headers=(_("Wijkcode"), _("Wijk"), persons, *_amount_headers()),
            rows=[[line.code, *group(line)] for line in budget.districts],
        ),
        ReportSection(
            key="buurten",
            title=_("Per buurt"),
            headers=(_("Buurtcode"), _("Buurt"), persons, *_amount_headers()),
            rows=[[line.code, *group(line)] for line in budget.neighbourhoods],
        ),
    ]
