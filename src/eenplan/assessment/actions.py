"""State changes of assessment: recording scores for the domains that matter (never all of them)."""

from datetime import date

from django.db import transaction

from .models import Assessment, DomainScore

# Domains whose notes and scores are health data (AVG art. 9): their processing is logged as such.
HEALTH_DOMAINS = {"mental-health", "physical-health", "addiction", "bodily-functions", "mental-wellbeing"}


@transaction.atomic
def assessment_record(
    *, actor, person, instrument, assessed_on: date, domain_scores: list[dict]
) -> tuple[Assessment, bool]:
    """An assessment with the situation and both scores side by side for each given domain; returns it
    and whether it holds health data. The caller logs the processing with its own record."""
    assessment = Assessment.objects.create(
        person=person, instrument=instrument, assessed_on=assessed_on, created_by=actor
    )
    has_health = False
    for values in domain_scores:
        score = DomainScore(assessment=assessment, **values)
        score.full_clean()
        score.save()
        has_health = has_health or score.domain.code in HEALTH_DOMAINS
    return assessment, has_health
