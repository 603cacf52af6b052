"""Background work of intake (django-tasks). Thin and retry-safe: sending twice on one day sends the
same reminder twice, nothing worse."""

from django.utils import timezone
from django_tasks import task

from . import actions


@task()
def send_deadline_reminders() -> int:
    """E-mail every consultant the meldingen whose legal terms are overdue or nearly due."""
    return actions.reminders_send(today=timezone.localdate())
