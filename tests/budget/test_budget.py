"""The integral budget (product.md principle 4, docs/adr/0010): exact figures per law and taakveld, the
gemeente totals as the sum of the household budgets, the forecast, who may see what, the verantwoording
as CSV and XLSX equal to the screen, the API, and a bounded number of queries.

Values by hand for 2026 (see budget_world in conftest.py; weekly: volume × tariff × days / 7; a total
spread evenly over its days; half a cent rounds up):
  A wmo-hh 3 h/week × €32,50, 2025-10-01..2026-03-31: 90 days in 2026 → 9750 × 90 / 7 = 125357,14 → 125357
  B jw-ambulant granted 2 h/week × €95, 2026-07-01..2027-06-30: 184 days in 2026 → 19000 × 184 / 7
    = 499428,57 → 499429; allocated 1 h/week in 2026 → 9500 × 184 / 7 = 249714,29 → 249714
  C wgs-schuldhulp €1.800 over 2026-05-01..2027-04-30 (365 days), 245 in 2026 → 180000 × 245 / 365
    = 120821,92 → 120822
  D pw-bijzondere-bijstand €450 (not allocated), E wmo-hulpmiddel €250, R refused, F only in 2025.
"""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from unittest.mock import ANY

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from eenplan.budget.queries import (
    Figures,
    access_household_budget_for,
    access_municipality_budget_for,
    allocation_figures,
    granted_and_spent_by_taakveld,
    household_budget,
    municipality_budget,
    report_sections,
)
from eenplan.core.models import ProcessingLogEntry
from eenplan.households.models import Household
from eenplan.provisions.models import Product

pytestmark = pytest.mark.django_db

JUNE_15 = date(2026, 6, 15)
A = Figures(granted=125357, committed=125357, spent=130000, forecast=130000)
B = Figures(granted=499429, committed=249714, spent=0, forecast=249714)
C = Figures(granted=120822, committed=120822, spent=30000, forecast=128137)
D = Figures(granted=45000)
E = Figures(granted=25000, committed=25000, spent=25000, forecast=25000)


def euro_text(cents: int) -> str:
    return "€&nbsp;" + f"{Decimal(cents).scaleb(-2):,.2f}".translate(str.maketrans(",.", ".,"))


def zwolle(world):
    return world.north_household.municipality


# The figures


def test_a_household_budget_per_law_and_taakveld(budget_world, world):
    budget = household_budget(world.north_household, 2026, JUNE_15)

    assert [
        (law.law, [(line.taakveld, line.figures) for line in law.lines], law.total) for law in budget.laws
    ] == [
        ("wmo", [("6.711", A)], A),
        ("jeugdwet", [("6.751", B)], B),
    ]
    assert budget.total == Figures(granted=624786, committed=375071, spent=130000, forecast=379714)
    assert [
        (p.application.product.code, p.application.person.given_name, p.providers) for p in budget.provisions
    ] == [
        ("wmo-hh", "Alice", ("Thuiszorg De Linde",)),
        ("jw-ambulant", "Bram", ("Jeugdhulp Zwolle",)),
    ]
    assert budget.laws[1].lines[0].taakveld_name == "Jeugdhulp ambulant lokaal"
    assert budget.laws[1].law_label == "Jeugdwet"


def test_two_laws_in_one_taakveld_stay_apart_and_a_refusal_counts_nothing(budget_world, world):
    budget = household_budget(world.south_household, 2026, JUNE_15)

    assert [(line.taakveld, line.law, line.figures) for line in budget.lines] == [
        ("6.3", "participatiewet", D),
        ("6.3", "wgs", C),
    ]
    assert budget.by_taakveld() == {"6.3": D + C}
    assert "wmo-begeleiding" not in [p.application.product.code for p in budget.provisions]


def test_only_the_days_in_the_year_count(budget_world, world):
    third = budget_world.third_household

    in_2025 = household_budget(third, 2025, date(2025, 12, 31))
    # F: 2 h/week × €32,50 for 365 days = 6500 × 365 / 7 = 338928,57; spent June 2025: 8 × 3250.
    assert in_2025.by_taakveld() == {"6.711": Figures(338929, 338929, 26000, 338929)}
    assert household_budget(third, 2026, JUNE_15).by_taakveld() == {"6.60": E}
    assert household_budget(third, 2027, JUNE_15).provisions == []


def test_the_gemeente_budget_is_the_sum_of_the_household_budgets_per_taakveld(budget_world, world):
    """The acceptance test of the issue."""
    budget = municipality_budget(zwolle(world), 2026, JUNE_15)

    households = Household.objects.filter(municipality=zwolle(world))
    assert households.count() == 3
    summed: dict[str, Figures] = {}
    for household in households:
        for taakveld, figures in household_budget(household, 2026, JUNE_15).by_taakveld().items():
            summed[taakveld] = summed.get(taakveld, Figures()) + figures
    assert budget.by_taakveld() == summed
    assert budget.by_taakveld() == {"6.3": D + C, "6.60": E, "6.711": A, "6.751": B}
    # The Thermometer's reading takes granted and spent per taakveld the short way: the same figures.
    assert granted_and_spent_by_taakveld(zwolle(world), 2026) == {
        code: Figures(granted=figures.granted, spent=figures.spent) for code, figures in summed.items()
    }
    assert [(line.taakveld, line.law, line.figures) for line in budget.lines] == [
        ("6.3", "participatiewet", D),
        ("6.3", "wgs", C),
        ("6.60", "wmo", E),
        ("6.711", "wmo", A),
        ("6.751", "jeugdwet", B),
    ]
    assert [(law.law, law.total) for law in budget.laws] == [
        ("wmo", A + E),
        ("jeugdwet", B),
        ("participatiewet", D),
        ("wgs", C),
    ]
    # Amsterdam's household (X, allocated and spent in 2026) is not in Zwolle's budget.
    assert budget.total == Figures(granted=815608, committed=520893, spent=185000, forecast=532851)


def test_the_forecast_per_allocation_for_a_fixed_day(budget_world, world):
    """Per allocation: max(spent this year, committed 1 Jan..today) + committed tomorrow..31 Dec.

    On 15 June: A ended 31 March, committed 125357 but 130000 spent → 130000. B starts 1 July: nothing
    up to today, 249714 after. C from 1 May: committed up to today 46 days = 180000 × 46 / 365 = 22684,93
    → 22685, but 30000 spent → 30000; after today 199 days = 98136,99 → 98137; together 128137.
    E: 25000. D was granted, never allocated: no forecast.
    """
    budget = municipality_budget(zwolle(world), 2026, JUNE_15)
    assert {line.taakveld + " " + line.law: line.figures.forecast for line in budget.lines} == {
        "6.3 participatiewet": 0,
        "6.3 wgs": 30000 + 98137,
        "6.60 wmo": 25000,
        "6.711 wmo": 130000,
        "6.751 jeugdwet": 249714,
    }
    # After the year: per allocation the larger of what was spent and what was committed in the year.
    assert municipality_budget(zwolle(world), 2026, date(2027, 1, 10)).total.forecast == (
        130000 + 249714 + 120822 + 25000
    )


@settings(max_examples=300, deadline=None)
@given(
    frequency=st.sampled_from(["1", "2", "4", "6"]),
    tariff=st.integers(1, 200_000),
    volume=st.integers(1, 500),
    starts_on=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    length=st.integers(0, 900),
    spent=st.integers(0, 50_000_000),
    today=st.dates(date(2025, 6, 1), date(2027, 6, 30)),
)
def test_the_forecast_of_an_allocation_follows_its_definition(
    frequency, tariff, volume, starts_on, length, spent, today
):
    product = Product(frequency=frequency, tariff_cents=tariff)
    ends_on = starts_on + timedelta(days=length)
    figures = allocation_figures(
        product, volume=volume, starts_on=starts_on, ends_on=ends_on, spent=spent, year=2026, today=today
    )

    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert figures.committed == product.value_cents(volume, starts_on, ends_on, within=year)
    assert figures.spent == spent
    assert figures.forecast >= spent
    assert figures.forecast >= figures.committed - 1  # two roundings instead of one: a cent at most
    if spent == 0:
        assert abs(figures.forecast - figures.committed) <= 1
    if today >= date(2026, 12, 31):
        assert figures.forecast == max(spent, figures.committed)


def test_per_team_and_area_with_small_cells_suppressed(budget_world, world):
    exact = municipality_budget(zwolle(world), 2026, JUNE_15, threshold=1)
    assert [(line.name, line.persons, line.figures) for line in exact.teams] == [
        ("Wijkteam Noord", 3, A + B + E),
        ("Wijkteam Zuid", 1, C + D),
    ]
    assert [(line.name, line.persons, line.figures) for line in exact.districts] == [
        ("Noord", 3, A + B + E),
        ("Zuid", 1, C + D),
    ]
    north, third = world.north_household.area, budget_world.third_household.area
    assert [(line.code, line.persons, line.figures) for line in exact.neighbourhoods] == sorted(
        [(north.code, 2, A + B), (world.south_household.area.code, 1, C + D), (third.code, 1, E)]
    )

    small = municipality_budget(zwolle(world), 2026, JUNE_15, threshold=2)
    assert [(line.name, line.persons, line.figures) for line in small.teams] == [
        ("Wijkteam Noord", 3, A + B + E),
        ("Wijkteam Zuid", None, None),
    ]
    assert small.total == exact.total  # the totals count every cell

    default = municipality_budget(zwolle(world), 2026, JUNE_15)
    assert default.threshold == 10
    assert all(line.suppressed for line in default.teams + default.districts + default.neighbourhoods)


def test_budgets_take_a_fixed_number_of_queries(budget_world, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        budget = municipality_budget(zwolle(world), 2026, JUNE_15)
        report_sections(budget)
    with django_assert_max_num_queries(3):
        household_budget(world.north_household, 2026, JUNE_15)


# Access


def test_access_household_budget_logs_the_household_and_the_budget(budget_world, world):
    before = ProcessingLogEntry.objects.count()

    budget = access_household_budget_for(world.consultant, world.north_household.pk, channel="api", year=2026)

    assert budget.by_taakveld()["6.711"].granted == A.granted
    entries = list(ProcessingLogEntry.objects.filter(sequence__gt=before).order_by("sequence"))
    household, bob = world.north_household.pk, world.consultant.pk
    assert [(e.object_type, e.description, e.channel, e.household_id, e.actor_id) for e in entries] == [
        ("household", "Huishouden bekeken", "api", household, bob),
        ("household_budget", "Budget van het huishouden bekeken", "api", household, bob),
    ]
    assert entries[1].categories == ["plan-agreements"]


@pytest.mark.parametrize(
    "persona", ["other_consultant", "decision_maker", "partner_professional", "policy_advisor"]
)
def test_access_household_budget_outside_reach_is_404_and_logs_nothing(budget_world, world, persona):
    from django.http import Http404

    before = ProcessingLogEntry.objects.count()
    with pytest.raises(Http404):
        access_household_budget_for(
            getattr(world, persona), world.north_household.pk, channel="screen", year=2026
        )
    assert ProcessingLogEntry.objects.count() == before


def test_access_municipality_budget_per_role(budget_world, world):
    from django.http import Http404

    for persona in ("policy_advisor", "decision_maker"):
        budget = access_municipality_budget_for(getattr(world, persona), year=2026, today=JUNE_15)
        assert (budget.team, budget.total.granted) == (None, 815608)
    team_budget = access_municipality_budget_for(world.team_lead, year=2026, today=JUNE_15)
    assert team_budget.team.name == "Wijkteam Noord"
    assert team_budget.by_taakveld() == {"6.60": E, "6.711": A, "6.751": B}
    # The team lead sees every household of the team anyway: no small cells hidden.
    assert [(line.name, line.persons, line.figures) for line in team_budget.teams] == [
        ("Wijkteam Noord", 3, A + B + E)
    ]
    assert [line.persons for line in team_budget.neighbourhoods] == [2, 1]
    for persona in ("consultant", "other_consultant", "resident", "partner_professional", "functional_admin"):
        with pytest.raises(Http404):
            access_municipality_budget_for(getattr(world, persona), year=2026)


# Screens


def test_the_consultant_sees_the_household_budget(client, budget_world, world):
    client.force_login(world.consultant)
    before = ProcessingLogEntry.objects.count()

    response = client.get(f"/budget/huishouden/{world.north_household.pk}/?jaar=2026")

    assert response.status_code == 200
    page = response.text
    assert "Budget van huishouden HH-" in page
    assert "6.711 Huishoudelijke hulp (WMO)" in page
    assert "€&nbsp;1.253,57" in page  # A granted
    assert "€&nbsp;6.247,86" in page  # total granted
    forecast = household_budget(world.north_household, 2026, timezone.localdate()).total.forecast
    assert euro_text(forecast) in page
    assert "Alice Jansen" in page and "Jeugdhulp Zwolle" in page
    assert "Zo rekenen we" in page
    assert ProcessingLogEntry.objects.filter(sequence__gt=before).count() == 2


def test_a_year_without_provisions_shows_an_empty_state(client, budget_world, world):
    client.force_login(world.consultant)
    page = client.get(f"/budget/huishouden/{world.north_household.pk}/?jaar=2030").text
    assert "Nog geen toegekende voorzieningen in 2030." in page


def test_an_invalid_year_falls_back_to_this_year_with_a_message(client, budget_world, world):
    client.force_login(world.consultant)
    response = client.get(f"/budget/huishouden/{world.north_household.pk}/?jaar=abc")
    assert response.status_code == 200
    assert response.context["budget"].year == timezone.localdate().year
    assert "Vul een jaartal in" in response.text


def test_a_household_outside_reach_is_404_and_logs_nothing(client, budget_world, world):
    client.force_login(world.consultant)
    before = ProcessingLogEntry.objects.count()
    response = client.get(f"/budget/huishouden/{world.south_household.pk}/?jaar=2026")
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.count() == before


def test_the_household_page_links_to_its_budget(client, budget_world, world):
    client.force_login(world.consultant)
    page = client.get(f"/huishoudens/{world.north_household.pk}/").text
    assert f'href="/budget/huishouden/{world.north_household.pk}/"' in page


def test_the_policy_advisor_sees_the_gemeente_budget_without_logging(client, budget_world, world):
    client.force_login(world.policy_advisor)
    before = ProcessingLogEntry.objects.count()

    response = client.get("/budget/?jaar=2026")

    assert response.status_code == 200
    page = response.text
    assert "Integraal budget 2026" in page and "Gemeente Zwolle." in page
    assert "€&nbsp;8.156,08" in page  # total granted
    assert "6.751" in page and "Jeugdhulp ambulant lokaal" in page
    assert "minder dan 10" in page and "niet getoond" in page  # small cells
    assert 'href="/budget/verantwoording.csv?jaar=2026"' in page
    assert 'href="/budget/verantwoording.xlsx?jaar=2026"' in page
    assert "Budget" in [item["label"] for item in response.context["navigation"]]
    assert ProcessingLogEntry.objects.count() == before


def test_the_gemeente_budget_shows_an_empty_state(client, world):
    client.force_login(world.policy_advisor)
    assert "Nog geen toegekende voorzieningen in 2026." in client.get("/budget/?jaar=2026").text


@pytest.mark.parametrize(
    "persona", ["consultant", "other_consultant", "resident", "partner_professional", "functional_admin"]
)
@pytest.mark.parametrize("url", ["/budget/", "/budget/verantwoording.csv", "/budget/verantwoording.xlsx"])
def test_others_do_not_see_the_gemeente_budget(client, budget_world, world, persona, url):
    client.force_login(getattr(world, persona))
    assert client.get(url).status_code == 404


# The verantwoording: CSV and XLSX equal to the screen


def _screen_sections(client, world):
    client.force_login(world.policy_advisor)
    return client.get("/budget/?jaar=2026").context["sections"]


def _csv_blocks(content: bytes) -> dict[str, list[list[str]]]:
    """Section title → [headers, *rows], from the blocks separated by empty lines."""
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    blocks, current = {}, []
    for line in [*lines, []]:
        if line:
            current.append(line)
        elif current:
            blocks[current[0][0]] = current[1:]
            current = []
    return blocks


def _as_csv(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def test_the_csv_report_equals_the_screen(client, budget_world, world):
    sections = _screen_sections(client, world)

    response = client.get("/budget/verantwoording.csv?jaar=2026")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="verantwoording-GM0193-2026.csv"'
    blocks = _csv_blocks(response.content)
    assert blocks["Verantwoording integraal budget 2026"][0] == ["Gemeente Zwolle"]
    for section in sections:
        rows = [*section.rows, *([section.total] if section.total else [])]
        assert blocks[section.title] == [list(section.headers), *([_as_csv(v) for v in row] for row in rows)]
    taakvelden = blocks["Per taakveld en wet"]
    assert taakvelden[0] == [
        "Taakveld", "Omschrijving", "Wet", "Toegekend (€)", "Verplicht (€)", "Besteed (€)", "Prognose (€)"
    ]  # fmt: skip
    assert taakvelden[4] == [
        "6.711",
        "Huishoudelijke hulp (WMO)",
        "Wmo 2015",
        *["1253,57"] * 2,
        *["1300,00"] * 2,
    ]
    assert taakvelden[-1][:4] == ["Totaal", "", "", "8156,08"]
    assert blocks["Per team"][1] == ["Wijkteam Noord", "minder dan 10", "", "", "", ""]


def test_the_exports_hold_no_personal_data(client, budget_world, world):
    client.force_login(world.policy_advisor)
    text = client.get("/budget/verantwoording.csv?jaar=2026").content.decode("utf-8-sig")
    for member in world.north_household.members.all():
        assert member.surname not in text and member.bsn not in text
    assert "Dalen" not in text and "HH-" not in text


def test_the_xlsx_report_equals_the_screen(client, budget_world, world):
    sections = _screen_sections(client, world)

    response = client.get("/budget/verantwoording.xlsx?jaar=2026")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="verantwoording-GM0193-2026.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Toelichting",
        "Per taakveld en wet",
        "Per wet",
        "Per team",
        "Per wijk",
        "Per buurt",
    ]
    assert workbook["Toelichting"]["A1"].value == "Verantwoording integraal budget 2026"

    def cents(value):
        return None if value is None else round(Decimal(str(value)) * 100)

    for section in sections:
        sheet = workbook[section.title]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert tuple(rows[0]) == section.headers
        expected = [*section.rows, *([section.total] if section.total else [])]
        assert len(rows) - 1 == len(expected)
        for got, want in zip(rows[1:], expected, strict=True):
            assert [cents(v) if isinstance(w, Decimal) else v for v, w in zip(got, want, strict=True)] == [
                round(w * 100) if isinstance(w, Decimal) else (w if w != "" else None) for w in want
            ]
    total_row = list(workbook["Per taakveld en wet"].iter_rows(values_only=True))[-1]
    assert total_row[0] == "Totaal" and cents(total_row[3]) == 815608
    assert workbook["Per taakveld en wet"]["D2"].number_format == '"€" #,##0.00'


def test_the_team_lead_gets_the_report_of_the_own_team(client, budget_world, world):
    client.force_login(world.team_lead)
    response = client.get("/budget/verantwoording.csv?jaar=2026")
    blocks = _csv_blocks(response.content)
    assert blocks["Verantwoording integraal budget 2026"][0] == ["Gemeente Zwolle, Wijkteam Noord"]
    assert [row[0] for row in blocks["Per taakveld en wet"][1:]] == ["6.60", "6.711", "6.751", "Totaal"]
    assert blocks["Per team"][1:] == [["Wijkteam Noord", "3", "6497,86", "4000,71", "1550,00", ANY]]
    assert "Zuid" not in response.content.decode("utf-8-sig")


# API


def api(client, user):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def test_api_household_budget(client, budget_world, world):
    before = ProcessingLogEntry.objects.count()

    response = api(client, world.consultant).get(
        f"/api/v1/households/{world.north_household.pk}/budget/?year=2026"
    )

    assert response.status_code == 200
    data = response.json()
    assert (data["household"], data["year"]) == (world.north_household.pk, 2026)
    assert [(law["law"], [line["taakveld"] for line in law["lines"]]) for law in data["laws"]] == [
        ("wmo", ["6.711"]),
        ("jeugdwet", ["6.751"]),
    ]
    assert data["laws"][0]["lines"][0]["figures"]["granted_cents"] == 125357
    assert data["laws"][1]["total"]["committed_cents"] == 249714
    assert data["total"]["granted_cents"] == 624786
    assert [(p["product"], p["outcome"], p["volume"]) for p in data["provisions"]] == [
        ("wmo-hh", "grant", 3),
        ("jw-ambulant", "partly", 2),
    ]
    assert list(
        ProcessingLogEntry.objects.filter(sequence__gt=before).values_list("object_type", "channel")
    ) == [("household", "api"), ("household_budget", "api")]


def test_api_household_budget_outside_reach_is_404_and_logs_nothing(client, budget_world, world):
    before = ProcessingLogEntry.objects.count()
    response = api(client, world.consultant).get(f"/api/v1/households/{world.south_household.pk}/budget/")
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.count() == before


def test_api_rejects_a_bad_year(client, budget_world, world):
    before = ProcessingLogEntry.objects.count()
    response = api(client, world.consultant).get(
        f"/api/v1/households/{world.north_household.pk}/budget/?year=1"
    )
    assert response.status_code == 400
    assert "year" in response.json()
    assert ProcessingLogEntry.objects.count() == before


def test_api_gemeente_budget(client, budget_world, world):
    response = api(client, world.policy_advisor).get("/api/v1/budget/?year=2026")

    assert response.status_code == 200
    data = response.json()
    assert (data["municipality"], data["team"], data["year"], data["small_cell_threshold"]) == (
        "GM0193",
        None,
        2026,
        10,
    )
    assert [(line["taakveld"], line["law"], line["figures"]["granted_cents"]) for line in data["lines"]] == [
        ("6.3", "participatiewet", 45000),
        ("6.3", "wgs", 120822),
        ("6.60", "wmo", 25000),
        ("6.711", "wmo", 125357),
        ("6.751", "jeugdwet", 499429),
    ]
    assert data["total"]["spent_cents"] == 185000
    assert data["teams"] == [
        {"code": "", "name": "Wijkteam Noord", "persons": None, "figures": None},
        {"code": "", "name": "Wijkteam Zuid", "persons": None, "figures": None},
    ]


@pytest.mark.parametrize("persona", ["consultant", "resident", "partner_professional", "functional_admin"])
def test_api_gemeente_budget_is_404_for_others(client, budget_world, world, persona):
    assert api(client, getattr(world, persona)).get("/api/v1/budget/").status_code == 404


@settings(max_examples=500, deadline=None)
@given(
    frequency=st.sampled_from(["1", "2", "4", "6"]),
    tariff=st.integers(1, 200_000),
    volume=st.integers(1, 500),
    starts_on=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    length=st.integers(0, 900),
    window_start=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    window_length=st.integers(0, 400),
)
def test_value_in_whole_numbers_equals_the_value_in_fractions(
    frequency, tariff, volume, starts_on, length, window_start, window_length
):
    """money.value_cents sums in integers for speed; the definition is volume × tariff × periods,
    rounded half up, in exact fractions."""
    from fractions import Fraction

    from eenplan.provisions import money

    ends_on = starts_on + timedelta(days=length)
    within = (window_start, window_start + timedelta(days=window_length))
    first, last = max(starts_on, within[0]), min(ends_on, within[1])
    counted, total = money.days(first, last), money.days(starts_on, ends_on)
    if not counted:
        expected = 0
    elif frequency == "6":
        expected = money.round_cents(Fraction(volume * tariff * counted, total))
    else:
        expected = money.round_cents(volume * tariff * money.periods(frequency, counted))
    got = money.value_cents(
        volume=volume,
        tariff_cents=tariff,
        frequency=frequency,
        starts_on=starts_on,
        ends_on=ends_on,
        within=within,
    )
    assert got == expected
