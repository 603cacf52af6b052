"""Demo seed of collective signals: a visible cluster (loneliness in one neighbourhood, 12 households,
over the last quarters), a few scattered signals elsewhere that stay below 10 persons (suppressed), and
one prevention link (a social-map service) for the cluster.

The texts are written without personal data, as ``signal_record`` would store them; they are created
directly (like the experience answers) so the seed does not need to load Deduce, and back-dated over
the last year."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from eenplan.households.models import Household
from eenplan.socialmap.models import Service

from .configuration import load_themes
from .models import PreventionLink, Signal, Theme, household_key

CLUSTER_HOUSEHOLDS = 12
CLUSTER_TEXTS = [
    "[persoon] ([leeftijd]) zit sinds het overlijden van haar man vrijwel alleen thuis; buurtkamer dicht.",
    "Oudere bewoner zegt dat hij dagen niemand spreekt; kinderen wonen ver weg.",
    "Na de verhuizing naar de flat kent [persoon] niemand meer in de buurt.",
    "Mantelzorger valt weg; moeder heeft nu geen aanspraak meer.",
    "Bewoner wil graag koffie drinken met anderen, maar weet niet waar dat kan in de buurt.",
    "Sinds de bus niet meer rijdt gaat [persoon] niet meer naar de soos.",
]
SCATTERED = [
    ("debts", "Huurachterstand door hoge energierekening; schaamte om hulp te vragen."),
    ("transport", "Kan niet meer naar de dagbesteding sinds de taxiregeling is veranderd."),
    ("carer-strain", "Dochter zorgt elke dag voor haar vader naast haar werk en is uitgeput."),
    ("youth", "Jongeren hangen 's avonds rond bij het winkelcentrum; er is niets te doen."),
]


def seed(context) -> None:
    load_themes()  # normally loaded by migration 0002; a flushed test database lacks it
    users = context.objects["users"]
    consultant = users.get("consulent")
    if consultant is None:
        return
    today = timezone.localdate()
    busiest = (
        Household.objects.filter(municipality=context.objects["municipality"])
        .values("area_id")
        .annotate(households=Count("pk"))
        .order_by("-households", "area_id")
        .first()
    )
    if busiest is None:
        return
    loneliness = Theme.objects.get(code="loneliness")
    cluster_households = list(
        Household.objects.filter(area_id=busiest["area_id"]).order_by("pk")[:CLUSTER_HOUSEHOLDS]
    )
    signals = []
    for index, household in enumerate(cluster_households):
        for repeat in range(1 + index % 2):  # some households twice: still one person
            signals.append(
                Signal(
                    theme=loneliness,
                    area_id=household.area_id,
                    text=context.random.choice(CLUSTER_TEXTS),
                    recorded_on=today - timedelta(days=context.random.randint(0, 330) + repeat),
                    recorded_by=consultant,
                    household_key=household_key(household.pk),
                )
            )
    others = list(
        Household.objects.filter(municipality=context.objects["municipality"])
        .exclude(area_id=busiest["area_id"])
        .order_by("pk")[: len(SCATTERED) * 2]
    )
    for index, household in enumerate(others):
        code, text = SCATTERED[index % len(SCATTERED)]
        signals.append(
            Signal(
                theme=Theme.objects.get(code=code),
                area_id=household.area_id,
                text=text,
                recorded_on=today - timedelta(days=context.random.randint(0, 300)),
                recorded_by=consultant,
                household_key=household_key(household.pk),
            )
        )
    Signal.objects.bulk_create(signals)
    service = Service.objects.filter(municipality=context.objects["municipality"]).order_by("name").first()
    lead = users.get("teamleider") or consultant
    if service is not None:
        PreventionLink.objects.create(
            theme=loneliness,
            area_id=busiest["area_id"],
            service=service,
            linked_on=today - timedelta(days=120),
            linked_by=lead,
            note="Buurtkamer met koffieochtenden, twee keer per week.",
        )
