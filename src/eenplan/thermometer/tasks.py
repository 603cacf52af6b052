"""Background work of the thermometer (django-tasks). Thin and retry-safe: running it twice on one day
stores the same figures twice, the second replacing the first."""

from django.utils import timezone
from django_tasks import task

from eenplan.core.models import Municipality
from eenplan.signals.actions import derived_counts_refresh

from . import actions


@task()
def refresh_indicators() -> int:
    """Compute the indicators of every gemeente as of today (the monitor and the chain read these), count
    the derived collective signals (the signals page reads those), then make each gemeente's reading
    of this year as a PDF from them (about a second each)."""
    today = timezone.localdate()
    refresh = actions.indicator_cells_refresh(today=today)
    derived_counts_refresh(today=today)  # the derived collective signals, on the same night
    for municipality in Municipality.objects.order_by("pk"):
        actions.reading_document_make(municipality=municipality, year=today.year, today=today)
    return refresh.cells.count()
