"""The deadline engine: legal terms (domain.md §1) as configuration, with the Algemene termijnenwet.

Which terms start with which event, for which laws, is configuration too (config/legal_terms.json).
A term runs from the day after the event (a melding received, a decision made known): six weeks after
Tuesday 24 March ends on Tuesday 5 May. Suspensions (Awb 4:15) and extensions (Awb 4:14) shift the
end. Then the Algemene termijnenwet applies: a term that ends on a Saturday, Sunday or Atw holiday
ends on the next working day (art. 1), and a term of three days or more holds at least two working
days (art. 2).
"""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import holidays

CONFIG = Path(__file__).resolve().parent / "config" / "legal_terms.json"

# Atw art. 3 lid 1: the generally recognised holidays (besides Sundays). Good Friday is not one.
ATW_HOLIDAY_NAMES = {
    "New Year's Day",
    "Easter Monday",
    "Ascension Day",
    "Pentecost Monday",  # tweede Pinksterdag
    "Christmas Day",
    "Second Day of Christmas",
    "King's Day",
}


@dataclass(frozen=True)
class TermRule:
    code: str
    name: str
    amount: int
    unit: str  # "days" or "weeks"
    source: str
    event: str  # what starts the term: support_request, application, decision, objection, …
    laws: tuple[str, ...] = ()  # the term applies when one of these laws is in play; () = always

    def applies_to(self, laws) -> bool:
        return not self.laws or bool(set(self.laws) & set(laws))

    @property
    def days(self) -> int:
        return self.amount * 7 if self.unit == "weeks" else self.amount


@dataclass(frozen=True)
class Suspension:
    """The term stands still from ``start`` up to (not including) ``end``; Awb 4:15."""

    start: date
    end: date
    reason: str

    @property
    def days(self) -> int:
        return max((self.end - self.start).days, 0)


@dataclass(frozen=True)
class Extension:
    """A new, later term announced to the resident; Awb 4:14 lid 3."""

    days: int
    reason: str


@cache
def rules() -> dict[str, TermRule]:
    items = json.loads(CONFIG.read_text(encoding="utf-8"))
    return {item["code"]: TermRule(**{**item, "laws": tuple(item.get("laws", ()))}) for item in items}


def rules_for(event: str, laws) -> list[TermRule]:
    """The terms that start with an event, for the laws in play."""
    return [rule for rule in rules().values() if rule.event == event and rule.applies_to(laws)]


@cache
def atw_holidays(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day for day, name in calendar.items() if name in ATW_HOLIDAY_NAMES}
    days.add(date(year, 5, 5))  # every year under the Atw, not only in lustrum years
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in atw_holidays(day.year)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_between(first: date, last: date) -> int:
    """Working days from ``first`` up to and including ``last``."""
    return sum(
        1 for offset in range((last - first).days + 1) if is_working_day(first + timedelta(days=offset))
    )


def deadline(
    rule: TermRule,
    start: date,
    *,
    suspensions: tuple[Suspension, ...] = (),
    extensions: tuple[Extension, ...] = (),
) -> date:
    """The last day of a term that starts with the event on ``start``."""
    end = start + timedelta(days=rule.days)
    end += timedelta(days=sum(s.days for s in suspensions) + sum(e.days for e in extensions))
    end = next_working_day(end)  # Atw art. 1
    if rule.days >= 3:  # Atw art. 2
        while working_days_between(start + timedelta(days=1), end) < 2:
            end = next_working_day(end + timedelta(days=1))
    return end


def days_left(end: date, today: date) -> int:
    """Calendar days until the end of a term; negative once it has passed."""
    return (end - today).days
