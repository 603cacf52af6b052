"""Synthetic social-map services: variations of the demo services, for benchmarks and generated data.

``generate_services(municipality, count, seed)`` adds ``count`` services to the social map of a gemeente
through the normal HSDS import (validated, one transaction, search index included), as variations of the
invented services in ``data/demo_services.json``: the template's name with a place and a number, two of
its own sentences and two sentences taken from other services, its kind, cost, target groups and tags.
Six in ten work in one district of the gemeente (its ``Area`` records), the others in the whole gemeente.

The templates come from the demo data file, never from the database, so this works for any gemeente,
also when its social map is empty. Every call adds its own organisations (the demo's, with new ids) and
services with new random ids: it never touches what is already there, and many small calls (one per
gemeente) are as cheap as a few large ones. The text depends only on ``seed``; the ids are random.
"""

import functools
import json
import random
import uuid

from django.db import transaction

from eenplan.core.models import Area, Municipality

from . import hsds
from .models import Organization, TargetGroup
from .seed import DATA

PLACES = ["De Linde", "Het Anker", "De Brink", "Zonnehoek", "De Horst", "Het Baken", "Kastanjehof"]
IN_A_DISTRICT = 0.6  # the share of services that work in one district rather than the whole gemeente
ORGANIZATION_PROPERTIES = ("email", "website", "legal_status")


@functools.cache
def _templates() -> tuple[dict, list[dict], list[str]]:
    """The demo organisations by key, the demo services (each with the start of its description: its
    first two sentences) and the sentences of all their descriptions."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    organizations = {item["key"]: item for item in data["organizations"]}
    services, sentences = [], []
    for service in data["services"]:
        own = [s.strip() for s in service["description"].split(".") if s.strip()]
        services.append({**service, "start": own[:2]})
        sentences += [s.strip() for s in service["description"].split(".") if len(s.strip()) > 20]
    return organizations, services, sentences


def _organization(template: dict) -> dict:
    record = {"id": str(uuid.uuid4()), "name": template["name"], "description": template["description"]}
    record.update({prop: template[prop] for prop in ORGANIZATION_PROPERTIES if template.get(prop)})
    return record


@transaction.atomic
def generate_services(municipality: Municipality, count: int, seed: int) -> int:
    """Add ``count`` synthetic services to the gemeente's social map (see the module docstring); returns
    how many services the import created. Raises ``ValueError`` if the import refuses a record."""
    if count <= 0:
        return 0
    rng = random.Random(seed)
    organization_templates, templates, sentences = _templates()
    areas = Area.objects.filter(municipality=municipality).order_by("code")
    districts = list(areas.filter(kind=Area.Kind.DISTRICT).values_list("code", flat=True))
    districts = districts or list(areas.values_list("code", flat=True))
    known_groups = set(TargetGroup.objects.values_list("code", flat=True))
    profiles = [  # per template: what its services share (a copy per service: the import may keep it)
        {
            "municipality": municipality.code,
            "kind": template["kind"],
            "cost": template["cost"],
            "target_groups": [code for code in template["target_groups"] if code in known_groups],
            "tags": template["tags"],
            "accessibility": template.get("accessibility") or "",
            "availability": template.get("availability") or "",
            "volunteer_places": template.get("volunteer_places"),
        }
        for template in templates[: min(count, len(templates))]
    ]
    organizations: dict[str, dict] = {}  # template key → the new organisation
    items = []
    for number in range(count):
        template = templates[number % len(templates)]
        key = template["organization"]
        if key not in organizations:
            organizations[key] = _organization(organization_templates[key])
            items.append(hsds.Item("organization", len(items), organizations[key]))
        first, second = rng.randrange(len(sentences)), rng.randrange(len(sentences) - 1)  # two different
        second += second >= first
        description = ". ".join([*template["start"], sentences[first], sentences[second]]) + "."
        in_district = rng.random() < IN_A_DISTRICT  # drawn always, so the text depends on the seed only
        district = rng.choice(districts) if districts and in_district else None
        service = {
            "id": str(uuid.uuid4()),
            "organization_id": organizations[key]["id"],
            "name": f"{template['name']} {rng.choice(PLACES)} {number}",
            "description": description,
            "status": "active",
            "eenplan": {**profiles[number % len(templates)], "areas": [district] if district else []},
        }
        items.append(hsds.Item("service", len(items), service))
    report = hsds.hsds_import(items=items, strict=True)
    if not report.ok:
        raise ValueError(f"synthetic services refused: {report.rejected[:3]}")
    Organization.objects.filter(pk__in=[o["id"] for o in organizations.values()]).update(
        municipality=municipality
    )
    return report.created.get("service", 0)
