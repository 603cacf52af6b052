"""Demo social map: the organisations and services of ``data/demo_services.json`` (invented, written for
the demo) in the demo gemeente, entered through the same action as the screens. The plans' seed links
its community agreements to these services.

Postcode centres: the demo places the 4-digit postcodes 8011–8046 of its households on a grid around
the gemeente's centre, so distances work; they are not real positions. Load real PC4 centres with
``eenplan manage postcodes_load``."""

import json
import math
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from . import actions
from .models import Postcode, Service, TargetGroup

DATA = Path(__file__).resolve().parent / "data" / "demo_services.json"
CENTRE = (52.5125, 6.0940)  # the demo's map centre
POSTCODES = range(8011, 8047)


def _postcodes() -> dict[str, Postcode]:
    rows = []
    for index, code in enumerate(POSTCODES):
        angle = index * 2.39996  # the golden angle: an even spread without a visible pattern
        radius_km = 0.4 * math.sqrt(index + 1)
        lat = CENTRE[0] + (radius_km * math.sin(angle)) / 111.0
        lon = CENTRE[1] + (radius_km * math.cos(angle)) / (111.0 * math.cos(math.radians(CENTRE[0])))
        rows.append(Postcode(code=str(code), latitude=round(lat, 5), longitude=round(lon, 5)))
    Postcode.objects.bulk_create(rows, ignore_conflicts=True)
    return {p.code: p for p in Postcode.objects.filter(code__in=[str(c) for c in POSTCODES])}


def seed(context) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    municipality = context.objects["municipality"]
    admin = context.objects["users"]["beheer"]
    districts = context.objects["districts"]
    postcodes = _postcodes()
    partners_by_name = {partner.name: partner for partner in context.objects["partners"]}
    organizations = {}
    for item in data["organizations"]:
        organization = actions.organization_create(
            actor=admin,
            name=item["name"],
            description=item["description"],
            maintained_by=partners_by_name.get(item["name"]),
        )
        for prop in ("email", "website", "legal_status"):
            if item.get(prop):
                organization.data[prop] = item[prop]
        organization.save(update_fields=["data"])
        organizations[item["key"]] = organization
    # The demo partner professional (a GP practice) keeps its own entry on the map.
    gp = context.objects["partners"][0]
    organizations["_gp"] = actions.organization_create(
        actor=admin,
        name=gp.name,
        description="Huisartsenpraktijk in de wijk, met een praktijkondersteuner voor welzijn en leefstijl.",
        maintained_by=gp,
    )
    data["services"].append(
        {
            "organization": "_gp",
            "name": "Welzijn op recept",
            "description": (
                "Voelt u zich somber of alleen, en helpt een pil niet? De praktijkondersteuner zoekt met u "
                "naar iets wat u leuk vindt: een wandelgroep, een koor, vrijwilligerswerk. Een welzijnscoach "
                "gaat de eerste keer mee."
            ),
            "kind": "community",
            "cost": "free",
            "target_groups": ["psychisch", "eenzamen"],
            "tags": ["somber", "alleen", "praten", "bewegen"],
            "district": None,
            "venue": None,
            "schedule": "Op afspraak via de huisarts",
            "volunteer_places": None,
            "availability": "",
            "accessibility": "",
            "languages": ["nl"],
        }
    )
    groups = {group.code: group for group in TargetGroup.objects.all()}
    today = timezone.localdate()
    for index, item in enumerate(data["services"]):
        venue = item.get("venue") or {}
        centre = postcodes.get((venue.get("postcode") or "")[:4])
        jitter = (context.random.uniform(-0.002, 0.002), context.random.uniform(-0.003, 0.003))
        organization = organizations[item["organization"]]
        service = actions.service_save(
            actor=admin,
            service=None,
            organization=organization,
            name=item["name"],
            description=item["description"],
            kind=item["kind"],
            cost=item["cost"],
            target_groups=[groups[code] for code in item["target_groups"] if code in groups],
            areas=[districts[item["district"]]] if item.get("district") else [],
            tags=item["tags"],
            url=item.get("url", ""),
            email=item.get("email", ""),
            phone=item.get("phone", ""),
            schedule=item.get("schedule", ""),
            accessibility=item.get("accessibility", ""),
            availability=item.get("availability", ""),
            volunteer_places=item.get("volunteer_places"),
            venue_name=venue.get("name", ""),
            street=venue.get("street", ""),
            postcode=venue.get("postcode", ""),
            city=municipality.name if venue else "",
            latitude=round(centre.latitude + jitter[0], 5) if centre else None,
            longitude=round(centre.longitude + jitter[1], 5) if centre else None,
        )
        # About one in ten entries was last checked more than a year ago: the review list shows them.
        if index % 10 == 3:
            Service.objects.filter(pk=service.pk).update(
                reviewed_on=today - timedelta(days=400 + context.random.randint(0, 300))
            )
