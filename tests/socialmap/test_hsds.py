"""HSDS 3.0 import and export (hsds.py): the upstream examples and CSV data package go in without a
rejection and come out the same, exports validate against the official schemas, export → import → export
is lossless, and what the ORUK validator's "Fail" mocks get wrong is refused with Dutch reasons while the
database stays as it was."""

import copy
import io
import json
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from eenplan.core.models import Area
from eenplan.socialmap import hsds
from eenplan.socialmap.models import Attribute, Metadata, Organization, Phone, Service, TargetGroup

EXAMPLES = [  # every upstream 3.0 example that is a record or a page of records, with its export shape
    ("location.json", "location_full"),
    ("organization_full.json", "organization_full"),
    ("organization_list.json", "organization_list"),
    ("service_at_location_full.json", "service_at_location_full"),
    ("service_at_location_list.json", "service_at_location_list"),
    ("service_full.json", "service_full"),
    ("service_list.json", "service_list"),
    ("taxonomy.json", "taxonomy_full"),
    ("taxonomy_list.json", "taxonomy_full"),
    ("taxonomy_term.json", "taxonomy_term_full"),
    ("taxonomy_term_list.json", "taxonomy_term_full"),
]
NOT_RECORDS = {"base.json", "tabular.json"}  # the API details example; the tabular shape (own test)
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
IN_FULL_SERVICE = {name: 1 for name in hsds.TABLES if name != "meta_table_description"}  # one row each
UPSTREAM_GAPS = [  # links in the upstream examples to records they do not contain
    "organization d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610: parent_organization_id verwijst naar organization "
    "cd09a387-91f4-4555-94ec-e799c35344cd, die niet in de gegevens of de database staat; de verwijzing "
    "blijft bewaard.",
    "taxonomy_term 3f7b145d-84af-42d7-8fae-eaca714b02b2: parent_id verwijst naar taxonomy_term "
    "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2, die niet in de gegevens of de database staat; de verwijzing "
    "blijft bewaard.",
]


@pytest.fixture(scope="session")
def official_validator(hsds_data):
    """jsonschema against the upstream modular schemas themselves (not our vendored copy)."""
    directory = hsds_data / "openreferral-specification-3.0" / "schema"
    schemas = {
        p.name: json.loads(p.read_text()) for p in directory.glob("*.json") if p.name != "openapi.json"
    }
    registry = Registry().with_resources(
        (name, Resource.from_contents(s, default_specification=DRAFT202012)) for name, s in schemas.items()
    )

    def validator(table: str) -> Draft202012Validator:
        return Draft202012Validator(
            schemas[f"{table}.json"], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )

    return validator


def import_file(path: Path, **options) -> hsds.ImportReport:
    return hsds.hsds_import(items=hsds.read_path(path), **options)


def wipe() -> None:
    for table in hsds.TABLES.values():
        table.model.objects.all().delete()


def snapshot() -> dict:
    return {
        name: sorted(table.model.objects.values_list("pk", "data")) for name, table in hsds.TABLES.items()
    }


def records_of(path: Path) -> list:
    payload = json.loads(path.read_text())
    return payload["contents"] if isinstance(payload, dict) and "contents" in payload else [payload]


def export(shape: str) -> list[dict]:
    table = hsds.SHAPES[shape][0]
    return hsds.render_shape(shape, hsds.TABLES[table].model.objects.all())


# --- the spec agrees with the schemas -------------------------------------------------------------------


@pytest.mark.parametrize("table", sorted(hsds.TABLES))
def test_the_spec_names_every_nested_property_and_link_of_the_modular_schema(table):
    properties = hsds.schema(table)["properties"]
    nested = {p for p, s in properties.items() if s.get("type") == "array" or "$ref" in s}
    spec = hsds.TABLES[table]
    assert {rel.prop for rel in spec.nested if not rel.compiled} == nested
    assert all(properties[rel.prop].get("items", properties[rel.prop])["$ref"] == f"{rel.table}.json"
               for rel in spec.nested if not rel.compiled)  # fmt: skip
    assert hsds.scalar_properties(table) == tuple(p for p in properties if p not in nested)
    ids = {p for p, s in properties.items() if p != "id" and s.get("format") == "uuid"}
    assert set(hsds.link_columns(table)) - hsds.ENTITY_COLUMNS == ids
    assert hsds.csv_names()[table] == hsds.schema(table)["path"]


def test_the_links_that_nesting_sets_exist_as_columns():
    for name, table in hsds.TABLES.items():
        for rel in table.nested:
            owner = rel.table if isinstance(rel, hsds.Children) else name
            assert rel.fk in hsds.link_columns(owner), (name, rel.prop)


# --- import of the upstream examples --------------------------------------------------------------------


def test_every_upstream_example_is_covered(examples):
    assert {p.name for p in examples.glob("*.json")} == {name for name, _shape in EXAMPLES} | NOT_RECORDS


@pytest.mark.parametrize(("name", "shape"), EXAMPLES)
def test_an_upstream_example_imports_without_rejection_and_exports_as_it_was(db, examples, name, shape):
    report = import_file(examples / name)
    assert report.rejected == []
    assert report.stored is True
    assert hsds.canonical(export(shape)) == hsds.canonical(records_of(examples / name))


def test_the_full_service_example_stores_one_row_per_id_with_every_link(db, examples):
    report = import_file(examples / "service_full.json")
    assert report.created == IN_FULL_SERVICE
    assert len(IN_FULL_SERVICE) == 20
    assert report.updated == {}
    assert report.warnings == UPSTREAM_GAPS
    # One phone, nested under the service, its contact, location, organization and service-at-location.
    phone = Phone.objects.get()
    assert (phone.service_id, phone.organization_id) == (SERVICE_ID, "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    assert phone.contact_id == "1e7efce3-639b-4880-940c-b95cd30cdb50"
    assert phone.location_id == "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    assert phone.service_at_location_id == "e94c9f38-1e8f-4564-91d4-d53501ab1765"
    given = records_of(examples / "service_full.json")[0]["phones"][0]
    assert phone.data == {key: value for key, value in given.items() if key != "languages"}
    # Polymorphic links take the parent from the nesting; the data keeps what the file said.
    attribute, metadata = Attribute.objects.get(), Metadata.objects.get()
    assert (attribute.link_id, attribute.link_entity, attribute.data["link_entity"]) == (
        SERVICE_ID, "service", "link_entity"
    )  # fmt: skip
    assert (metadata.resource_id, metadata.resource_type, metadata.data["resource_type"]) == (
        SERVICE_ID, "service", "location"
    )  # fmt: skip
    service = Service.objects.get()
    assert (service.organization_id, service.program_id) == (
        "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42"
    )  # fmt: skip
    assert (service.name, service.status, service.kind, service.cost) == (
        "Community Counselling", "active", "unknown", "unknown"
    )  # fmt: skip
    assert service.search_document != ""  # the search index was brought up to date


def test_importing_the_same_file_again_updates_and_creates_nothing(db, examples):
    import_file(examples / "service_full.json")
    before = snapshot()
    report = import_file(examples / "service_full.json")
    assert report.created == {}
    assert report.updated == IN_FULL_SERVICE
    assert snapshot() == before


def test_the_csv_data_package_imports_with_its_foreign_key_gaps_as_warnings(db, examples):
    report = import_file(examples / "csv")
    assert report.rejected == []
    assert report.created == {name: 1 for name in hsds.TABLES}
    assert sorted(report.warnings) == sorted(
        [
            *UPSTREAM_GAPS,
            "attribute ae58cc39-8b70-4ab1-8aea-786882e5ac8e: link_entity 'link_entity' is geen HSDS-tabel; "
            "de koppeling blijft bewaard.",
            "location 3a19ff88-4620-4d17-9830-ac1d859eb5d5: organization_id verwijst naar organization "
            "985e4a42-bd9f-4edc-911d-0243a4640aca, die niet in de gegevens of de database staat; de "
            "verwijzing blijft bewaard.",
            "contact 1e7efce3-639b-4880-940c-b95cd30cdb50: organization_id verwijst naar organization "
            "ae67a707-5893-4225-b0b1-320ab9cb596b, die niet in de gegevens of de database staat; de "
            "verwijzing blijft bewaard.",
            "contact 1e7efce3-639b-4880-940c-b95cd30cdb50: service_at_location_id verwijst naar "
            "service_at_location 93eaf18d-1cd2-4ec7-bffb-3c9172ee5070, die niet in de gegevens of de "
            "database staat; de verwijzing blijft bewaard.",
            "taxonomy_term 3f7b145d-84af-42d7-8fae-eaca714b02b2: taxonomy_id verwijst naar taxonomy "
            "07ff6aee-a219-438c-b694-d2fcb6c5373b, die niet in de gegevens of de database staat; de "
            "verwijzing blijft bewaard.",
            "metadata 6cd71e9f-1013-49d9-8370-26b8f59d3e5a: resource_id verwijst naar location "
            "38960354-e7d2-4cfa-a368-820f729d6ccf, die niet in de gegevens of de database staat; de "
            "verwijzing blijft bewaard.",
        ]
    )
    phone = Phone.objects.get()
    assert phone.data["extension"] == 100  # CSV text coerced by the schema's type
    assert phone.data["number"] == '"+44 1234 234567"'


def test_the_csv_package_also_reads_as_a_zip(db, examples):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (examples / "csv").glob("*.csv"):
            archive.writestr(f"hsds/{path.name}", path.read_bytes())
    report = hsds.hsds_import(items=hsds.read_bytes("package.zip", buffer.getvalue()))
    assert report.rejected == []
    assert report.created == {name: 1 for name in hsds.TABLES}


def test_the_tabular_example_is_read_and_its_two_mistyped_cells_are_refused(db, examples):
    """tabular.json is the data package as one JSON object; upstream gives two string cells as numbers."""
    report = import_file(examples / "tabular.json", strict=False)
    assert [(r.table, r.index, r.id, r.reasons) for r in report.rejected] == [
        ("location", 0, "3a19ff88-4620-4d17-9830-ac1d859eb5d5",
         ["external_identifier: 10092008082 heeft het verkeerde type (verwacht: tekst)"]),
        ("organization_identifier", 0, "d4dbcebc-0802-47cb-8651-b937ac4f2f3e",
         ["identifier: 1234567 heeft het verkeerde type (verwacht: tekst)"]),
    ]  # fmt: skip
    assert report.created == {
        name: 1 for name in hsds.TABLES if name not in ("location", "organization_identifier")
    }


# --- export: valid and lossless -------------------------------------------------------------------------


def test_an_export_of_all_examples_validates_against_the_official_schemas(db, examples, official_validator):
    for name, _shape in EXAMPLES:
        import_file(examples / name)
    import_file(examples / "csv")
    services = list(hsds.export_services())
    assert [s["id"] for s in services] == [SERVICE_ID]
    organizations = export("organization_full")
    exports = [
        ("service", services),
        ("organization", organizations),
        ("service_at_location", export("service_at_location_full")),
        ("taxonomy_term", export("taxonomy_term_full")),
        ("location", export("location_full")),
    ]
    for table, records in exports:
        for record in records:
            assert list(official_validator(table).iter_errors(record)) == []
    for service in organizations[0]["services"]:  # compiled-only: not covered by the organization schema
        assert list(official_validator("service").iter_errors(service)) == []


@pytest.mark.parametrize(("name", "shape"), EXAMPLES)
def test_export_import_export_is_lossless_for_every_upstream_example(db, examples, name, shape):
    import_file(examples / name)
    first = export(shape)
    assert len(first) == len(records_of(examples / name))
    wipe()
    report = hsds.hsds_import(items=hsds.read_json(first, table=hsds.SHAPES[shape][0]))
    assert report.rejected == []
    assert hsds.canonical(export(shape)) == hsds.canonical(first)


def test_export_import_export_is_lossless_for_everything_merged(db, examples):
    """All examples together: the same ids under different parents become one graph; its export is the
    normal form and survives a round trip through an empty database."""
    for name, _shape in EXAMPLES:
        import_file(examples / name)
    first = list(hsds.export_services())
    organizations = export("organization_full")
    wipe()
    assert hsds.hsds_import(items=hsds.read_json(first, table="service")).rejected == []
    assert hsds.canonical(list(hsds.export_services())) == hsds.canonical(first)
    assert hsds.canonical(export("organization_full")) == hsds.canonical(organizations)


def test_a_dutch_service_travels_with_its_profile(social_map, official_validator):
    courier = social_map.courier
    exported = hsds.service_full(courier)
    north = Area.objects.get(name="Noord")
    assert exported["eenplan"] == {
        "municipality": "GM0193",
        "kind": "volunteer",
        "cost": "free",
        "target_groups": [],
        "areas": [north.code],
        "tags": ["meerijden", "helpen"],
        "accessibility": "",
        "volunteer_places": None,
        "availability": "",
        "reviewed_on": courier.reviewed_on.isoformat(),
    }
    assert exported["organization"]["name"] == "Stichting Buurtkracht"
    assert exported["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "8011AB"
    assert list(official_validator("service").iter_errors(exported)) == []
    meal = hsds.service_full(social_map.meal)
    assert meal["eenplan"]["target_groups"] == ["ouderen"]
    first = list(hsds.export_services())
    wipe()
    report = hsds.hsds_import(items=hsds.read_json(first, table="service"))
    assert (report.rejected, report.warnings) == ([], [])
    assert hsds.canonical(list(hsds.export_services())) == hsds.canonical(first)
    restored = Service.objects.get(pk=courier.pk)
    assert (restored.kind, restored.cost, restored.municipality.code) == ("volunteer", "free", "GM0193")
    assert list(restored.areas.values_list("code", flat=True)) == [north.code]
    assert list(Service.objects.get(pk=social_map.meal.pk).target_groups.values_list("code", flat=True)) == [
        "ouderen"
    ]


def test_the_csv_package_export_reads_back_to_the_same_package(social_map, examples):
    import_file(examples / "service_full.json")
    first = io.BytesIO()
    hsds.write_csv_package(first)
    wipe()
    report = hsds.hsds_import(items=hsds.read_bytes("export.zip", first.getvalue()))
    assert report.rejected == []
    second = io.BytesIO()
    hsds.write_csv_package(second)
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as two:
        assert one.namelist() == two.namelist()
        for member in one.namelist():
            assert one.read(member) == two.read(member), member
        descriptor = json.loads(one.read("datapackage.json"))
        profiles = one.read("eenplan_profiles.csv").decode().splitlines()
    upstream = [resource["path"] for resource in hsds.datapackage()["resources"]]
    assert [resource["path"] for resource in descriptor["resources"]] == [*upstream, "eenplan_profiles.csv"]
    assert sorted(upstream) == sorted(hsds.csv_names().values())
    assert len(profiles) == 1 + 6  # the header and the six Dutch services (the upstream one has none)
    assert Service.objects.get(pk=social_map.courier.pk).kind == "volunteer"


def renumbered(record, copy_number: int):
    """A copy of a nested record with every id replaced consistently (a graph of its own)."""
    if isinstance(record, list):
        return [renumbered(item, copy_number) for item in record]
    if not isinstance(record, dict):
        return record
    return {
        key: str(uuid.uuid5(uuid.NAMESPACE_URL, f"{copy_number}/{value}"))
        if key == "id"
        else renumbered(value, copy_number)
        for key, value in record.items()
    }


def test_rendering_many_services_takes_as_many_queries_as_rendering_one(db, examples):
    original = records_of(examples / "service_full.json")[0]
    copies = [renumbered(original, number) for number in range(20)]
    hsds.hsds_import(items=hsds.read_json([original, *copies], table="service"))
    single, services = list(Service.objects.filter(pk=SERVICE_ID)), list(Service.objects.all())
    with CaptureQueriesContext(connection) as one:
        hsds.render_shape("service_full", single)
    with CaptureQueriesContext(connection) as many:
        rendered = hsds.render_shape("service_full", services)
    assert len(one.captured_queries) == 40  # a query per table and link in the shape, as needed
    assert len(many.captured_queries) == 40
    assert len(rendered) == 21
    by_id = {service["id"]: service for service in rendered}
    assert hsds.canonical(by_id[SERVICE_ID]) == hsds.canonical(original)


# --- rejections ------------------------------------------------------------------------------------------


def test_the_oruk_fail_service_list_is_refused_with_the_reasons(db, fail_mocks):
    report = hsds.hsds_import(items=hsds.read_path(fail_mocks / "service_list.json"))
    assert report.stored is False
    assert [(r.index, r.id, r.table, r.reasons) for r in report.rejected] == [
        (0, SERVICE_ID, "service", [
            "email: 'email-example_com' is geen geldig e-mailadres",
            "name: verplicht, maar ontbreekt",
            "url: 'example_counselling' is geen geldige URI",
        ]),
        (1, "b644a0d2-9e8a-4c33-9390-ae9ee93fc056", "service", [
            "email: 'email-example_com' is geen geldig e-mailadres",
            "name: verplicht, maar ontbreekt",
            "url: 'example_counselling' is geen geldige URI",
        ]),
        (2, "e85f5bb0-62f0-42cc-a08a-0c5c16273090", "service", [
            "email: False heeft het verkeerde type (verwacht: tekst)",
            "name: verplicht, maar ontbreekt",
            "url: 'example_counselling' is geen geldige URI",
        ]),
        (3, SERVICE_ID, "service", [
            "email: 12345 heeft het verkeerde type (verwacht: tekst)",
            "name: verplicht, maar ontbreekt",
        ]),
    ]  # fmt: skip
    assert snapshot() == {name: [] for name in hsds.TABLES}


def test_the_oruk_fail_full_service_and_taxonomy_term_are_refused(db, fail_mocks):
    service = hsds.hsds_import(items=hsds.read_path(fail_mocks / "service_full.json"))
    term = hsds.hsds_import(items=hsds.read_path(fail_mocks / "taxonomy_term.json"))
    assert [r.reasons for r in service.rejected] == [
        [
            "email: 'email-example_com' is geen geldig e-mailadres",
            "url: 'example/counselling' is geen geldige URI",
        ]
    ]
    assert [r.reasons for r in term.rejected] == [
        ["description: verplicht, maar ontbreekt", "term_uri: 'example_com' is geen geldige URI"]
    ]
    assert snapshot() == {name: [] for name in hsds.TABLES}


def test_a_strict_import_of_a_mixed_file_changes_nothing(db, examples, fail_mocks):
    import_file(examples / "organization_list.json")
    before = snapshot()
    good = records_of(examples / "service_full.json")[0]
    bad = records_of(fail_mocks / "service_full.json")[0] | {"id": "0d8d8c4b-1f51-4f5e-9d58-0e4bdfd7c1aa"}
    report = hsds.hsds_import(items=hsds.read_json([good, bad], table="service"))
    assert (report.stored, report.created, report.updated) == (False, {}, {})
    assert [(r.index, r.id) for r in report.rejected] == [(1, "0d8d8c4b-1f51-4f5e-9d58-0e4bdfd7c1aa")]
    assert snapshot() == before


def test_a_lenient_import_stores_the_valid_records_only(db, examples, fail_mocks):
    good = records_of(examples / "service_full.json")[0]
    bad = records_of(fail_mocks / "service_full.json")[0] | {"id": "0d8d8c4b-1f51-4f5e-9d58-0e4bdfd7c1aa"}
    report = hsds.hsds_import(items=hsds.read_json([good, bad], table="service"), strict=False)
    assert report.stored is True
    assert [r.index for r in report.rejected] == [1]
    assert list(Service.objects.values_list("pk", flat=True)) == [SERVICE_ID]


def test_a_nested_record_outside_the_modular_schema_is_checked_too(db, examples):
    organization = records_of(examples / "organization_full.json")[0]
    service = organization["services"][0]
    organization["services"] = [
        service,
        service | {"id": "5f0bd2c9-3cdd-4b9e-9c39-1fa5e3c0c0a1"},
        service | {"id": "5f0bd2c9-3cdd-4b9e-9c39-1fa5e3c0c0a2", "url": "not a url"},
    ]
    report = hsds.hsds_import(items=hsds.read_json(organization, table="organization"))
    assert [r.reasons for r in report.rejected] == [["services[2].url: 'not a url' is geen geldige URI"]]
    assert Organization.objects.count() == 0


def test_values_longer_than_a_column_are_refused(db):
    service = {"id": "5f0bd2c9-3cdd-4b9e-9c39-1fa5e3c0c0a1", "name": "x" * 251, "status": "active"}
    report = hsds.hsds_import(items=hsds.read_json(service, table="service"))
    assert [r.reasons for r in report.rejected] == [["name: langer dan 250 tekens"]]


def test_the_fast_check_never_passes_what_jsonschema_refuses(examples, official_validator):
    """Each scalar property of every table in the full example replaced by a wrong value: the fast first
    pass says "valid" exactly when jsonschema does (the reasons always come from jsonschema)."""
    original = records_of(examples / "service_full.json")[0]
    paths, seen = [], set()
    for table, record, path in hsds._walk("service", original):
        for key, value in record.items():
            if not isinstance(value, list | dict) and (table, key) not in seen:
                seen.add((table, key))
                paths.append((*path, key))
    assert len(paths) > 100
    refused = 0
    for path in paths:
        for wrong in [12, "not a url", None, "2023-13-45"]:
            mutated = copy.deepcopy(original)
            target = mutated
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = wrong
            invalid = bool(list(official_validator("service").iter_errors(mutated)))
            assert hsds._fast_check("service")(mutated) is not invalid, (path, wrong)
            refused += invalid
    assert refused > 250


# --- the Dutch profile and merging ----------------------------------------------------------------------


def dutch_service(**profile) -> dict:
    return {
        "id": "7d1c0a34-2f5e-4a8e-9f40-3b7c1e2d9a10",
        "name": "Samen koken",
        "status": "active",
        "eenplan": {"kind": "community", "cost": "free"} | profile,
    }


def test_unknown_profile_codes_are_warnings_and_are_left_out(db):
    TargetGroup.objects.get_or_create(code="ouderen", defaults={"name": "Ouderen"})
    service = dutch_service(
        municipality="GM9999", target_groups=["ouderen", "marsmannetjes"], areas=["WK999999"]
    )
    report = hsds.hsds_import(items=hsds.read_json(service, table="service"))
    assert report.rejected == []
    prefix = "dienst 7d1c0a34-2f5e-4a8e-9f40-3b7c1e2d9a10: "
    assert report.warnings == [
        f"{prefix}gemeentecode 'GM9999' is onbekend en is weggelaten.",
        f"{prefix}doelgroep 'marsmannetjes' is onbekend en is weggelaten.",
        f"{prefix}gebiedscode 'WK999999' is onbekend en is weggelaten.",
    ]
    stored = Service.objects.get()
    assert (stored.kind, stored.cost, stored.municipality_id) == ("community", "free", None)
    assert list(stored.target_groups.values_list("code", flat=True)) == ["ouderen"]
    assert "eenplan" not in stored.data


def test_a_profile_outside_the_fixed_choices_is_refused(db):
    service = dutch_service(kind="soep", volunteer_places=-1, colour="blauw")
    report = hsds.hsds_import(items=hsds.read_json(service, table="service"))
    assert report.rejected[0].reasons == [
        "eenplan.kind: 'soep' is geen toegestane waarde (kies uit: community, collective, volunteer, "
        "citizen_initiative, business, provider, unknown)",
        "eenplan.volunteer_places: ongeldig (-1 is less than the minimum of 0)",
        "eenplan: onbekende eigenschap colour",
    ]
    assert Service.objects.count() == 0


def test_a_service_imported_without_its_profile_keeps_the_profile_it_has(db):
    hsds.hsds_import(items=hsds.read_json(dutch_service(tags=["koken"]), table="service"))
    plain = dutch_service()
    del plain["eenplan"]
    report = hsds.hsds_import(items=hsds.read_json(plain | {"name": "Samen koken en eten"}, table="service"))
    assert report.updated == {"service": 1}
    stored = Service.objects.get()
    assert (stored.name, stored.kind, stored.tags) == ("Samen koken en eten", "community", ["koken"])


def test_an_import_adds_links_and_never_removes_one(db, examples):
    import_file(examples / "service_full.json")
    phone = records_of(examples / "service_full.json")[0]["phones"][0]
    report = hsds.hsds_import(items=hsds.read_json(phone | {"number": "038 123 45 67"}, table="phone"))
    assert report.updated == {"phone": 1, "language": 1}
    stored = Phone.objects.get()
    assert (stored.data["number"], stored.service_id, stored.contact_id) == (
        "038 123 45 67", SERVICE_ID, "1e7efce3-639b-4880-940c-b95cd30cdb50"
    )  # fmt: skip


def test_the_same_id_with_different_data_warns_and_the_last_one_counts(db):
    phone = {"id": "9a0d3f7e-3c1b-4d8e-8f3a-2b1c0d9e8f70", "number": "1"}
    services = [
        {"id": "00000000-0000-4000-8000-000000000001", "name": "A", "status": "active", "phones": [phone]},
        {"id": "00000000-0000-4000-8000-000000000002", "name": "B", "status": "active",
         "phones": [phone | {"number": "2"}]},
    ]  # fmt: skip
    report = hsds.hsds_import(items=hsds.read_json(services, table="service"))
    assert report.warnings == [
        "phone 9a0d3f7e-3c1b-4d8e-8f3a-2b1c0d9e8f70 staat meer dan eens in de gegevens, met verschillende "
        "eigenschappen; de laatste telt.",
        "phone 9a0d3f7e-3c1b-4d8e-8f3a-2b1c0d9e8f70 hoort bij twee verschillende service_id "
        "(00000000-0000-4000-8000-000000000001 en 00000000-0000-4000-8000-000000000002); de laatste telt.",
    ]
    stored = Phone.objects.get()
    assert (stored.data["number"], stored.service_id) == ("2", "00000000-0000-4000-8000-000000000002")


# --- reading and the commands ---------------------------------------------------------------------------


def test_the_table_comes_from_the_file_name_or_must_be_given():
    assert hsds.table_from_filename("service_full.json") == "service"
    assert hsds.table_from_filename("taxonomy_term_list.json") == "taxonomy_term"
    assert hsds.table_from_filename("services.csv") == "service"
    assert hsds.table_from_filename("export.json") is None
    with pytest.raises(hsds.HsdsError, match="Geef aan welke HSDS-tabel het bestand bevat"):
        hsds.read_bytes("export.json", b"{}")
    with pytest.raises(hsds.HsdsError, match="diensten is geen HSDS-tabel"):
        hsds.read_bytes("export.json", b"{}", table="diensten")
    with pytest.raises(hsds.HsdsError, match="geen geldige JSON"):
        hsds.read_bytes("service.json", b'{"id": NaN}')


def test_the_import_command_stores_and_reports(db, examples):
    out = io.StringIO()
    call_command("hsds_import", str(examples / "service_full.json"), stdout=out, stderr=io.StringIO())
    assert (
        out.getvalue().splitlines()[-1] == "Klaar: 20 nieuw, 0 bijgewerkt, 0 afgekeurd, 2 waarschuwing(en)."
    )
    assert Service.objects.count() == 1


def test_the_import_command_refuses_a_failing_file_and_stores_nothing(db, fail_mocks):
    errors = io.StringIO()
    with pytest.raises(CommandError, match="4 record"):
        call_command(
            "hsds_import", str(fail_mocks / "service_list.json"), "--table", "service", stderr=errors
        )
    assert "  - name: verplicht, maar ontbreekt" in errors.getvalue().splitlines()
    assert Service.objects.count() == 0


def test_the_export_command_writes_what_the_import_command_reads(db, examples, tmp_path):
    call_command(
        "hsds_import", str(examples / "service_full.json"), stdout=io.StringIO(), stderr=io.StringIO()
    )
    call_command("hsds_export", str(tmp_path / "export.json"), stdout=io.StringIO())
    call_command("hsds_export", str(tmp_path / "export.zip"), stdout=io.StringIO())
    exported = json.loads((tmp_path / "export.json").read_text())
    assert hsds.canonical(exported) == hsds.canonical(records_of(examples / "service_full.json"))
    wipe()
    call_command("hsds_import", str(tmp_path / "export.zip"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Service.objects.get().data["organization_id"] == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def test_a_failure_while_storing_leaves_nothing_behind(db, examples, monkeypatch):
    from eenplan.socialmap import search

    def index_down(changes):  # the import's last step: counting the terms of the new search documents
        raise RuntimeError("index down")

    monkeypatch.setattr(search, "search_terms_update", index_down)
    with pytest.raises(RuntimeError, match="index down"):
        import_file(examples / "service_full.json")
    assert snapshot() == {name: [] for name in hsds.TABLES}


def _profiled(service_id: str, organization_id: str, name: str, description: str, **profile) -> dict:
    return {
        "id": service_id,
        "name": name,
        "description": description,
        "status": "active",
        "organization": {"id": organization_id, "name": "Stichting Samen", "description": "Vrijwilligers."},
        "eenplan": {"kind": "volunteer", "cost": "free", **profile},
    }


def test_the_import_writes_the_search_documents_a_full_reindex_would(world, examples):
    from eenplan.socialmap import search
    from eenplan.socialmap.models import SearchTerm

    north = Area.objects.get(name="Noord")
    organization_id = str(uuid.uuid4())
    services = [
        _profiled(str(uuid.uuid4()), organization_id, "Schaakclub De Toren", "Wij schaken op dinsdag.",
                  areas=[north.code], target_groups=["ouderen"], municipality="GM0193", tags=["denksport"]),
        _profiled(str(uuid.uuid4()), organization_id, "Breiclub", "Samen breien met koffie."),
    ]  # fmt: skip
    hsds.hsds_import(items=hsds.read_json(services, table="service"))
    import_file(examples / "service_full.json")  # no profile: the defaults
    counted = dict(SearchTerm.objects.values_list("term", "services"))
    assert counted[""] == 3 and counted["schaak"] == 1 and counted["xgroupouderen"] == 1
    assert search.index_services() == 0
    assert dict(SearchTerm.objects.values_list("term", "services")) == counted
    hits = search.service_search("denksport", search.SearchFilters(area=north))
    assert [hit.service.name for hit in hits] == ["Schaakclub De Toren"]


def test_renaming_an_organisation_reindexes_its_other_services(db):
    from eenplan.socialmap import search

    organization_id = str(uuid.uuid4())
    services = [_profiled(str(uuid.uuid4()), organization_id, "Breiclub", "Samen breien met koffie.")]
    hsds.hsds_import(items=hsds.read_json(services, table="service"))
    assert search.service_search_ids("samen") == [services[0]["id"]]
    assert search.service_search_ids("zonnebloem") == []
    renamed = {"id": organization_id, "name": "Stichting De Zonnebloem", "description": "Vrijwilligers."}
    hsds.hsds_import(items=hsds.read_json([renamed], table="organization"))
    assert search.service_search_ids("zonnebloem") == [services[0]["id"]]
    assert search.index_services() == 0


def test_a_large_import_builds_the_search_index_once_and_keeps_it_working(world, monkeypatch):
    """Above ``search.BULK`` services the import drops the index's triggers (SQLite) or GIN index
    (PostgreSQL) and builds the index after; both are back for the edits that follow."""
    from eenplan.socialmap import actions, search

    monkeypatch.setattr(search, "BULK", 3)
    organization_id = str(uuid.uuid4())
    services = [
        _profiled(str(uuid.uuid4()), organization_id, f"Denkclub {number}", "Wij schaken op dinsdag.")
        for number in range(4)
    ]
    report = hsds.hsds_import(items=hsds.read_json(services, table="service"))
    assert report.created["service"] == 4
    assert len(search.service_search_ids("schaken")) == 4
    service = Service.objects.get(pk=services[0]["id"])
    actions.service_save(
        actor=world.functional_admin, service=service, organization=service.organization,
        name=service.name, description="Wij dammen op dinsdag.", kind=service.kind, cost=service.cost,
        target_groups=[], areas=[], tags=[],
    )  # fmt: skip
    assert search.service_search_ids("dammen") == [service.pk]
    assert len(search.service_search_ids("schaken")) == 3
    Service.objects.filter(pk=services[1]["id"]).delete()
    assert len(search.service_search_ids("schaken")) == 2


def test_a_failed_large_import_leaves_the_search_index_as_it_was(social_map, monkeypatch):
    from eenplan.socialmap import search

    monkeypatch.setattr(search, "BULK", 1)

    def index_down(changes):
        raise RuntimeError("index down")

    monkeypatch.setattr(search, "search_terms_update", index_down)
    services = [_profiled(str(uuid.uuid4()), str(uuid.uuid4()), "Schaakclub", "Wij schaken op dinsdag.")]
    with pytest.raises(RuntimeError, match="index down"):
        hsds.hsds_import(items=hsds.read_json(services, table="service"))
    monkeypatch.undo()
    assert search.service_search_ids("schaken") == []
    assert search.service_search_ids("lukt") == [social_map.dogs.pk]  # the index of what was there
    social_map.dogs.description = "Wij schaken op dinsdag."
    social_map.dogs.save()
    search.index_services([social_map.dogs.pk])  # the triggers (SQLite) are still there
    assert search.service_search_ids("schaken") == [social_map.dogs.pk]


@pytest.mark.parametrize("copy_from", [1, 10_000], ids=["copy", "insert"])
def test_new_and_changed_services_take_the_same_fast_path(world, monkeypatch, copy_from):
    """PostgreSQL copies many rows (new ones straight into the table, changed ones through a temporary
    table); fewer rows, and SQLite, get one prepared INSERT … ON CONFLICT. Both store the same."""
    from eenplan.socialmap import bulk, search
    from eenplan.socialmap.models import SearchTerm

    monkeypatch.setattr(bulk, "COPY_FROM", copy_from)
    north = Area.objects.get(name="Noord")
    organization_id = str(uuid.uuid4())
    services = [
        _profiled(str(uuid.uuid4()), organization_id, f"Denkclub {number}", "Wij schaken op dinsdag.",
                  areas=[north.code], target_groups=["ouderen"], tags=["denksport"])
        for number in range(3)
    ]  # fmt: skip
    hsds.hsds_import(items=hsds.read_json(services, table="service"))
    services[0]["description"] = "Wij dammen op dinsdag."
    services[1]["eenplan"]["areas"] = []
    report = hsds.hsds_import(items=hsds.read_json(services, table="service"))
    assert report.updated == {"organization": 1, "service": 3} and report.created == {}
    assert search.service_search_ids("dammen") == [services[0]["id"]]
    stored = {s.pk: (s.description, [a.code for a in s.areas.all()]) for s in Service.objects.all()}
    assert stored == {
        services[0]["id"]: ("Wij dammen op dinsdag.", [north.code]),
        services[1]["id"]: ("Wij schaken op dinsdag.", []),
        services[2]["id"]: ("Wij schaken op dinsdag.", [north.code]),
    }
    assert Service.objects.get(pk=services[1]["id"]).data == {
        k: v for k, v in services[1].items() if k not in ("organization", "eenplan")
    }
    counted = dict(SearchTerm.objects.values_list("term", "services"))
    assert (counted["schaak"], counted["dam"], counted[f"xarea{north.code.lower()}"]) == (2, 1, 2)
    assert search.index_services() == 0
    assert dict(SearchTerm.objects.values_list("term", "services")) == counted
