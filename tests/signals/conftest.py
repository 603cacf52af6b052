import datetime

import pytest
from django.utils import timezone

from eenplan.assessment.models import Assessment, DomainScore, Instrument
from eenplan.signals.models import Signal, Theme, household_key
from tests.factories import HouseholdFactory, NeighbourhoodFactory, PersonFactory


@pytest.fixture
def loneliness(db):
    return Theme.objects.get(code="loneliness")


@pytest.fixture
def add_signals(world):
    """``add_signals(theme, area, households=n, each=k, on=date)``: k signals from each of n new
    households in ``area``, as signal_record stores them."""

    def add(theme, area, *, households: int, each: int = 1, on: datetime.date | None = None):
        on = on or timezone.localdate()
        created = []
        for _index in range(households):
            household = HouseholdFactory(area=area)
            created.append(household)
            for _repeat in range(each):
                Signal.objects.create(
                    theme=theme,
                    area=area,
                    text="Voelt zich alleen sinds de buurtkamer dicht is.",
                    recorded_on=on,
                    recorded_by=world.consultant,
                    household_key=household_key(household.pk),
                )
        return created

    return add


@pytest.fixture
def north_neighbourhood(world):
    return world.north_household.area


@pytest.fixture
def other_north_neighbourhood(world):
    return NeighbourhoodFactory(parent=world.north_household.area.parent)


@pytest.fixture
def assess(world):
    """``assess(area, scores=[(domain_code, resident, professional)], on=date)``: a new person with one
    Leefgebieden assessment."""
    instrument = Instrument.objects.get(code="life-domains")

    def add(area, *, scores, on=datetime.date(2026, 1, 10), person=None):
        person = person or PersonFactory(household=HouseholdFactory(area=area))
        assessment = Assessment.objects.create(
            person=person, instrument=instrument, assessed_on=on, created_by=world.consultant
        )
        for code, resident, professional in scores:
            DomainScore.objects.create(
                assessment=assessment,
                domain=instrument.domains.get(code=code),
                resident_score=resident,
                professional_score=professional,
            )
        return person

    return add
