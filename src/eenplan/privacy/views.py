"""Views of the resident's rights and retention: access → form → one action → redirect or render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eenplan.accounts.models import Role
from eenplan.core.documents import pdf_response

from . import actions
from .forms import RectificationForm
from .queries import (
    access_person_records_for,
    access_person_to_correct_for,
    access_retention_overview_for,
    sections_as_json,
)


def _crumbs(user, person, label: str) -> list[dict]:
    crumbs = [{"label": _("Start"), "url": reverse("core:start")}]
    if user.role != Role.RESIDENT:
        crumbs += [
            {"label": _("Huishoudens"), "url": reverse("households:list")},
            {
                "label": person.household.reference,
                "url": reverse("households:detail", args=[person.household_id]),
            },
        ]
    return [*crumbs, {"label": label}]


@require_GET
@login_required
def access_request(request, person_id: int, output: str = "html"):
    """Inzage (AVG art. 15): everything held on one person, as a printable page, JSON or PDF."""
    channel = "screen" if output == "html" else "export"
    person, sections = access_person_records_for(request.user, person_id, channel=channel)
    filename = f"inzage-persoon-{person.pk}-{timezone.localdate():%Y-%m-%d}"
    if output == "json":
        content = json.dumps(sections_as_json(person, sections), ensure_ascii=False, indent=2)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    context = {
        "person": person,
        "sections": sections,
        "made_on": timezone.localtime(),
        "breadcrumbs": _crumbs(request.user, person, _("Inzage")),
    }
    if output == "pdf":
        html = render_to_string("privacy/access_request_document.html", context)
        return pdf_response(html, f"{filename}.pdf", attachment=True)
    return render(request, "privacy/access_request.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def rectification(request, person_id: int):
    """Correction (AVG art. 16): record the resident's request and, when granted, correct the data."""
    person = access_person_to_correct_for(request.user, person_id, channel="screen")
    form = RectificationForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.rectification_record(
                actor=request.user,
                person=person,
                requested_on=form.cleaned_data["requested_on"],
                request=form.cleaned_data["request"],
                changes=form.changes,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Het verzoek om correctie is vastgelegd."))
            return redirect("households:detail", person.household_id)
    context = {
        "person": person,
        "form": form,
        "rectifications": list(person.rectifications.all()),
        "breadcrumbs": _crumbs(request.user, person, _("Correctie")),
    }
    return render(request, "privacy/rectification.html", context)


@require_GET
@login_required
def retention(request):
    """The retention rules and what the destruction job destroyed, without personal data."""
    rules, runs = access_retention_overview_for(request.user)
    context = {
        "rules": rules,
        "runs": runs,
        "breadcrumbs": [{"label": _("Start"), "url": reverse("core:start")}, {"label": _("Bewaartermijnen")}],
    }
    return render(request, "privacy/retention.html", context)
