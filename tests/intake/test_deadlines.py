"""Deadline arithmetic: known dates and properties (hypothesis) of the Algemene termijnenwet."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenplan.intake.deadlines import (
    Extension,
    Suspension,
    atw_holidays,
    days_left,
    deadline,
    is_working_day,
    rules,
    working_days_between,
)

RULES = rules()
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
rule_codes = st.sampled_from(sorted(RULES))


def test_the_default_terms_are_those_of_domain_md():
    assert {code: (r.amount, r.unit) for code, r in RULES.items()} == {
        "inquiry": (6, "weeks"),
        "personal_plan": (7, "days"),
        "wmo_decision": (2, "weeks"),
        "awb_decision": (8, "weeks"),
        "bijstand_advance": (4, "weeks"),
        "objection": (6, "weeks"),
        "objection_decision": (6, "weeks"),
        "objection_decision_committee": (12, "weeks"),
    }


def test_atw_holidays_2026_are_exactly_the_eight_of_the_law():
    assert atw_holidays(2026) == {
        date(2026, 1, 1),  # Nieuwjaarsdag
        date(2026, 4, 6),  # tweede Paasdag
        date(2026, 4, 27),  # Koningsdag
        date(2026, 5, 5),  # 5 mei, also outside lustrum years
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 25),  # tweede Pinksterdag
        date(2026, 12, 25),
        date(2026, 12, 26),
    }
    assert date(2026, 4, 3) not in atw_holidays(2026)  # Good Friday is no Atw holiday


def test_kings_day_on_a_sunday_moves_to_saturday():
    assert date(2025, 4, 26) in atw_holidays(2025)
    assert date(2025, 4, 27) not in atw_holidays(2025)


@pytest.mark.parametrize(
    ("code", "start", "expected"),
    [
        ("inquiry", date(2026, 3, 24), date(2026, 5, 6)),  # ends on 5 May → Wednesday 6 May
        ("inquiry", date(2026, 3, 25), date(2026, 5, 6)),  # a plain Wednesday
        ("wmo_decision", date(2026, 4, 13), date(2026, 4, 28)),  # King's Day Monday 27 April
        ("wmo_decision", date(2026, 4, 30), date(2026, 5, 15)),  # Ascension Thursday → Friday
        ("objection", date(2026, 11, 14), date(2026, 12, 28)),  # Saturday 26 Dec → Monday 28 Dec
        ("personal_plan", date(2026, 3, 28), date(2026, 4, 7)),  # Saturday 4 April → … → Tuesday 7 April
    ],
)
def test_known_deadlines(code, start, expected):
    assert deadline(RULES[code], start) == expected


def test_a_suspension_and_an_extension_shift_the_end():
    rule = RULES["inquiry"]
    start = date(2026, 1, 6)  # Tuesday; plain end Tuesday 17 February
    assert deadline(rule, start) == date(2026, 2, 17)
    suspended = Suspension(date(2026, 1, 20), date(2026, 1, 27), "Inwoner vroeg om uitstel")
    assert deadline(rule, start, suspensions=(suspended,)) == date(2026, 2, 24)
    extended = Extension(14, "Advies van een deskundige nodig")
    assert deadline(rule, start, suspensions=(suspended,), extensions=(extended,)) == date(2026, 3, 10)


def test_days_left():
    assert days_left(date(2026, 5, 6), date(2026, 5, 1)) == 5
    assert days_left(date(2026, 5, 6), date(2026, 5, 8)) == -2


@given(rule_codes, days)
def test_a_term_never_ends_on_a_weekend_or_atw_holiday(code, start):
    end = deadline(RULES[code], start)
    assert is_working_day(end)


@given(rule_codes, days)
def test_the_end_moves_at_most_a_few_days_past_the_plain_end(code, start):
    plain = start + timedelta(days=RULES[code].days)
    assert plain <= deadline(RULES[code], start) <= plain + timedelta(days=4)


@given(rule_codes, days)
def test_every_term_holds_at_least_two_working_days(code, start):
    end = deadline(RULES[code], start)
    assert working_days_between(start + timedelta(days=1), end) >= 2


@given(rule_codes, days, st.integers(1, 30))
def test_a_later_event_never_gives_an_earlier_end(code, start, later):
    assert deadline(RULES[code], start) <= deadline(RULES[code], start + timedelta(days=later))


@given(rule_codes, days, st.integers(0, 60))
def test_suspended_days_push_the_plain_end_by_exactly_that_many(code, start, length):
    rule = RULES[code]
    suspension = Suspension(start + timedelta(days=1), start + timedelta(days=1 + length), "test")
    assert deadline(rule, start, suspensions=(suspension,)) == deadline(rule, start + timedelta(days=length))


@given(days)
def test_five_may_is_a_holiday_every_year(day):
    assert date(day.year, 5, 5) in atw_holidays(day.year)
    assert not is_working_day(date(day.year, 5, 5))
