"""The processing log in the shape of the VNG Verwerkingenlogging API (Bewerking API 0.9.0,
``VerwerkingsactieUitgebreid``: a ``Verwerkingsactie`` with its ``verwerkteObjecten``).

Mapping of one ``ProcessingLogEntry``:

- ``actieId``: a UUID (version 8, RFC 9562) that carries the entry's sequence number, so an id can be
  looked up again (``sequence_from_actie_id``); ``url`` is the entry at our API.
- ``actieNaam``: the entry's description; ``handelingNaam``: the action (inzien, vastleggen, …).
- ``verwerkingNaam``: the purpose's name; ``verwerkingsactiviteitId``: stable per purpose;
  ``verwerkingId``: stable per purpose and household (the support of one household is one verwerking).
- ``vertrouwelijkheid``: "vertrouwelijk" when a special category (AVG art. 9, health) was processed.
- ``gebruiker``: the actor's account id (absent for the system); ``systeem`` and ``gegevensbron``: Eén Plan.
- ``tijdstip`` and ``tijdstipRegistratie``: the moment of the entry (it is written in the same transaction).
- ``verwerkteObjecten``: the person (``soortObjectId`` "eenplan-persoon-id"), or when the entry is about
  the whole household, the household (``"eenplan-huishouden-id"``: every member is involved), with the
  data categories' names as ``verwerkteSoortenGegevens``. Internal ids, not the BSN: the export does not
  disclose more identity than the log holds.
- Not filled: ``uitvoerder`` and ``afnemerId`` (OINs the log does not know), ``bewaartermijn``.

What the standard has no field for (legal basis, channel, name, role and organisation of the actor,
sequence number and hash) is kept under ``eenplan``, an extension the schema allows.
"""

import uuid

from .models import ProcessingLogEntry
from .queries import ConfigurationNames

API_PATH = "/api/v1/processing-log/verwerkingsacties/"
SYSTEM = "Eén Plan"
NAMESPACE = uuid.UUID("5e9a1c3b-4e7f-5a10-9c1d-0e0b1a4e9e10")  # for the uuid5 ids below
ACTIE_ID_HIGH = 0x5E9A1C3B_4E7F_8A10  # version nibble 8 in the third group
VARIANT = 0b10 << 62
SEQUENCE_MASK = (1 << 62) - 1
MAX_NAME = 242

HANDELINGEN = {
    "read": "Inzien",
    "create": "Vastleggen",
    "update": "Wijzigen",
    "delete": "Verwijderen",
    "export": "Exporteren",
    "disclose": "Verstrekken",
}


def actie_id(entry: ProcessingLogEntry) -> uuid.UUID:
    return uuid.UUID(int=(ACTIE_ID_HIGH << 64) | VARIANT | entry.sequence)


def sequence_from_actie_id(value) -> int | None:
    """The sequence number an ``actieId`` of ours carries, or None for any other value."""
    try:
        number = uuid.UUID(str(value)).int
    except ValueError:
        return None
    if number >> 64 != ACTIE_ID_HIGH or (number >> 62) & 0b11 != 0b10:
        return None
    return number & SEQUENCE_MASK or None


def _verwerkt_object(entry, actie_url: str, actie: uuid.UUID, names: ConfigurationNames) -> dict | None:
    if entry.person_id is not None:
        kind, object_id, involvement = "eenplan-persoon-id", entry.person_id, "Betrokkene"
    elif entry.household_id is not None:
        kind, object_id, involvement = "eenplan-huishouden-id", entry.household_id, "Lid van het huishouden"
    else:
        return None
    object_uuid = uuid.uuid5(actie, f"{kind}:{object_id}")
    return {
        "url": f"{actie_url}#{object_uuid}",
        "verwerktObjectId": str(object_uuid),
        "objecttype": "persoon",
        "soortObjectId": kind,
        "objectId": str(object_id),
        "betrokkenheid": involvement,
        "verwerkteSoortenGegevens": [
            {"soortGegeven": names.category(code)[:MAX_NAME]} for code in entry.categories
        ],
    }


def verwerkingsactie(entry: ProcessingLogEntry, *, base_url: str, names: ConfigurationNames) -> dict:
    """One entry as a VNG ``VerwerkingsactieUitgebreid``; ``base_url`` is scheme and host."""
    actie = actie_id(entry)
    actie_url = f"{base_url.rstrip('/')}{API_PATH}{actie}/"
    moment = entry.occurred_at.isoformat()
    action = ProcessingLogEntry.Action(entry.action).label if entry.action in HANDELINGEN else entry.action
    result = {
        "url": actie_url,
        "actieId": str(actie),
        "actieNaam": (entry.description or f"{entry.object_type} {action}")[:MAX_NAME],
        "handelingNaam": HANDELINGEN.get(entry.action, entry.action),
        "verwerkingNaam": names.purpose(entry.purpose)[:MAX_NAME],
        "verwerkingId": str(uuid.uuid5(NAMESPACE, f"verwerking:{entry.purpose}:{entry.household_id or ''}")),
        "verwerkingsactiviteitId": str(uuid.uuid5(NAMESPACE, f"verwerkingsactiviteit:{entry.purpose}")),
        "vertrouwelijkheid": (
            "vertrouwelijk" if names.special_categories.intersection(entry.categories) else "normaal"
        ),
        "systeem": SYSTEM,
        "gegevensbron": SYSTEM,
        "tijdstip": moment,
        "tijdstipRegistratie": moment,
        "verwerkteObjecten": [
            item for item in [_verwerkt_object(entry, actie_url, actie, names)] if item is not None
        ],
        "eenplan": {
            "volgnummer": entry.sequence,
            "doel": entry.purpose,
            "grondslag": entry.legal_basis,
            "grondslagNaam": names.legal_basis(entry.legal_basis),
            "kanaal": entry.channel,
            "handeling": entry.action,
            "gebruikerNaam": entry.actor_name,
            "gebruikerRol": entry.actor_role,
            "organisatie": entry.organisation,
            "objecttype": entry.object_type,
            "objectId": entry.object_id,
            "huishoudenId": entry.household_id,
            "persoonId": entry.person_id,
            "categorieen": list(entry.categories),
            "hash": entry.entry_hash,
        },
    }
    if entry.actor_id is not None:
        result["gebruiker"] = str(entry.actor_id)
    return result


def verwerkingsacties(entries, *, base_url: str) -> list[dict]:
    """Entries as Verwerkingsacties; the configuration names are read once for all of them."""
    names = ConfigurationNames.load()
    return [verwerkingsactie(entry, base_url=base_url, names=names) for entry in entries]
