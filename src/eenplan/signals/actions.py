"""State changes of collective signals: a consultant records a signal from a household's case, policy
links a prevention activity to a theme in an area."""

import datetime

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from eenplan.accounts.models import Role
from eenplan.core.actions import Subject, processing_log_record
from eenplan.core.models import Area
from eenplan.households.queries import sees_household

from .deidentify import deidentify
from .models import DerivedCount, PreventionLink, Signal, Theme, household_key
from .queries import derived_counts, policy_area_ids

RECORDING_ROLES = (Role.CONSULTANT, Role.TEAM_LEAD)
NOTE_CATEGORIES = ("conversation-notes",)
SUPPORT_PURPOSE = "support"


@transaction.atomic
def signal_record(*, actor, household, theme: Theme, text: str, via: str = "screen") -> Signal:
    """Record a collective signal from a household the actor may see (a consultant or team lead), in the
    household's neighbourhood. The text is de-identified here, whatever the caller already did: the raw
    text is never stored or logged. Raises Http404 for anyone else, as if the household did not exist."""
    if actor.role not in RECORDING_ROLES or not sees_household(actor, household.pk):
        raise Http404
    if not theme.is_active:
        raise Http404
    cleaned = deidentify(text)
    if not cleaned:
        raise ValueError("empty signal")
    signal = Signal.objects.create(
        theme=theme,
        area_id=household.area_id,
        text=cleaned,
        recorded_on=timezone.localdate(),
        recorded_by=actor,
        household_key=household_key(household.pk),
    )
    processing_log_record(
        actor=actor,
        action="create",
        channel=via,
        object_type="signal",
        subjects=[Subject(signal.pk, household.pk)],
        categories=NOTE_CATEGORIES,
        description="Collectief signaal vastgelegd uit een waarneming; persoonsgegevens verwijderd",
        purpose=SUPPORT_PURPOSE,
    )
    return signal


@transaction.atomic
def prevention_link_add(
    *, actor, theme: Theme, area: Area, service, note: str = "", linked_on: datetime.date | None = None
) -> PreventionLink:
    """Link a prevention activity (a social-map service) to a theme in an area the actor reads as policy
    (a policy advisor of the gemeente, a team lead of the team's areas); 404 for anyone else."""
    if area.pk not in policy_area_ids(actor):
        raise Http404
    return PreventionLink.objects.create(
        theme=theme,
        area=area,
        service=service,
        note=note,
        linked_on=linked_on or timezone.localdate(),
        linked_by=actor,
    )


@transaction.atomic
def derived_counts_refresh(*, today: datetime.date) -> int:
    """Count the derived signals of every active theme in every neighbourhood of every gemeente, as of
    ``today``, and keep only these (a system job, nightly with the Thermometer's indicators: the signals
    page reads them instead of counting the assessments of a whole gemeente on every view). Two queries
    per theme; counts only, nothing is logged. Returns the number of rows stored."""
    rows = []
    for theme in Theme.objects.filter(is_active=True).prefetch_related("domains"):
        for area_id, found in derived_counts(theme, None, "neighbourhood").items():
            if area_id is not None:
                rows.append(DerivedCount(counted_on=today, theme=theme, area_id=area_id, **found))
    DerivedCount.objects.all().delete()
    DerivedCount.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
