"""Demo seed of the surveys: the shipped statements, and one closed survey round in the demo gemeente,
answered by every layer (8 to 30 respondents each), with a visible break: on prevention and information
sharing the council and board and the policy layer score about 4, execution, partners and residents
about 2 (the layers diverge); on the other themes the layers agree, around 3 to 3.5. Residents more
often answer "weet ik niet" on collaboration and finances.

Rows are written in bulk (``synthetic.build_survey``), deterministic with ``context.random``."""

import datetime

from django.utils import timezone

from .configuration import load_statements
from .models import Layer, Theme
from .synthetic import build_survey

BROKEN = {
    "prevention": {
        Layer.COUNCIL_BOARD: 4.1,
        Layer.MANAGEMENT: 3.6,
        Layer.POLICY: 4.0,
        Layer.EXECUTION: 2.0,
        Layer.PARTNERS: 2.1,
        Layer.RESIDENTS: 1.9,
    },
    "information-sharing": {
        Layer.COUNCIL_BOARD: 4.0,
        Layer.MANAGEMENT: 3.5,
        Layer.POLICY: 4.1,
        Layer.EXECUTION: 2.1,
        Layer.PARTNERS: 1.9,
        Layer.RESIDENTS: 2.2,
    },
}
AGREED_LEVEL = (3.0, 3.5)  # the other themes: one level per theme, every layer close to it
RESIDENTS_UNSURE = {"collaboration": 0.15, "finances": 0.15}


def seed(context) -> None:
    load_statements()  # normally loaded by migration 0002; a flushed test database lacks it
    random = context.random
    municipality = context.objects["municipality"]
    advisor = context.objects.get("users", {}).get("beleid")
    means = {}
    for code in Theme.objects.filter(is_active=True).order_by("order", "name").values_list("code", flat=True):
        level = random.uniform(*AGREED_LEVEL)
        for layer in Layer.values:
            means[code, layer] = (
                BROKEN[code][layer] if code in BROKEN else level + random.uniform(-0.15, 0.15)
            )
    respondents = {layer: random.randint(8, 30) for layer in Layer.values}
    dont_know = {(code, Layer.RESIDENTS.value): share for code, share in RESIDENTS_UNSURE.items()}
    closes_on = timezone.localdate() - datetime.timedelta(days=21)
    opens_on = closes_on - datetime.timedelta(days=27)
    context.objects["survey"] = build_survey(
        municipality=municipality,
        title=f"Thermometer {closes_on.year}: hoe staat het sociaal domein ervoor?",
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=advisor,
        created_on=opens_on - datetime.timedelta(days=3),
        random=random,
        respondents=respondents,
        means=means,
        dont_know=dont_know,
    )
