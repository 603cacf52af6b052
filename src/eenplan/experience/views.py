"""The resident answers the experience questions of a plan: access → form → one action → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import actions
from .forms import ExperienceForm
from .queries import access_invitation_for


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, plan_id: int):
    """The questions for an open invitation. Anyone else, or a plan not (or no longer) invited: 404."""
    invitation = access_invitation_for(request.user, plan_id, channel="screen")
    data = request.POST if request.method == "POST" else None
    form = ExperienceForm(data, questions=invitation.questions)
    if request.method == "POST" and form.is_valid():
        try:
            actions.experience_answer(actor=request.user, plan=invitation.plan, answers=form.answers())
        except actions.InvitationNotOpen:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dank u wel voor uw antwoorden. Zo kunnen we de hulp beter maken."))
            return redirect("portal:start")
    context = {
        "invitation": invitation,
        "form": form,
        "breadcrumbs": [
            {"label": _("Mijn plan"), "url": reverse("portal:start")},
            {"label": _("Vragen over de hulp")},
        ],
    }
    return render(request, "experience/answer.html", context)
