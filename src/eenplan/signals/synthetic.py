"""Collective signals at scale, for ``eenplan generate``: for one gemeente, signals of a share of its
households (``signals_per_household``) spread over themes, weighted so that a few themes and
neighbourhoods stand out as they do in practice, over the generator's history, and a prevention link
for the largest cluster. Texts are the demo's de-identified examples (Deduce does not run here)."""

from datetime import timedelta

from eenplan.households.models import Household
from eenplan.socialmap.models import Service

from .configuration import load_themes
from .models import PreventionLink, Signal, Theme, household_key
from .seed import CLUSTER_TEXTS, SCATTERED

BATCH = 5000


def generate_for_municipality(municipality, *, random, today, user_id: int, rate: float, days: int) -> int:
    """Signals for about ``rate`` × the gemeente's households, recorded by ``user_id``; returns how many."""
    if not Theme.objects.exists():
        load_themes()
    themes = list(Theme.objects.filter(is_active=True).order_by("order", "pk"))
    households = list(Household.objects.filter(municipality=municipality).values_list("pk", "area_id"))
    if not themes or not households:
        return 0
    weights = [3 if index == 0 else 1 for index in range(len(themes))]  # the first theme stands out
    texts = {theme.code: [text for code, text in SCATTERED if code == theme.code] for theme in themes}
    chosen = random.sample(households, min(len(households), round(len(households) * rate)))
    rows = []
    for household_id, area_id in chosen:
        theme = random.choices(themes, weights)[0]
        rows.append(
            Signal(
                theme=theme,
                area_id=area_id,
                text=random.choice(texts.get(theme.code) or CLUSTER_TEXTS),
                recorded_on=today - timedelta(days=random.randrange(days)),
                recorded_by_id=user_id,
                household_key=household_key(household_id),
            )
        )
    Signal.objects.bulk_create(rows, batch_size=BATCH)
    service = Service.objects.filter(municipality=municipality).order_by("pk").first()
    if rows and service is not None:
        first = rows[0]
        PreventionLink.objects.create(
            theme=first.theme,
            area_id=first.area_id,
            service=service,
            linked_on=today - timedelta(days=days // 3),
            linked_by_id=user_id,
            note="",
        )
    return len(rows)
