"""Views of the integral budget: a household's budget across laws, the gemeente budget per taakveld, law,
team and area with the forecast, and the accountability report (verantwoording) as CSV and XLSX."""

import csv
import io
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import YearForm
from .queries import (
    MunicipalityBudget,
    ReportSection,
    access_household_budget_for,
    access_municipality_budget_for,
    report_sections,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00'


def _crumbs(*items):
    return [{"label": _("Start"), "url": reverse("core:start")}, *items]


@require_GET
@login_required
def household(request, household_id: int):
    form = YearForm(request.GET)
    budget = access_household_budget_for(request.user, household_id, channel="screen", year=form.year())
    context = {
        "form": form,
        "budget": budget,
        "household": budget.household,
        "breadcrumbs": _crumbs(
            {
                "label": budget.household.reference,
                "url": reverse("households:detail", args=[budget.household.pk]),
            },
            {"label": _("Budget")},
        ),
    }
    return render(request, "budget/household.html", context)


@require_GET
@login_required
def municipality(request):
    form = YearForm(request.GET)
    budget = access_municipality_budget_for(request.user, year=form.year())
    context = {
        "form": form,
        "budget": budget,
        "sections": report_sections(budget),
        "breadcrumbs": _crumbs({"label": _("Integraal budget")}),
    }
    return render(request, "budget/municipality.html", context)


def _filename(budget: MunicipalityBudget, extension: str) -> str:
    scope = budget.municipality.code + (f"-team-{budget.team.pk}" if budget.team else "")
    return f"verantwoording-{scope}-{budget.year}.{extension}"


def _title(budget: MunicipalityBudget) -> list[list[str]]:
    """The lines above the figures: whose budget, which year, and how the forecast is defined."""
    whose = _("Gemeente %(name)s") % {"name": budget.municipality.name}
    if budget.team:
        whose += f", {budget.team.name}"
    return [
        [_("Verantwoording integraal budget %(year)s") % {"year": budget.year}],
        [whose],
        [_("Prognose berekend op %(date)s") % {"date": budget.today.isoformat()}],
        [
            _(
                "Bedragen in euro. Toegekend: waarde van toegekende besluiten in het jaar. "
                "Verplicht: waarde van de toewijzingen aan aanbieders in het jaar. "
                "Besteed: uitgaven met een maand in het jaar. "
                "Prognose: per toewijzing het hoogste van wat besteed is en wat tot vandaag verplicht is, "
                "plus wat vanaf morgen tot 31 december verplicht is."
            )
        ],
    ]


def _csv_value(value) -> str:
    """Dutch spreadsheet conventions: a decimal comma, no thousands separator; empty when hidden."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def report_csv(sections: list[ReportSection], title: list[list[str]]) -> bytes:
    """Semicolon-separated (as Dutch Excel reads it), UTF-8 with a byte order mark; one block per
    section: its title, its headers, its rows and an empty line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(title)
    writer.writerow([])
    for section in sections:
        writer.writerow([section.title])
        writer.writerow(section.headers)
        rows = [*section.rows, *([section.total] if section.total else [])]
        writer.writerows([_csv_value(value) for value in row] for row in rows)
        writer.writerow([])
    return out.getvalue().encode("utf-8-sig")


def report_xlsx(sections: list[ReportSection], title: list[list[str]]) -> bytes:
    """A sheet "Toelichting" with the title lines, then one sheet per section: headers in row 1, amounts
    as numbers in euros."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    about.title = _("Toelichting")
    for row in title:
        about.append(row)
    about["A1"].font = Font(bold=True)
    for section in sections:
        sheet = workbook.create_sheet(section.title[:31])
        sheet.append(list(section.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in [*section.rows, *([section.total] if section.total else [])]:
            sheet.append(row)
            for cell, value in zip(sheet[sheet.max_row], row, strict=True):
                if isinstance(value, Decimal):
                    cell.number_format = EURO_FORMAT
        for column, header in zip(sheet.columns, section.headers, strict=False):
            width = max([len(str(header)), *(len(str(cell.value or "")) for cell in column)])
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@require_GET
@login_required
def report(request, output: str):
    """The verantwoording for download: the same sections as on screen, no personal data."""
    budget = access_municipality_budget_for(request.user, year=YearForm(request.GET).year())
    sections, title = report_sections(budget), _title(budget)
    if output == "xlsx":
        response = HttpResponse(report_xlsx(sections, title), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(report_csv(sections, title), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(budget, output)}"'
    return response
