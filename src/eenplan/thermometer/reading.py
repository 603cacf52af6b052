"""The reading ("de lezing") of the Thermometer: one report for the council of a gemeente, for a year,
that puts side by side what the layers think (the survey per theme and layer), whether the policy chain
holds (effect → goals → assignments → delivery → results), what residents say of the support they got
(the experience questions), what the wijkteams see (collective signals) and what the money does (the
budget per taakveld next to the agreed results). From these it writes what goes well, where the chain
breaks and which steps follow, each sentence made from the figures, never typed in.

Everything here is an aggregate: the survey per layer from 5 respondents (``surveys.queries``), persons
and households from 10 (``core.queries.suppress_small``); no personal data, so nothing is logged. The
same ``Reading`` renders as the HTML page and as the PDF."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from eenplan.accounts.models import Role
from eenplan.budget.queries import Figures, cents_to_euros, granted_and_spent_by_taakveld
from eenplan.core.documents import render_pdf
from eenplan.core.models import Area, Municipality
from eenplan.core.queries import SMALL_CELL_THRESHOLD, suppress_small
from eenplan.experience.models import Theme as ExperienceTheme
from eenplan.experience.queries import experience_results
from eenplan.intake.models import Law
from eenplan.provisions.configuration import taakvelden
from eenplan.signals.models import PreventionLink, Signal
from eenplan.signals.models import Theme as SignalTheme
from eenplan.signals.queries import last_quarters, quarter_label, signal_counts
from eenplan.surveys.queries import MIN_RESPONDENTS, latest_survey_for, theme_layer_scores

from . import charts
from .models import ReadingDocument
from .queries import chain_for, format_value, latest_refresh, reference_day

READING_ROLES = (Role.POLICY_ADVISOR,)
GOOD_SCORE = 3.5  # a survey theme on which every layer scores at least this "goes well"
GOOD_SHARE = 0.75  # an experience statement that at least this share agrees with "goes well"
POOR_SHARE = 0.5  # … and one that fewer than half agree with is a point to work on
HOTSPOTS_SHOWN = 5


def _number(value, decimals: int = 1) -> str:
    return number_format(value, decimals, force_grouping=True)


def _percentage(share: float) -> str:
    return f"{number_format(round(100 * share), 0)}%"


@dataclass
class Finding:
    """One sentence of the conclusions, with where in the reading its figures are (an anchor)."""

    text: str
    anchor: str = ""


@dataclass
class Hotspot:
    """A theme in a neighbourhood with at least 10 persons with a signal: a link to its signals."""

    theme: SignalTheme
    area_id: int
    area_name: str
    persons: int
    linked: bool


@dataclass
class Reading:
    municipality: Municipality
    year: int
    today: date
    survey: object | None
    survey_themes: list
    chains: list
    experience: dict
    signal_quarters: list[str]
    signal_rows: list[dict]
    hotspots: list[Hotspot]
    budget_rows: list[dict]
    charts: dict = field(default_factory=dict)  # key → charts.Chart
    goes_well: list[Finding] = field(default_factory=list)
    breaks: list[Finding] = field(default_factory=list)
    next_steps: list[Finding] = field(default_factory=list)
    min_respondents: int = MIN_RESPONDENTS
    threshold: int = SMALL_CELL_THRESHOLD

    @property
    def break_count(self) -> int:
        return sum(len(chain.breaks) for chain in self.chains)


def reading_municipality_for(user) -> Municipality:
    """Whose reading a user may read, or 404: the policy advisor that of their gemeente."""
    if not user.is_authenticated or not user.is_active or user.role not in READING_ROLES:
        raise Http404
    if not user.municipality_id:
        raise Http404
    return user.municipality


def access_reading_for(user, *, year: int | None = None, today: date | None = None) -> "Reading":
    """The reading of the user's gemeente (404 for anyone but its policy advisor). Aggregates only:
    nothing is logged."""
    municipality = reading_municipality_for(user)
    today = today or timezone.localdate()
    return reading(municipality, year=year or today.year, today=today)


def reading_pdf(result: Reading) -> bytes:
    """The reading as a PDF: the same text and tables, with each chart as a PNG (``charts``)."""
    html = render_to_string(
        "thermometer/reading_pdf.html", {"reading": result, "made_at": timezone.localtime()}
    )
    images = {f"grafiek-{chart.key}.png": chart.png for chart in result.charts.values() if chart.spec}
    return render_pdf(html, images=images)


def stored_reading_document(municipality: Municipality, year: int) -> ReadingDocument | None:
    """The stored PDF of the reading for ``year``, or None; ``pdf`` is read only when used (the reading
    page shows just the date)."""
    return ReadingDocument.objects.filter(municipality=municipality, year=year).defer("pdf").first()


# -- the parts -----------------------------------------------------------------------------------------------


def _survey_part(municipality: Municipality):
    survey = latest_survey_for(municipality.pk)
    return survey, (theme_layer_scores(survey) if survey else [])


def _signal_part(municipality: Municipality, today: date):
    """Persons with a signal per theme per quarter over the gemeente, and the neighbourhoods where a
    theme reaches 10 persons (with whether a prevention activity answers it there)."""
    quarters = last_quarters(today)
    signals = Signal.objects.filter(area__municipality=municipality)
    totals, per_quarter = signal_counts(signals, "theme_id", quarters[0])
    themes = list(SignalTheme.objects.filter(is_active=True))
    rows = [
        {
            "theme": theme,
            "total": suppress_small(totals.get((theme.pk, theme.pk), 0)),
            "quarters": [suppress_small(per_quarter.get((theme.pk, theme.pk, q), 0)) for q in quarters],
        }
        for theme in themes
    ]
    by_area, _none = signal_counts(signals, "area_id", quarters[0], by_quarter=False)
    large = sorted(
        (
            (persons, theme_id, area_id)
            for (theme_id, area_id), persons in by_area.items()
            if suppress_small(persons)
        ),
        reverse=True,
    )[:HOTSPOTS_SHOWN]
    hotspots = []
    if large:
        areas = Area.objects.in_bulk([area_id for _p, _t, area_id in large])
        theme_by_id = {theme.pk: theme for theme in themes}
        linked = set(
            PreventionLink.objects.filter(theme_id__in=[t for _p, t, _a in large])
            .values_list("theme_id", "area_id")
            .order_by()
        )
        for persons, theme_id, area_id in large:
            area = areas[area_id]
            if theme_id not in theme_by_id:
                continue
            hotspots.append(
                Hotspot(
                    theme=theme_by_id[theme_id],
                    area_id=area_id,
                    area_name=area.name,
                    persons=persons,
                    linked=(theme_id, area_id) in linked or (theme_id, area.parent_id) in linked,
                )
            )
    return [quarter_label(q) for q in quarters], rows, hotspots


def _budget_part(municipality: Municipality, year: int, chains) -> list[dict]:
    """Per taakveld: granted and spent on provisions, the assignments budgeted on it and their agreed
    results with the value reached."""
    figures = granted_and_spent_by_taakveld(municipality, year)
    assignments = defaultdict(list)
    for chain in chains:
        for goal in chain.goals:
            for assignment in goal.assignments:
                if assignment.assignment.taakveld:
                    assignments[assignment.assignment.taakveld].append(assignment)
    names = taakvelden()
    codes = [code for code in names if code in figures or code in assignments]
    codes += sorted((set(figures) | set(assignments)) - set(codes))
    rows = []
    for code in codes:
        own = figures.get(code, Figures())
        rows.append(
            {
                "code": code,
                "name": names.get(code, ""),
                "granted": cents_to_euros(own.granted),
                "spent": cents_to_euros(own.spent),
                "assigned": cents_to_euros(sum(a.assignment.budget_cents for a in assignments[code])),
                "assignments": assignments[code],
            }
        )
    return rows


# -- the charts ----------------------------------------------------------------------------------------------


def _survey_chart(themes) -> charts.Chart:
    from eenplan.surveys.models import Layer

    layers = [str(label) for _value, label in Layer.choices]
    hidden = charts.suppressed_label(MIN_RESPONDENTS)
    chart = charts.Chart(
        key="survey",
        title=_("Enquête: gemiddelde score per thema en laag"),
        description=_(
            "Staafdiagram met per thema de gemiddelde score (1 tot 5) van elke laag. "
            "Dezelfde cijfers staan in de tabel hieronder."
        ),
        headers=[_("Thema"), *layers, _("Verschil")],
    )
    values = []
    for theme in themes:
        row = [theme.name]
        for score in theme.layers:
            values.append({"category": theme.name, "group": str(score.label), "value": score.mean})
            row.append(_number(score.mean) if score.mean is not None else hidden)
        row.append(_number(theme.spread) if theme.spread is not None else "–")
        chart.rows.append(row)
    chart.spec = charts.grouped_bars(
        values=values,
        category_title=_("Thema"),
        group_title=_("Laag"),
        value_title=_("Gemiddelde score (1 = helemaal oneens, 5 = helemaal eens)"),
        categories=[theme.name for theme in themes],
        groups=layers,
        domain=(1, 5),
    )
    return chart


def _chain_chart(chains) -> charts.Chart:
    chart = charts.Chart(
        key="chain",
        title=_("Beleidsketen: breuken per effect"),
        description=_("Staafdiagram met per effect het aantal breuken in de keten eronder."),
        headers=[_("Effect"), _("Beleidsdoelen"), _("Opdrachten"), _("Dienstverlening"), _("Breuken")],
    )
    values = []
    for chain in chains:
        assignments = [a for goal in chain.goals for a in goal.assignments]
        deliveries = sum(len(a.deliveries) for a in assignments)
        chart.rows.append(
            [chain.effect.name, len(chain.goals), len(assignments), deliveries, len(chain.breaks)]
        )
        values.append({"category": chain.effect.name, "value": len(chain.breaks)})
    chart.spec = charts.bars(
        values=values,
        category_title=_("Effect"),
        value_title=_("Aantal breuken"),
        categories=[chain.effect.name for chain in chains],
        value_format="d",
    )
    return chart


def _experience_chart(experience: dict) -> charts.Chart:
    hidden = charts.suppressed_label(SMALL_CELL_THRESHOLD)
    chart = charts.Chart(
        key="experience",
        title=_("Ervaringen van inwoners: aandeel dat het eens is"),
        description=_(
            "Staafdiagram met per vraag het aandeel inwoners dat het (helemaal) eens is. "
            "Dezelfde cijfers staan in de tabel hieronder."
        ),
        headers=[_("Thema"), _("Wet"), _("Stelling"), _("Antwoorden"), _("Eens")],
    )
    values, categories = [], []
    for theme, results in experience.items():
        theme_label = str(ExperienceTheme(theme).label) if theme in ExperienceTheme.values else theme
        for result in results:
            law = str(Law(result.law).label) if result.law in Law.values else result.law
            chart.rows.append(
                [
                    theme_label,
                    law,
                    result.statement,
                    result.answer_count if result.answer_count is not None else hidden,
                    _percentage(result.agree_share) if result.agree_share is not None else hidden,
                ]
            )
            category = f"{law}: {result.statement}"[:80]
            categories.append(category)
            values.append(
                {
                    "category": category,
                    "value": None if result.agree_share is None else 100 * result.agree_share,
                }
            )
    chart.spec = charts.bars(
        values=values,
        category_title=_("Stelling"),
        value_title=_("Eens (%)"),
        categories=categories,
        domain=(0, 100),
    )
    return chart


def _signal_chart(quarters, rows) -> charts.Chart:
    hidden = charts.suppressed_label(SMALL_CELL_THRESHOLD)
    chart = charts.Chart(
        key="signals",
        title=_("Collectieve signalen: personen per thema"),
        description=_(
            "Staafdiagram met per thema het aantal personen met een signaal in de laatste vier kwartalen. "
            "Thema's met minder dan 10 personen ontbreken; de tabel hieronder toont ook de kwartalen."
        ),
        headers=[_("Thema"), *quarters, _("Totaal")],
    )
    for row in rows:
        chart.rows.append(
            [
                row["theme"].name,
                *[hidden if n is None else n for n in row["quarters"]],
                hidden if row["total"] is None else row["total"],
            ]
        )
    chart.spec = charts.bars(
        values=[{"category": row["theme"].name, "value": row["total"]} for row in rows],
        category_title=_("Thema"),
        value_title=_("Personen in vier kwartalen"),
        categories=[row["theme"].name for row in rows],
        value_format="d",
    )
    return chart


def _budget_chart(rows) -> charts.Chart:
    chart = charts.Chart(
        key="budget",
        title=_("Budget per taakveld: toegekend en besteed"),
        description=_(
            "Staafdiagram met per taakveld het toegekende en het bestede bedrag aan maatwerk, in euro. "
            "Dezelfde bedragen staan in de tabel hieronder, met de opdrachten op dat taakveld."
        ),
        headers=[
            _("Taakveld"),
            _("Toegekend (€)"),
            _("Besteed (€)"),
            _("In opdrachten (€)"),
            _("Afgesproken resultaten"),
        ],
    )
    values = []
    granted, spent = _("Toegekend"), _("Besteed")
    for row in rows:
        label = f"{row['code']} {row['name']}".strip()
        chart.rows.append(
            [
                label,
                _number(row["granted"], 0),
                _number(row["spent"], 0),
                _number(row["assigned"], 0),
                "; ".join(_result_text(result) for node in row["assignments"] for result in node.results)
                or "–",
            ]
        )
        values.append({"category": label, "group": granted, "value": float(row["granted"])})
        values.append({"category": label, "group": spent, "value": float(row["spent"])})
    chart.spec = charts.grouped_bars(
        values=values,
        category_title=_("Taakveld"),
        group_title=_("Bedrag"),
        value_title=_("Euro"),
        categories=[f"{row['code']} {row['name']}".strip() for row in rows],
        groups=[granted, spent],
        value_format=",.0f",
    )
    return chart


def _result_text(result) -> str:
    """An agreed result in words: "Naam indicator: 62% (afgesproken 70%)"."""
    indicator = result.agreed_result.indicator
    if result.value is None or result.value.value is None:
        shown = (
            charts.suppressed_label(SMALL_CELL_THRESHOLD) if result.value and result.value.suppressed else "–"
        )
    else:
        shown = format_value(indicator, result.value.value)
    return _("%(indicator)s: %(value)s (afgesproken %(target)s)") % {
        "indicator": indicator.name,
        "value": shown,
        "target": result.target_display,
    }


# -- the conclusions -----------------------------------------------------------------------------------------


def _conclude(reading: Reading) -> None:
    well, breaks, steps = reading.goes_well, reading.breaks, reading.next_steps
    for theme in reading.survey_themes:
        means = [score.mean for score in theme.layers if score.mean is not None]
        if theme.diverges and theme.lowest and theme.highest:
            breaks.append(
                Finding(
                    _(
                        "%(theme)s: %(high)s geeft gemiddeld %(high_score)s, %(low)s %(low_score)s. "
                        "De lagen zien dit thema verschillend."
                    )
                    % {
                        "theme": theme.name,
                        "high": theme.highest.label,
                        "high_score": _number(theme.highest.mean),
                        "low": str(theme.lowest.label).lower(),
                        "low_score": _number(theme.lowest.mean),
                    },
                    "enquete",
                )
            )
            steps.append(
                Finding(
                    _(
                        "Bespreek %(theme)s met %(high)s en %(low)s samen: waar verschillen beleid en "
                        "praktijk, en wat is er nodig om dat te dichten?"
                    )
                    % {
                        "theme": str(theme.name).lower(),
                        "high": str(theme.highest.label).lower(),
                        "low": str(theme.lowest.label).lower(),
                    },
                    "enquete",
                )
            )
        elif means and min(means) >= GOOD_SCORE:
            well.append(
                Finding(
                    _("%(theme)s: alle lagen zijn het eens en positief (gemiddeld %(low)s tot %(high)s).")
                    % {"theme": theme.name, "low": _number(min(means)), "high": _number(max(means))},
                    "enquete",
                )
            )
    for chain in reading.chains:
        if chain.complete:
            well.append(
                Finding(
                    _(
                        "De keten onder “%(effect)s” is compleet: elk doel heeft een opdracht, elke opdracht "
                        "dienstverlening, en die levert resultaat."
                    )
                    % {"effect": chain.effect.name},
                    "keten",
                )
            )
        for found in chain.breaks:
            breaks.append(Finding(found.label, "keten"))
            steps.append(Finding(_step_for(found), "keten"))
        for goal in chain.goals:
            for node in goal.assignments:
                for agreed in node.results:
                    if agreed.on_target is True:
                        well.append(
                            Finding(
                                _("Resultaat gehaald: %(result)s.") % {"result": _result_text(agreed)},
                                "budget",
                            )
                        )
                    elif agreed.on_target is False:
                        breaks.append(
                            Finding(
                                _("Resultaat niet gehaald: %(result)s.") % {"result": _result_text(agreed)},
                                "budget",
                            )
                        )
    for results in reading.experience.values():
        for answer in results:
            if answer.agree_share is None:
                continue
            values = {"statement": answer.statement.rstrip("."), "share": _percentage(answer.agree_share)}
            if answer.agree_share >= GOOD_SHARE:
                well.append(
                    Finding(_("Inwoners: %(share)s is het eens met “%(statement)s”.") % values, "ervaring")
                )
            elif answer.agree_share < POOR_SHARE:
                breaks.append(
                    Finding(
                        _("Inwoners: maar %(share)s is het eens met “%(statement)s”.") % values, "ervaring"
                    )
                )
    for hotspot in reading.hotspots:
        if hotspot.linked:
            continue
        breaks.append(
            Finding(
                _("%(persons)s personen met een signaal over %(theme)s in %(area)s.")
                % {
                    "persons": hotspot.persons,
                    "theme": str(hotspot.theme.name).lower(),
                    "area": hotspot.area_name,
                },
                "signalen",
            )
        )
        steps.append(
            Finding(
                _(
                    "Zoek met de wijk naar een preventieve activiteit tegen %(theme)s in %(area)s en "
                    "koppel die aan de signalen, zodat het effect te volgen is."
                )
                % {"theme": str(hotspot.theme.name).lower(), "area": hotspot.area_name},
                "signalen",
            )
        )
    for row in reading.budget_rows:
        if row["granted"] and row["spent"] > row["granted"]:
            breaks.append(
                Finding(
                    _("Taakveld %(code)s: er is meer besteed (€ %(spent)s) dan toegekend (€ %(granted)s).")
                    % {
                        "code": row["code"],
                        "spent": _number(row["spent"], 0),
                        "granted": _number(row["granted"], 0),
                    },
                    "budget",
                )
            )
    if reading.survey is None:
        steps.append(
            Finding(
                _("Zet een enquête uit onder alle lagen, zodat de lezing ook hun beeld toont."), "enquete"
            )
        )


def _step_for(found) -> str:
    steps = {
        "goal_without_assignment": _(
            "Geef dit doel een opdracht: wie voert het uit, met welk afgesproken resultaat en welk budget?"
        ),
        "assignment_without_delivery": _(
            "Spreek met de uitvoerder af welke dienstverlening deze opdracht invult, en zet die op de "
            "sociale kaart."
        ),
        "delivery_without_result": _(
            "Ga na waarom deze dienstverlening niet wordt ingezet of geen resultaat meet: kennen "
            "consulenten het aanbod, en past het bij de vragen van inwoners?"
        ),
    }
    return f"{found.label} {steps.get(found.kind, '')}".strip()


# -- the whole -----------------------------------------------------------------------------------------------


def reading(municipality: Municipality, *, year: int, today: date) -> Reading:
    """The reading of a gemeente for a year (its chain and budget over that year; the latest survey; the
    experience answers of that year; the signals of the last four quarters)."""
    # The chain over the calendar year, with the indicator figures of the nightly computation (a stored
    # period: the monitor and the chain page show the same values).
    period = (date(year, 1, 1), date(year, 12, 31))
    survey, survey_themes = _survey_part(municipality)
    chains = chain_for(municipality.pk, period=period, today=reference_day(latest_refresh()))
    experience = experience_results(municipality, since=date(year, 1, 1))
    quarters, signal_rows, hotspots = _signal_part(municipality, today)
    result = Reading(
        municipality=municipality,
        year=year,
        today=today,
        survey=survey,
        survey_themes=survey_themes,
        chains=chains,
        experience=experience,
        signal_quarters=quarters,
        signal_rows=signal_rows,
        hotspots=hotspots,
        budget_rows=_budget_part(municipality, year, chains),
    )
    result.charts = {
        chart.key: chart
        for chart in (
            _survey_chart(survey_themes),
            _chain_chart(chains),
            _experience_chart(experience),
            _signal_chart(quarters, signal_rows),
            _budget_chart(result.budget_rows),
        )
    }
    _conclude(result)
    return result
