"""Open Referral HSDS 3.0 in and out of the social map: the relationship spec, import and export.

**The spec** (``TABLES``) says, for every HSDS table, which model holds it and which properties nest
other records: ``Children`` (one-to-many: each nested record gets the parent's id in ``fk``, and for
attributes and metadata the parent's table in ``entity``) or ``Reference`` (many-to-one: the nested
record is the one the parent's ``fk`` points at). Properties marked ``compiled`` exist only in the
fully nested shapes of the HSDS API (``organization.services``, ``service_at_location.service``), not in
the modular schemas. Everything else a record holds is its own scalar data, stored as given in ``data``.

**Import** reads a single record, a list, the paged API shape (``{"contents": [...]}``), the tabular JSON
shape (``{"services.csv": [...], ...}``, upstream ``examples/tabular.json``) or a CSV data package
(directory or zip). Every top-level record is validated against the official modular schema of its table
(vendored in ``hsds_schema/3.0``, format checking on) before anything is written; compiled-only
properties and the ``eenplan`` extension are validated with their own schemas. The valid records are
flattened into one row per (table, id): nesting sets the links, the same id seen more than once merges
(the links are united, differing data warns and the last one wins), and rows are upserted in bulk in one
transaction. An import adds and updates, it never deletes a record or a link: a link that the import
does not give keeps the value we hold. With ``strict`` (the default), one rejected record stores nothing.

**The Dutch profile** travels as the extension object ``eenplan`` on a service (``PROFILE_SCHEMA``): it
sets Service's profile columns and is never kept in ``data``. Unknown municipality, target-group or area
codes are warnings, not rejections (they are reference data that differs between installations); a
kind or cost outside the fixed choices is a rejection. A service imported without the extension keeps
the profile it has (a new one gets kind and cost "unknown"). Export adds ``eenplan`` to a service whose
profile differs from those defaults. In the CSV data package the profile is the extra table
``eenplan_profiles.csv`` (lists as JSON arrays), described in the exported ``datapackage.json``.

**Export** renders records in the HSDS shapes (``SHAPES``): a record's ``data`` as given, plus its nested
records found through the links, loaded a table and link at a time for a whole batch (the number of
queries depends on the shape, not on the number of records). Empty lists and missing references are
left out, nested lists are ordered by id.

**Lossless.** Two exports are equal when ``canonical()`` makes them equal: no empty arrays or None, every
array sorted by id. Export → import → export gives the same JSON, for every shape. A record is stored
once per id, with one link per kind, so what survives is the *graph*, not the exact tree of a file:

* The upstream examples nest the same id under several parents (one phone under the service, its
  contact, its location and its organization). That is one phone with four links, and every export
  shows it under each of those parents again: for these files the first export equals the original.
* A nested record is shown under every parent it links to, also where the original file did not nest
  it there; and a record nested under two parents *of the same table* keeps only the last link (with a
  warning). So the first export is the normal form; from then on export → import → export is the identity.
* Nested records keep their data as given: a phone nested in a service has no ``service_id`` unless the
  file gave one; the link is in the nesting. The CSV package has no nesting, so its link columns are
  written from the links we hold (for ``attribute.link_entity`` and ``metadata.resource_type``: the
  parent's table), and an import of a CSV package stores them as data. CSV cannot tell an empty text
  from an absent one, and it holds only the schema's properties: CSV → import → CSV is the identity,
  JSON → CSV → JSON adds the link properties to nested records.
* The list of full services holds what hangs under services; records that no service reaches (a
  taxonomy nobody uses, an organization without services) are in the CSV package only.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from django.db import connection, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenplan.core.models import Area, Municipality

from . import bulk
from .models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    HsdsRecord,
    Language,
    Location,
    Metadata,
    MetaTableDescription,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TargetGroup,
    Taxonomy,
    TaxonomyTerm,
)

VERSION = "3.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema" / VERSION


class HsdsError(ValueError):
    """Input that cannot be read as HSDS at all (not JSON, unknown table, no table given)."""


# --- the relationship spec -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Children:
    """One-to-many: each nested record gets ``fk`` = the parent's id (and ``entity`` = the parent's table)."""

    prop: str
    table: str
    fk: str
    entity: str = ""
    compiled: bool = False


@dataclass(frozen=True)
class Reference:
    """Many-to-one: the nested record is the one the parent's ``fk`` points at."""

    prop: str
    table: str
    fk: str
    compiled: bool = False


Relation = Children | Reference


@dataclass(frozen=True)
class Table:
    name: str
    model: type[HsdsRecord]
    nested: tuple[Relation, ...]


def _attributes() -> Children:
    return Children("attributes", "attribute", "link_id", entity="link_entity")


def _metadata() -> Children:
    return Children("metadata", "metadata", "resource_id", entity="resource_type")


def _owned(table: str, fk: str, *props: tuple[str, str]) -> tuple[Relation, ...]:
    """Children of a table that link back with the same ``fk``, then attributes and metadata."""
    return (*(Children(prop, child, fk) for prop, child in props), _attributes(), _metadata())


TABLES: dict[str, Table] = {
    table.name: table
    for table in [
        Table(
            "organization",
            Organization,
            (
                *_owned(
                    "organization",
                    "organization_id",
                    ("funding", "funding"),
                    ("contacts", "contact"),
                    ("phones", "phone"),
                    ("locations", "location"),
                    ("programs", "program"),
                    ("organization_identifiers", "organization_identifier"),
                ),
                Children("services", "service", "organization_id", compiled=True),
            ),
        ),
        Table("organization_identifier", OrganizationIdentifier, (_attributes(), _metadata())),
        Table("program", Program, (_attributes(), _metadata())),
        Table(
            "service",
            Service,
            (
                Children("phones", "phone", "service_id"),
                Children("schedules", "schedule", "service_id"),
                Children("service_areas", "service_area", "service_id"),
                Children("service_at_locations", "service_at_location", "service_id"),
                Children("languages", "language", "service_id"),
                Reference("organization", "organization", "organization_id"),
                Children("funding", "funding", "service_id"),
                Children("cost_options", "cost_option", "service_id"),
                Reference("program", "program", "program_id"),
                Children("required_documents", "required_document", "service_id"),
                Children("contacts", "contact", "service_id"),
                _attributes(),
                _metadata(),
            ),
        ),
        Table("service_area", ServiceArea, (_attributes(), _metadata())),
        Table(
            "service_at_location",
            ServiceAtLocation,
            (
                Children("contacts", "contact", "service_at_location_id"),
                Children("phones", "phone", "service_at_location_id"),
                Children("schedules", "schedule", "service_at_location_id"),
                Reference("location", "location", "location_id"),
                _attributes(),
                _metadata(),
                Reference("service", "service", "service_id", compiled=True),
            ),
        ),
        Table(
            "location",
            Location,
            _owned(
                "location",
                "location_id",
                ("languages", "language"),
                ("addresses", "address"),
                ("contacts", "contact"),
                ("accessibility", "accessibility"),
                ("phones", "phone"),
                ("schedules", "schedule"),
            ),
        ),
        Table("address", Address, (_attributes(), _metadata())),
        Table("phone", Phone, _owned("phone", "phone_id", ("languages", "language"))),
        Table("schedule", Schedule, (_attributes(), _metadata())),
        Table("contact", Contact, _owned("contact", "contact_id", ("phones", "phone"))),
        Table("language", Language, (_attributes(), _metadata())),
        Table("accessibility", Accessibility, (_attributes(), _metadata())),
        Table("cost_option", CostOption, (_attributes(), _metadata())),
        Table("funding", Funding, (_attributes(), _metadata())),
        Table("required_document", RequiredDocument, (_attributes(), _metadata())),
        Table(
            "attribute",
            Attribute,
            (Reference("taxonomy_term", "taxonomy_term", "taxonomy_term_id"), _metadata()),
        ),
        Table("taxonomy", Taxonomy, (_metadata(),)),
        Table(
            "taxonomy_term",
            TaxonomyTerm,
            (Reference("taxonomy_detail", "taxonomy", "taxonomy_id"), _metadata()),
        ),
        Table("metadata", Metadata, ()),
        Table("meta_table_description", MetaTableDescription, (_attributes(), _metadata())),
    ]
}
TABLE_OF_MODEL: dict[type, str] = {table.model: name for name, table in TABLES.items()}

# Polymorphic links: (id column, column naming the table) — Attribute and Metadata point at any record.
POLYMORPHIC: dict[str, tuple[str, str]] = {
    "attribute": ("link_id", "link_entity"),
    "metadata": ("resource_id", "resource_type"),
}
ENTITY_COLUMNS = frozenset(entity for _id, entity in POLYMORPHIC.values())


@cache
def link_targets(table: str) -> dict[str, str]:
    """The table's foreign keys to other HSDS records: attname → target table (``service_id`` → service)."""
    return {
        f.attname: TABLE_OF_MODEL[f.related_model]
        for f in TABLES[table].model._meta.concrete_fields
        if f.many_to_one and f.related_model in TABLE_OF_MODEL
    }


@cache
def link_columns(table: str) -> tuple[str, ...]:
    """Every link column of the table: its foreign keys and, for attribute and metadata, the pair."""
    return (*link_targets(table), *POLYMORPHIC.get(table, ()))


def _update_fields(table: str) -> list[str]:
    model = TABLES[table].model
    names = ["data", *model.COLUMNS.values()]
    names += [model._meta.get_field(attname.removesuffix("_id")).name for attname in link_targets(table)]
    return [*names, *POLYMORPHIC.get(table, ())]


# The Dutch profile of a service: the extension object "eenplan" (see the module docstring).
PROFILE_FIELDS = (
    "municipality",
    "kind",
    "cost",
    "target_groups",
    "areas",
    "tags",
    "accessibility",
    "volunteer_places",
    "availability",
    "reviewed_on",
)
PROFILE_SCHEMA: dict[str, Any] = {
    "title": "eenplan",
    "description": "Het Nederlandse profiel van een dienst in de sociale kaart van Eén Plan.",
    "type": "object",
    "properties": {
        "municipality": {"type": ["string", "null"], "description": "CBS-gemeentecode, bv. GM0193."},
        "kind": {"type": "string", "enum": list(Service.Kind.values)},
        "cost": {"type": "string", "enum": list(Service.Cost.values)},
        "target_groups": {"type": "array", "items": {"type": "string"}, "description": "Doelgroepcodes."},
        "areas": {"type": "array", "items": {"type": "string"}, "description": "CBS-wijk- of buurtcodes."},
        "tags": {"type": "array", "items": {"type": "string"}},
        "accessibility": {"type": "string"},
        "volunteer_places": {"type": ["integer", "null"], "minimum": 0},
        "availability": {"type": "string", "maxLength": 200},
        "reviewed_on": {"type": ["string", "null"], "format": "date"},
    },
    "additionalProperties": False,
}
PROFILE_COLUMNS = (  # Service's columns that the profile sets (target groups and areas are many-to-many)
    "municipality",
    "kind",
    "cost",
    "tags",
    "accessibility",
    "availability",
    "volunteer_places",
    "reviewed_on",
)
PROFILE_TABLE = "eenplan"  # the pseudo-table of the profile rows in a CSV data package
PROFILE_CSV = "eenplan_profiles.csv"


# --- schemas and validation ----------------------------------------------------------------------------


@cache
def schema(table: str) -> dict:
    """The official modular HSDS schema of a table (vendored)."""
    return json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))


@cache
def datapackage() -> dict:
    """The upstream Tabular Data Package descriptor (one resource per table)."""
    return json.loads((SCHEMA_DIR / "datapackage.json").read_text(encoding="utf-8"))


@cache
def csv_names() -> dict[str, str]:
    """Table → its CSV file in a data package (``service`` → ``services.csv``)."""
    return {table: schema(table)["path"] for table in TABLES}


@cache
def scalar_properties(table: str) -> tuple[str, ...]:
    """The table's own (non-nested) properties, in the order of its CSV columns."""
    resource = next(r for r in datapackage()["resources"] if r["name"] == table)
    return tuple(f["name"] for f in resource["schema"]["fields"])


@cache
def _validator(table: str):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    if table == PROFILE_TABLE:
        return Draft202012Validator(PROFILE_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    registry = Registry().with_resources(
        (f"{name}.json", Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in TABLES
    )
    return Draft202012Validator(
        schema(table), registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def _checked_schema(table: str) -> dict:
    """What ``record_reasons`` checks, as one schema for the fast pass: the official schema of the table
    plus its compiled-only properties, the ``eenplan`` profile and the lengths our columns hold."""
    if table == PROFILE_TABLE:
        return PROFILE_SCHEMA
    official = schema(table)
    properties = dict(official["properties"])
    for prop, limit in _length_limits(table).items():
        properties[prop] = {**properties.get(prop, {}), "maxLength": limit}
    for rel in TABLES[table].nested:
        if rel.compiled:
            ref = {"$ref": f"{rel.table}.json"}
            properties[rel.prop] = ref if isinstance(rel, Reference) else {"type": "array", "items": ref}
    if table == "service":
        properties["eenplan"] = {"$ref": PROFILE_TABLE}
    return {**official, "properties": properties}


SCHEMA_BASE = "https://eenplan.invalid/hsds/3.0/"  # base URI for the schemas' relative $refs


def _retrieve(uri: str) -> dict:
    return _checked_schema(uri.rsplit("/", 1)[-1].removesuffix(".json"))


@cache
def _fast_check(table: str) -> Callable[[Any], bool]:
    """A fast first pass (jsonschema-rs, compiled Rust) over what ``record_reasons`` checks; about
    100 times faster than jsonschema, which then gives the Dutch reasons only for what this refuses."""
    import jsonschema_rs

    root = {**_checked_schema(table), "$id": f"{SCHEMA_BASE}{table}.json"}
    return jsonschema_rs.validator_for(root, validate_formats=True, retriever=_retrieve).is_valid


def _location(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


FORMAT_MESSAGES = {
    "uri": gettext_lazy("%(path)s: %(value)s is geen geldige URI"),
    "email": gettext_lazy("%(path)s: %(value)s is geen geldig e-mailadres"),
    "uuid": gettext_lazy("%(path)s: %(value)s is geen geldige UUID"),
    "date": gettext_lazy("%(path)s: %(value)s is geen geldige datum (JJJJ-MM-DD)"),
    "date-time": gettext_lazy("%(path)s: %(value)s is geen geldig tijdstip (datum en tijd)"),
    "time": gettext_lazy("%(path)s: %(value)s is geen geldige tijd (UU:MM:SS)"),
}
TYPE_NAMES = {
    "string": gettext_lazy("tekst"),
    "number": gettext_lazy("getal"),
    "integer": gettext_lazy("geheel getal"),
    "boolean": gettext_lazy("ja/nee-waarde"),
    "array": gettext_lazy("lijst"),
    "object": gettext_lazy("object"),
    "null": gettext_lazy("leeg"),
}


def _shown(value: Any) -> str:
    """A value in a reason, as jsonschema shows it (``'not a url'``), cut short when long."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:76]} …"


def _type_reason(where: str, value: Any, kinds: list[str]) -> str:
    names = [str(TYPE_NAMES.get(kind, kind)) for kind in kinds]
    expected = names[0]
    for name in names[1:]:
        expected = _("%(one)s of %(other)s") % {"one": expected, "other": name}
    return _("%(path)s: %(value)s heeft het verkeerde type (verwacht: %(expected)s)") % {
        "path": where,
        "value": _shown(value),
        "expected": expected,
    }


def _reason(error, prefix: tuple) -> str:
    """One schema error as a Dutch sentence with the path of the property (``phones[0].number: …``)."""
    path = (*prefix, *error.absolute_path)
    value = _shown(error.instance)
    if error.validator == "required":
        missing = error.message.removesuffix(" is a required property")
        name = missing[1:-1] if missing[:1] in "'\"" else missing
        return _("%(path)s: verplicht, maar ontbreekt") % {"path": _location((*path, name))}
    where = _location(path) or _("het record")
    if error.validator == "format" and error.validator_value in FORMAT_MESSAGES:
        return str(FORMAT_MESSAGES[error.validator_value]) % {"path": where, "value": value}
    if error.validator == "type":
        kinds = [error.validator_value] if isinstance(error.validator_value, str) else error.validator_value
        return _type_reason(where, error.instance, kinds)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _("%(path)s: onbekende eigenschap %(names)s") % {"path": where, "names": ", ".join(extra)}
    if error.validator == "enum":
        return _("%(path)s: %(value)s is geen toegestane waarde (kies uit: %(choices)s)") % {
            "path": where,
            "value": value,
            "choices": ", ".join(str(choice) for choice in error.validator_value),
        }
    return _("%(path)s: ongeldig (%(message)s)") % {"path": where, "message": error.message}


def _schema_reasons(table: str, record: Any, prefix: tuple = ()) -> list[str]:
    return [_reason(error, prefix) for error in _validator(table).iter_errors(record)]


def _walk(table: str, record: dict, path: tuple = ()) -> Iterator[tuple[str, dict, tuple]]:
    """Every record in a nested HSDS record (itself first), with its table and path."""
    yield table, record, path
    for rel in TABLES[table].nested:
        value = record.get(rel.prop)
        if isinstance(rel, Reference):
            if isinstance(value, dict):
                yield from _walk(rel.table, value, (*path, rel.prop))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, dict):
                    yield from _walk(rel.table, child, (*path, rel.prop, i))


@cache
def _length_limits(table: str) -> dict[str, int]:
    """Properties copied into columns of limited length (so PostgreSQL never refuses a row halfway)."""
    model = TABLES[table].model
    limits = {"id": model._meta.pk.max_length}
    for prop, column in model.COLUMNS.items():
        if getattr(model._meta.get_field(column), "max_length", None):
            limits[prop] = model._meta.get_field(column).max_length
    for attname in link_targets(table):
        limits[attname] = model._meta.pk.max_length  # the target's id (every HSDS id is 250 at most)
    for column in POLYMORPHIC.get(table, ()):
        limits[column] = model._meta.get_field(column).max_length
    return limits


def record_reasons(table: str, record: Any) -> list[str]:
    """Why a top-level record of this table is refused (Dutch, sorted); empty when it is valid."""
    if table == PROFILE_TABLE:
        profile = {k: v for k, v in record.items() if k != "service_id"}
        reasons = _schema_reasons(PROFILE_TABLE, profile) if not _fast_check(PROFILE_TABLE)(profile) else []
        if not isinstance(record.get("service_id"), str) or not record["service_id"]:
            reasons.append(_("%(path)s: verplicht, maar ontbreekt") % {"path": "service_id"})
        return sorted(set(reasons))
    if _fast_check(table)(record):
        return []
    reasons = _schema_reasons(table, record)
    if not isinstance(record, dict):
        return reasons
    for kind, nested, path in _walk(table, record):
        for rel in TABLES[kind].nested:
            if rel.compiled and rel.prop in nested:
                # Not in the modular schema: validate these records against their own table's schema.
                values = nested[rel.prop]
                if isinstance(rel, Reference):
                    reasons += _schema_reasons(rel.table, values, (*path, rel.prop))
                elif isinstance(values, list):
                    for i, value in enumerate(values):
                        reasons += _schema_reasons(rel.table, value, (*path, rel.prop, i))
                else:
                    reasons.append(_type_reason(_location((*path, rel.prop)), values, ["array"]))
        if kind == "service" and "eenplan" in nested:
            reasons += _schema_reasons(PROFILE_TABLE, nested["eenplan"], (*path, "eenplan"))
        for prop, limit in _length_limits(kind).items():
            value = nested.get(prop)
            if isinstance(value, str) and len(value) > limit:
                reasons.append(
                    _("%(path)s: langer dan %(limit)s tekens")
                    % {"path": _location((*path, prop)), "limit": limit}
                )
    return sorted(set(reasons))


# --- reading input -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One top-level record to import: its table and its position in the input (0-based)."""

    table: str
    index: int
    record: Any


def table_from_filename(name: str) -> str | None:
    """``service_full.json`` → service, ``taxonomy_term_list.json`` → taxonomy_term, ``tabular.json``."""
    stem = Path(name).name.split(".")[0].lower()
    stem = stem.removesuffix("_full").removesuffix("_list")
    if stem in TABLES or stem == "tabular":
        return stem
    by_csv = {Path(csv_name).stem: table for table, csv_name in csv_names().items()}
    return by_csv.get(stem)


def _table_checked(table: str | None) -> str:
    if table is None:
        raise HsdsError(_("Geef aan welke HSDS-tabel het bestand bevat (bijvoorbeeld service)."))
    if table not in TABLES:
        raise HsdsError(_("%(table)s is geen HSDS-tabel.") % {"table": table})
    return table


def read_json(payload: Any, *, table: str | None = None) -> list[Item]:
    """Records from parsed JSON: one record, a list, the paged API shape, or the tabular shape."""
    by_csv = {csv_name: name for name, csv_name in csv_names().items()}
    if isinstance(payload, dict) and payload and all(key.endswith(".csv") for key in payload):
        items = []
        for csv_name, rows in payload.items():
            if csv_name not in by_csv:
                raise HsdsError(_("%(name)s is geen tabel van HSDS 3.0.") % {"name": csv_name})
            if not isinstance(rows, list):
                raise HsdsError(_("%(name)s moet een lijst van records zijn.") % {"name": csv_name})
            items += [Item(by_csv[csv_name], i, row) for i, row in enumerate(rows)]
        return items
    if table == "tabular":
        raise HsdsError(_("Dit is niet de tabelvorm van HSDS (een object met per CSV-bestand een lijst)."))
    table = _table_checked(table)
    if isinstance(payload, dict) and isinstance(payload.get("contents"), list):
        payload = payload["contents"]
    if isinstance(payload, list):
        return [Item(table, i, record) for i, record in enumerate(payload)]
    return [Item(table, 0, payload)]


def _coerce(kind: str | None, text: str) -> Any:
    """A CSV cell as the type its schema property has (left as text when it does not fit)."""
    try:
        if kind == "number":
            number = int(text) if text.lstrip("+-").isdigit() else float(text)
            return number if math.isfinite(number) else text
        if kind == "integer":
            return int(text)
        if kind == "boolean" and text.lower() in ("true", "false"):
            return text.lower() == "true"
    except ValueError:
        return text
    return text


def _csv_records(table: str, text: IO[str]) -> Iterator[dict]:
    if table == PROFILE_TABLE:
        kinds = {"volunteer_places": "integer"}
    else:
        kinds = {name: prop.get("type") for name, prop in schema(table)["properties"].items()}
    for row in csv.DictReader(text):
        record = {}
        for column, cell in row.items():
            if column is None or cell in (None, ""):
                continue  # an empty cell is an absent property
            if table == PROFILE_TABLE and column in ("target_groups", "areas", "tags"):
                try:
                    record[column] = json.loads(cell)
                except ValueError:
                    record[column] = cell
            else:
                record[column] = _coerce(kinds.get(column), cell)
        yield record


def _read_package(names: Iterable[str], open_text: Callable[[str], IO[str]]) -> list[Item]:
    """Records from a CSV data package, given its file names and a way to open one as text."""
    wanted = {csv_name: table for table, csv_name in csv_names().items()} | {PROFILE_CSV: PROFILE_TABLE}
    found = {Path(name).name: name for name in names if Path(name).name in wanted}
    if not found:
        raise HsdsError(_("Dit datapakket bevat geen enkel CSV-bestand van HSDS 3.0 (zoals services.csv)."))
    items = []
    for csv_name, table in wanted.items():
        if csv_name in found:
            with open_text(found[csv_name]) as text:
                items += [Item(table, i, record) for i, record in enumerate(_csv_records(table, text))]
    return items


def _no_constant(name: str):
    raise ValueError(_("%(name)s is geen getal in JSON") % {"name": name})


def read_bytes(name: str, content: bytes, *, table: str | None = None) -> list[Item]:
    """Records from an uploaded file: a CSV data package as .zip, or JSON (table from ``table`` or name)."""
    if name.lower().endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except zipfile.BadZipFile as error:
            raise HsdsError(_("Dit zip-bestand is niet te lezen.")) from error
        with archive:
            return _read_package(
                archive.namelist(),
                lambda member: io.TextIOWrapper(archive.open(member), encoding="utf-8-sig", newline=""),
            )
    if name.lower().endswith(".csv"):
        text = content.decode("utf-8-sig", errors="replace")
        return _read_package([name], lambda _name: io.StringIO(text, newline=""))
    try:
        payload = json.loads(content.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise HsdsError(_("Dit bestand is geen geldige JSON: %(error)s") % {"error": error}) from error
    return read_json(payload, table=table or table_from_filename(name))


def read_path(path: Path | str, *, table: str | None = None) -> list[Item]:
    """Records from a file or from a directory holding a CSV data package."""
    path = Path(path)
    if path.is_dir():
        return _read_package(
            [str(p) for p in path.iterdir()], lambda p: open(p, encoding="utf-8-sig", newline="")
        )
    return read_bytes(path.name, path.read_bytes(), table=table)


# --- flattening ----------------------------------------------------------------------------------------


@dataclass
class Row:
    """One record to store: its own data, its links (attname → value) and, for a service, its profile."""

    data: dict
    links: dict[str, str]
    profile: dict | None = None


# Properties of a record that are not its own data: the nested records, and a service's profile.
_NOT_DATA = {
    name: frozenset(rel.prop for rel in table.nested) | ({"eenplan"} if name == "service" else set())
    for name, table in TABLES.items()
}


class _Rows:
    """Nested records flattened into one row per (table, id); see the module docstring for merging."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Row]] = {name: {} for name in TABLES}
        self.warnings: list[str] = []

    def add(self, table: str, record: dict, given: dict[str, str] | None = None) -> str:
        spec = TABLES[table]
        data = {key: value for key, value in record.items() if key not in _NOT_DATA[table]}
        links = {
            a: data[a] for a in link_columns(table) if a in data and isinstance(data[a], str) and data[a]
        }
        for attname, value in (given or {}).items():
            self._link(table, record["id"], links, attname, value)
        for rel in spec.nested:
            value = record.get(rel.prop)
            if isinstance(rel, Reference) and isinstance(value, dict):
                self._link(table, record["id"], links, rel.fk, self.add(rel.table, value))
            elif isinstance(rel, Children) and isinstance(value, list):
                link = {rel.fk: record["id"]} | ({rel.entity: table} if rel.entity else {})
                for child in value:
                    self.add(rel.table, child, link)
        profile = record.get("eenplan") if table == "service" else None
        self._merge(table, record["id"], Row(data, links, profile))
        return record["id"]

    def _link(self, table: str, record_id: str, links: dict, attname: str, value: str) -> None:
        """Nesting sets a link; a different id given in the record's own data is overruled (warning)."""
        if attname in link_targets(table) and links.get(attname) not in (None, value):
            self.warnings.append(
                _(
                    "%(table)s %(id)s: %(field)s is %(given)s, maar het record staat genest onder "
                    "%(value)s; de nesting telt."
                )
                % {"table": table, "id": record_id, "field": attname, "given": links[attname], "value": value}
            )
        links[attname] = value

    def _merge(self, table: str, record_id: str, row: Row) -> None:
        held = self.tables[table].get(record_id)
        if held is None:
            self.tables[table][record_id] = row
            return
        if held.data != row.data:
            self.warnings.append(
                _(
                    "%(table)s %(id)s staat meer dan eens in de gegevens, met verschillende eigenschappen; "
                    "de laatste telt."
                )
                % {"table": table, "id": record_id}
            )
            held.data = row.data
        for attname, value in row.links.items():
            if held.links.get(attname) not in (None, value) and attname not in ENTITY_COLUMNS:
                self.warnings.append(
                    _(
                        "%(table)s %(id)s hoort bij twee verschillende %(field)s (%(old)s en %(new)s); "
                        "de laatste telt."
                    )
                    % {
                        "table": table,
                        "id": record_id,
                        "field": attname,
                        "old": held.links[attname],
                        "new": value,
                    }
                )
            held.links[attname] = value
        if row.profile is not None:
            held.profile = row.profile

    def add_profile(self, record: dict) -> None:
        service = self.tables["service"].get(record["service_id"])
        if service is None:
            self.warnings.append(
                _("Het profiel van dienst %(id)s is overgeslagen: die dienst staat niet in deze gegevens.")
                % {"id": record["service_id"]}
            )
            return
        service.profile = {k: v for k, v in record.items() if k != "service_id"}


# --- storing -------------------------------------------------------------------------------------------


@dataclass
class Rejected:
    """A top-level record that was refused, with the reasons (Dutch, each starting with a path)."""

    index: int
    id: str | None
    table: str
    reasons: list[str]


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)  # table → new rows
    updated: dict[str, int] = field(default_factory=dict)  # table → rows that existed
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stored: bool = False  # False when strict and something was rejected: nothing was written

    @property
    def ok(self) -> bool:
        return not self.rejected


def _chunk_size() -> int:
    return min(900, (connection.features.max_query_params or 10_000) - 50)


def chunks(values: list, size: int | None = None) -> Iterator[list]:
    """Slices small enough for an ``id__in`` filter on any database."""
    size = size or _chunk_size()
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing(
    model: type[HsdsRecord], ids: list[str], columns: Iterable[str], *, lock: bool = False
) -> dict[str, tuple]:
    """The rows we hold of these ids: id → their ``columns``; with ``lock``, locked until the commit
    (a service's search document: its terms are counted off as it is replaced)."""
    held: dict[str, tuple] = {}
    rows = model.objects.order_by().values_list("pk", *columns)
    if lock:
        rows = rows.select_for_update()
    if model.objects.count() <= 2 * len(ids):  # reading the whole table beats looking up every id
        wanted = set(ids)
        for pk, *values in rows.iterator(chunk_size=10_000):
            if pk in wanted:
                held[pk] = tuple(values)
        return held
    for chunk in chunks(ids):
        for pk, *values in rows.filter(pk__in=chunk):
            held[pk] = tuple(values)
    return held


def _dangling_warnings(rows: _Rows) -> list[str]:
    """Links to records that are neither in the import nor in the database (kept, but worth knowing)."""
    wanted: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    warnings = []
    for table, by_id in rows.tables.items():
        targets = dict(link_targets(table))
        id_column, entity_column = POLYMORPHIC.get(table, (None, None))
        for record_id, row in by_id.items():
            for attname, target in targets.items():
                value = row.links.get(attname)
                if value and value not in rows.tables[target]:
                    wanted[target][value].append((table, record_id, attname))
            if id_column and row.links.get(id_column):
                entity = row.links.get(entity_column, "")
                if entity not in TABLES:
                    warnings.append(
                        _(
                            "%(table)s %(id)s: %(field)s %(entity)s is geen HSDS-tabel; "
                            "de koppeling blijft bewaard."
                        )
                        % {"table": table, "id": record_id, "field": entity_column, "entity": repr(entity)}
                    )
                elif row.links[id_column] not in rows.tables[entity]:
                    wanted[entity][row.links[id_column]].append((table, record_id, id_column))
    for target, referrers in wanted.items():
        held = _existing(TABLES[target].model, list(referrers), ())
        for target_id, sources in referrers.items():
            if target_id in held:
                continue
            for table, record_id, attname in sources:
                warnings.append(
                    _(
                        "%(table)s %(id)s: %(field)s verwijst naar %(target)s %(target_id)s, die niet in de "
                        "gegevens of de database staat; de verwijzing blijft bewaard."
                    )
                    % {
                        "table": table,
                        "id": record_id,
                        "field": attname,
                        "target": target,
                        "target_id": target_id,
                    }
                )
    return warnings


def _store(
    table: str, by_id: dict[str, Row], report: ImportReport, extra: tuple[str, ...] = ()
) -> tuple[list[HsdsRecord], dict[str, tuple]]:
    """Model instances for the rows, with the links we already hold where the import gives none; and
    what we hold of them (id → their link columns, then the ``extra`` columns)."""
    model = TABLES[table].model
    columns = link_columns(table)
    held = _existing(model, list(by_id), (*columns, *extra), lock=table == "service")
    fields = model._meta.concrete_fields
    # Positional construction (as Django's from_db does) is several times faster than keywords.
    template = {f.attname: None if f.attname in link_targets(table) else f.get_default() for f in fields}
    records = []
    for record_id, row in by_id.items():
        values = template | {"id": record_id, "data": row.data}
        before = held.get(record_id)
        for i, attname in enumerate(columns):
            value = row.links.get(attname)
            if value is None and before is not None:
                value = before[i]  # an import adds links, it never removes one we hold
            if value is not None:
                values[attname] = value
        record = model(*[values[f.attname] for f in fields])
        record.columns_from_data()
        records.append(record)
    created = sum(1 for record_id in by_id if record_id not in held)
    if created:
        report.created[table] = created
    if len(by_id) - created:
        report.updated[table] = len(by_id) - created
    return records, held


def _upsert(model: type[HsdsRecord], records: list, fields: list[str], held: dict | None = None) -> None:
    """Insert or update by id with INSERT … ON CONFLICT (``bulk.insert``: COPY on PostgreSQL), because
    bulk_create's per-field work takes most of the time of a 100k-service import. Records that are not
    ``held`` (when given) are plainly inserted: PostgreSQL then copies them straight into the table."""
    if not records:
        return
    if held is not None and connection.vendor == "postgresql":
        new = [record for record in records if record.pk not in held]
        if len(new) >= bulk.COPY_FROM:
            _upsert(model, [record for record in records if record.pk in held], fields)
            _insert(model, new)
            return
    quote = connection.ops.quote_name
    concrete = model._meta.concrete_fields
    changed = [model._meta.get_field(name).column for name in fields]
    conflict = f"ON CONFLICT ({quote('id')}) DO UPDATE SET " + ", ".join(
        f"{quote(column)} = excluded.{quote(column)}" for column in changed
    )
    bulk.insert(
        model._meta.db_table, [f.column for f in concrete], _rows(model, records), on_conflict=conflict
    )


def _insert(model: type[HsdsRecord], records: list) -> None:
    """Insert records that we do not hold (a concurrent import of the same new ids fails on the key)."""
    bulk.insert(model._meta.db_table, [f.column for f in model._meta.concrete_fields], _rows(model, records))


def _rows(model: type[HsdsRecord], records: list) -> list[list]:
    """The records' values in the order of the model's columns, as the database driver takes them."""
    concrete = model._meta.concrete_fields
    attnames = [f.attname for f in concrete]
    json_fields = [(i, f) for i, f in enumerate(concrete) if isinstance(f, models.JSONField)]
    rows = []
    for record in records:
        row = [getattr(record, attname) for attname in attnames]
        for i, json_field in json_fields:
            row[i] = json_field.get_db_prep_save(row[i], connection)
        rows.append(row)
    return rows


def _codes(model, codes: set[str], extra: str) -> dict[str, tuple[int, Any]]:
    """Code → (primary key, the ``extra`` value) of the records with these codes."""
    found: dict[str, tuple[int, Any]] = {}
    for chunk in chunks(sorted(codes)):
        for code, pk, value in model.objects.filter(code__in=chunk).values_list("code", "pk", extra):
            found[code] = (pk, value)
    return found


def _apply_profiles(
    services: list[Service], profiles: dict[str, dict], report: ImportReport
) -> dict[str, tuple[list, list, list, list]]:
    """Set the profile columns of services that carry ``eenplan``. Returns per service its target groups
    and areas as the search index reads them ((code, name) and (code, parent code)), then their
    primary keys (``_profile_links_store`` writes them once the services are stored)."""
    wanted = {key: set() for key in ("municipality", "target_groups", "areas")}
    for profile in profiles.values():
        if profile.get("municipality"):
            wanted["municipality"].add(profile["municipality"])
        wanted["target_groups"].update(profile.get("target_groups") or ())
        wanted["areas"].update(profile.get("areas") or ())
    known = {
        "municipality": _codes(Municipality, wanted["municipality"], "name"),
        "target_groups": _codes(TargetGroup, wanted["target_groups"], "name"),
        "areas": _codes(Area, wanted["areas"], "parent__code"),
    }
    messages = {
        "municipality": gettext_lazy("dienst %(id)s: gemeentecode %(code)s is onbekend en is weggelaten."),
        "target_groups": gettext_lazy("dienst %(id)s: doelgroep %(code)s is onbekend en is weggelaten."),
        "areas": gettext_lazy("dienst %(id)s: gebiedscode %(code)s is onbekend en is weggelaten."),
    }

    def resolve(service_id: str, key: str, codes: Iterable[str]) -> list[tuple[str, int, Any]]:
        """(code, primary key, extra value) of the known codes, once each, in the given order."""
        found = []
        for code in dict.fromkeys(codes):
            if code in known[key]:
                found.append((code, *known[key][code]))
            else:
                report.warnings.append(str(messages[key]) % {"id": service_id, "code": repr(code)})
        return found

    indexed = {}
    for service in services:
        profile = profiles[service.pk]
        code = profile.get("municipality")
        municipality = resolve(service.pk, "municipality", [code] if code else [])
        service.municipality_id = municipality[0][1] if municipality else None
        service.kind = profile.get("kind") or Service.Kind.UNKNOWN
        service.cost = profile.get("cost") or Service.Cost.UNKNOWN
        service.tags = list(profile.get("tags") or [])
        service.accessibility = profile.get("accessibility") or ""
        service.availability = profile.get("availability") or ""
        service.volunteer_places = profile.get("volunteer_places")
        reviewed_on = profile.get("reviewed_on")
        service.reviewed_on = datetime.date.fromisoformat(reviewed_on) if reviewed_on else None
        groups = resolve(service.pk, "target_groups", profile.get("target_groups") or ())
        places = resolve(service.pk, "areas", profile.get("areas") or ())
        indexed[service.pk] = (
            [(code, name) for code, _pk, name in groups],
            [(code, parent) for code, _pk, parent in places],
            [pk for _code, pk, _name in groups],
            [pk for _code, pk, _parent in places],
        )
    return indexed


def _profile_links_store(services: list[Service], indexed: dict, held: dict[str, tuple]) -> None:
    """Replace the target groups and areas of services that carry a profile (after storing them)."""
    through_groups, through_areas = Service.target_groups.through, Service.areas.through
    for chunk in chunks([service.pk for service in services if service.pk in held]):
        through_groups.objects.filter(service_id__in=chunk).delete()
        through_areas.objects.filter(service_id__in=chunk).delete()
    groups = [(pk, group) for pk, (*_, group_pks, _area_pks) in indexed.items() for group in group_pks]
    areas = [(pk, area) for pk, (*_, area_pks) in indexed.items() for area in area_pks]
    bulk.insert(through_groups._meta.db_table, ("service_id", "targetgroup_id"), groups)
    bulk.insert(through_areas._meta.db_table, ("service_id", "area_id"), areas)


def _documents(
    services: list[Service], indexed: dict, held: dict[str, tuple], organization_names: dict[str, str]
) -> list[tuple[str, str]]:
    """Set ``search_document`` of the services whose indexed values the import knows in full: those
    with a profile and new ones (the defaults); returns the documents that changed as (before, after).
    A service we hold that comes without its profile keeps its profile: ``index_services`` reads it."""
    from .search import Indexed, document_for

    missing = {s.organization_id for s in services if s.organization_id} - organization_names.keys()
    for chunk in chunks(sorted(missing)):
        organization_names.update(Organization.objects.filter(pk__in=chunk).values_list("pk", "name"))
    changes = []
    for service in services:
        if service.pk in indexed:
            groups, areas = indexed[service.pk][:2]
        elif service.pk not in held:
            groups, areas = [], []
        else:
            continue
        service.search_document = document_for(
            Indexed(
                service.name,
                service.description,
                service.tags,
                service.kind,
                service.cost,
                service.data,
                organization_names.get(service.organization_id, ""),
                groups,
                areas,
                service.municipality_id,
            )
        )
        before = held[service.pk][-1] if service.pk in held else ""
        if service.search_document != before:
            changes.append((before, service.search_document))
    return changes


@transaction.atomic
def hsds_import(*, items: Iterable[Item], strict: bool = True) -> ImportReport:
    """Validate every top-level record, then store the valid ones in one transaction (all of them or,
    with ``strict``, nothing as soon as one is rejected). Writes the services' search documents with
    the rows, and brings the documents of other services of a renamed organisation up to date."""
    from . import search

    report = ImportReport()
    valid: list[Item] = []
    for item in items:
        reasons = record_reasons(item.table, item.record)
        if reasons:
            record_id = item.record.get("id") if isinstance(item.record, dict) else None
            report.rejected.append(
                Rejected(item.index, record_id if isinstance(record_id, str) else None, item.table, reasons)
            )
        else:
            valid.append(item)
    if strict and report.rejected:
        return report
    rows = _Rows()
    for item in valid:
        if item.table != PROFILE_TABLE:
            rows.add(item.table, item.record)
    for item in valid:
        if item.table == PROFILE_TABLE:
            rows.add_profile(item.record)
    report.warnings += rows.warnings
    report.warnings += _dangling_warnings(rows)
    services = rows.tables["service"]
    large = len(services) >= search.BULK and 4 * len(services) >= Service.objects.count()
    with bulk.sqlite_cache(len(valid) >= bulk.COPY_FROM), search.search_index_bulk(large):
        changes = _stored(rows, report)
    search.search_index_tidy(len(changes))
    return report


def _stored(rows: _Rows, report: ImportReport) -> list[tuple[str, str]]:
    """Store the rows, table by table, with the services' search documents; returns the documents
    that changed as (before, after), already counted in ``SearchTerm``."""
    from . import search

    organization_names: dict[str, str] = {}
    changes: list[tuple[str, str]] = []  # search documents (before, after)
    reindex: set[str] = set()  # services whose document the import cannot write itself
    for table, by_id in rows.tables.items():
        if not by_id:
            continue
        extra = {"organization": ("name",), "service": ("search_document",)}.get(table, ())
        records, held = _store(table, by_id, report, extra)
        if table == "organization":
            organization_names.update((org.pk, org.name) for org in records)
            # A new or renamed organisation: its name is in the documents of its services.
            renamed = [org.pk for org in records if org.pk not in held or held[org.pk][-1] != org.name]
            for chunk in chunks(renamed):
                reindex.update(Service.objects.filter(organization_id__in=chunk).values_list("pk", flat=True))
        if table == "service":
            profiles = {pk: row.profile for pk, row in by_id.items() if row.profile is not None}
            profiled = [s for s in records if s.pk in profiles]
            indexed = _apply_profiles(profiled, profiles, report)
            changes += _documents(records, indexed, held, organization_names)
            fields = [*_update_fields(table), *PROFILE_COLUMNS, "search_document"]
            _upsert(Service, profiled, fields, held)
            _profile_links_store(profiled, indexed, held)
            records = [s for s in records if s.pk not in profiles]
            reindex.update(s.pk for s in records if s.pk in held)
            reindex.difference_update(by_id.keys() - held.keys(), profiles)
        _upsert(TABLES[table].model, records, _update_fields(table), held)
    report.stored = True
    search.search_terms_update(changes)
    if reindex:
        search.index_services(sorted(reindex))
    return changes


# --- export --------------------------------------------------------------------------------------------

FULL = "full"  # a shape: every nested property of the modular schema, each fully nested itself
Shape = dict | str


def _full(table: str, *, drop: tuple[str, ...] = (), **extra: Shape) -> dict:
    shape: dict = {
        rel.prop: FULL for rel in TABLES[table].nested if not rel.compiled and rel.prop not in drop
    }
    return shape | extra


# The HSDS API's shapes (schema/openapi.json and schema/compiled/*): which nested properties each shows.
SHAPES: dict[str, tuple[str, Shape]] = {
    "service_full": ("service", FULL),
    "service_list": ("service", {"organization": {}, "program": {}}),
    "organization_full": (
        "organization",
        _full("organization", services=_full("service", drop=("organization",))),
    ),
    "organization_with_service_ids": ("organization", _full("organization", services={})),
    "organization_list": ("organization", {}),
    "service_at_location_full": (
        "service_at_location",
        _full("service_at_location", service=_full("service", drop=("service_at_locations",))),
    ),
    "service_at_location_list": (
        "service_at_location",
        {"location": {}, "service": {"organization": {}, "program": {}}},
    ),
    "location_full": ("location", FULL),
    "taxonomy_full": ("taxonomy", FULL),
    "taxonomy_term_full": ("taxonomy_term", FULL),
}


class _Graph:
    """Records loaded for one export batch: a table and link at a time, never one query per record.
    With ``skip_empty_tables`` (big exports) an empty table is noticed once and never queried again."""

    def __init__(self, *, skip_empty_tables: bool = False) -> None:
        self.records: dict[str, dict[str, HsdsRecord | None]] = {name: {} for name in TABLES}
        self.children: dict[tuple[str, str], dict[str, list[HsdsRecord]]] = defaultdict(dict)
        self.profiles: dict[str, dict | None] = {}
        self.skip_empty_tables = skip_empty_tables
        self.empty: dict[str, bool] = {}

    def is_empty(self, table: str) -> bool:
        if not self.skip_empty_tables:
            return False
        if table not in self.empty:
            self.empty[table] = not TABLES[table].model.objects.exists()
        return self.empty[table]

    def keep(self, table: str, record: HsdsRecord) -> HsdsRecord:
        return self.records[table].setdefault(record.pk, record) or record

    def load(self, table: str, ids: Iterable[str]) -> None:
        missing = [pk for pk in dict.fromkeys(ids) if pk not in self.records[table]]
        for chunk in chunks(missing):
            for record in TABLES[table].model.objects.filter(pk__in=chunk):
                self.records[table][record.pk] = record
        for pk in missing:
            self.records[table].setdefault(pk, None)

    def load_children(self, table: str, fk: str, parent_ids: Iterable[str]) -> None:
        known = self.children[(table, fk)]
        missing = [pk for pk in dict.fromkeys(parent_ids) if pk not in known]
        for pk in missing:
            known[pk] = []
        if missing and self.is_empty(table):
            return
        for chunk in chunks(missing):
            for record in TABLES[table].model.objects.filter(**{f"{fk}__in": chunk}):
                known[getattr(record, fk)].append(self.keep(table, record))

    def load_profiles(self, services: list[Service]) -> None:
        services = [s for s in services if s.pk not in self.profiles]
        if not services:
            return
        ids = [s.pk for s in services]
        groups, areas = defaultdict(list), defaultdict(list)
        for chunk in chunks(ids):
            through = Service.target_groups.through.objects.filter(service_id__in=chunk)
            for service_id, code in through.values_list("service_id", "targetgroup__code"):
                groups[service_id].append(code)
            for service_id, code in Service.areas.through.objects.filter(service_id__in=chunk).values_list(
                "service_id", "area__code"
            ):
                areas[service_id].append(code)
        wanted = {s.municipality_id for s in services if s.municipality_id}
        municipalities = (
            dict(Municipality.objects.filter(pk__in=wanted).values_list("pk", "code")) if wanted else {}
        )
        for service in services:
            profile = {
                "municipality": municipalities.get(service.municipality_id),
                "kind": service.kind,
                "cost": service.cost,
                "target_groups": sorted(groups[service.pk]),
                "areas": sorted(areas[service.pk]),
                "tags": list(service.tags or []),
                "accessibility": service.accessibility,
                "volunteer_places": service.volunteer_places,
                "availability": service.availability,
                "reviewed_on": service.reviewed_on.isoformat() if service.reviewed_on else None,
            }
            self.profiles[service.pk] = profile if profile != _DEFAULT_PROFILE else None


_DEFAULT_PROFILE = {
    "municipality": None,
    "kind": Service.Kind.UNKNOWN,
    "cost": Service.Cost.UNKNOWN,
    "target_groups": [],
    "areas": [],
    "tags": [],
    "accessibility": "",
    "volunteer_places": None,
    "availability": "",
    "reviewed_on": None,
}


_by_id = attrgetter("id")


@cache
def _full_shape(table: str) -> dict:
    return _full(table)


def _relations(table: str, shape: Shape) -> list[tuple[Relation, Shape]]:
    shape = _full_shape(table) if shape == FULL else shape
    return [(rel, shape[rel.prop]) for rel in TABLES[table].nested if rel.prop in shape]


def render(
    table: str, records: Iterable[HsdsRecord], shape: Shape = FULL, *, skip_empty_tables: bool = False
) -> list[dict]:
    """HSDS JSON for records of one table in a shape (``FULL`` or a value of ``SHAPES``), level by level."""
    graph = _Graph(skip_empty_tables=skip_empty_tables)
    known_relations: dict[tuple[str, int], list[tuple[Relation, Shape]]] = {}

    def relations(kind: str, sub: Shape) -> list[tuple[Relation, Shape]]:
        key = (kind, id(sub))  # the shapes live as long as this call: their ids are stable
        if key not in known_relations:
            known_relations[key] = _relations(kind, sub)
        return known_relations[key]

    outputs: list[dict] = []
    level: list[tuple[str, HsdsRecord, dict, Shape]] = []
    for record in records:
        outputs.append(dict(record.data))
        level.append((table, graph.keep(table, record), outputs[-1], shape))
    while level:
        children, references, services = defaultdict(list), defaultdict(list), []
        for kind, record, _out, sub in level:
            if kind == "service":
                services.append(record)
            for rel, _sub in relations(kind, sub):
                if isinstance(rel, Children):
                    children[(rel.table, rel.fk)].append(record.id)
                elif getattr(record, rel.fk):
                    references[rel.table].append(getattr(record, rel.fk))
        for (child_table, fk), parent_ids in children.items():
            graph.load_children(child_table, fk, parent_ids)
        for target, ids in references.items():
            graph.load(target, ids)
        graph.load_profiles(services)
        next_level = []
        for kind, record, out, sub in level:
            for rel, child_shape in relations(kind, sub):
                if isinstance(rel, Reference):
                    target = graph.records[rel.table].get(getattr(record, rel.fk) or "")
                    if target is not None:
                        out[rel.prop] = dict(target.data)
                        next_level.append((rel.table, target, out[rel.prop], child_shape))
                    continue
                nested = graph.children[(rel.table, rel.fk)].get(record.id, [])
                if rel.entity:
                    nested = [child for child in nested if getattr(child, rel.entity) == kind]
                if nested:
                    out[rel.prop] = []
                    for child in sorted(nested, key=_by_id):
                        out[rel.prop].append(dict(child.data))
                        next_level.append((rel.table, child, out[rel.prop][-1], child_shape))
            if kind == "service" and graph.profiles.get(record.id):
                out["eenplan"] = graph.profiles[record.id]
        level = next_level
    return outputs


def render_shape(name: str, records: Iterable[HsdsRecord]) -> list[dict]:
    table, shape = SHAPES[name]
    return render(table, records, shape)


def service_full(service: Service) -> dict:
    return render_shape("service_full", [service])[0]


def organization_full(organization: Organization, *, full_services: bool = True) -> dict:
    name = "organization_full" if full_services else "organization_with_service_ids"
    return render_shape(name, [organization])[0]


def service_at_location_full(service_at_location: ServiceAtLocation) -> dict:
    return render_shape("service_at_location_full", [service_at_location])[0]


def taxonomy_full(taxonomy: Taxonomy) -> dict:
    return render_shape("taxonomy_full", [taxonomy])[0]


def taxonomy_term_full(term: TaxonomyTerm) -> dict:
    return render_shape("taxonomy_term_full", [term])[0]


def export_services(*, chunk_size: int = 500) -> Iterator[dict]:
    """Every service, fully nested, a batch at a time (ordered by id)."""
    last = ""
    while True:
        batch = list(Service.objects.filter(pk__gt=last).order_by("pk")[:chunk_size])
        if not batch:
            return
        yield from render("service", batch, FULL, skip_empty_tables=True)
        last = batch[-1].pk


def write_services_json(target: IO[str]) -> int:
    """Write every full service as one JSON list; returns how many."""
    count = 0
    target.write("[")
    for service in export_services():
        target.write(("," if count else "") + "\n" + json.dumps(service, ensure_ascii=False))
        count += 1
    target.write("\n]\n")
    return count


def _tabular_rows(table: str, *, chunk_size: int = 2000) -> Iterator[dict]:
    """The table's rows as in a data package: the data, with the link columns from the links we hold."""
    columns = link_columns(table)
    last = ""
    model = TABLES[table].model
    while True:
        batch = list(model.objects.filter(pk__gt=last).order_by("pk")[:chunk_size])
        if not batch:
            return
        for record in batch:
            row = dict(record.data)
            for attname in columns:
                if getattr(record, attname):
                    row[attname] = getattr(record, attname)
            yield row
        last = batch[-1].pk


def _profile_rows() -> Iterator[dict]:
    last = ""
    while True:
        batch = list(Service.objects.filter(pk__gt=last).order_by("pk")[:2000])
        if not batch:
            return
        graph = _Graph()
        graph.load_profiles(batch)
        for service in batch:
            if graph.profiles[service.pk]:
                yield {"service_id": service.pk, **graph.profiles[service.pk]}
        last = batch[-1].pk


def tabular_export() -> dict[str, list[dict]]:
    """Everything in the tabular JSON shape of HSDS (upstream ``examples/tabular.json``); small data only."""
    return {csv_names()[table]: rows for table in TABLES if (rows := list(_tabular_rows(table)))}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


PROFILE_RESOURCE = {
    "name": PROFILE_TABLE,
    "path": PROFILE_CSV,
    "title": "Eén Plan profile of a service",
    "description": "The Dutch social-map profile of a service (the extension object 'eenplan' in JSON). "
    "Lists are JSON arrays.",
    "format": "csv",
    "mediatype": "text/csv",
    "profile": "tabular-data-resource",
    "schema": {
        "primaryKey": "service_id",
        "fields": [
            {"name": name, "type": "integer" if name == "volunteer_places" else "string"}
            for name in ("service_id", *PROFILE_FIELDS)
        ],
        "foreignKeys": [{"fields": "service_id", "reference": {"resource": "service", "fields": "id"}}],
    },
}


def write_csv_package(target: IO[bytes]) -> None:
    """Write everything as an HSDS CSV data package: a zip with one CSV per table, the profile table and
    datapackage.json."""
    descriptor = dict(datapackage())
    descriptor["resources"] = [*descriptor["resources"], PROFILE_RESOURCE]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
        files = [(csv_names()[table], scalar_properties(table), _tabular_rows(table)) for table in TABLES]
        files.append((PROFILE_CSV, ("service_id", *PROFILE_FIELDS), _profile_rows()))
        for csv_name, columns, rows in files:
            with (
                archive.open(csv_name, "w") as raw,
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
            ):
                writer = csv.writer(text)
                writer.writerow(columns)
                for row in rows:
                    writer.writerow([_cell(row.get(column)) for column in columns])


def canonical(value: Any) -> Any:
    """The form in which two exports are compared: no empty arrays or None, arrays sorted by id."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(
            items,
            key=lambda v: (
                str(v.get("id", "")) if isinstance(v, dict) else "",
                json.dumps(v, sort_keys=True),
            ),
        )
    return value
