"""Background work of privacy (django-tasks). Thin and retry-safe: a second run on the same day finds
nothing more to destroy."""

from django.utils import timezone
from django_tasks import task

from . import actions


@task()
def destroy_past_retention() -> int:
    """Destroy every record whose retention term has run out; returns how many were recorded."""
    return actions.retention_destroy(today=timezone.localdate()).count
