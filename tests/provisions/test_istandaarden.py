"""iWmo/iJw 3.2 allocation messages (WMO301, JW301): built messages validate against the official XSDs.

The XSDs are not part of the project (licence not settled); the `xsd_dir` fixture finds them.
"""

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from eenplan.provisions.istandaarden import (
    CATEGORIES,
    FREQUENCIES,
    GENDERS,
    UNITS,
    Address,
    AllocatedProduct,
    AllocationMessage,
    Client,
    SchemaNotFound,
    build,
    message_code,
    validate,
)

VALID_EXAMPLES = [
    *(f"iwmo-3.2/berichten/WMO{n}.xml" for n in (301, 305, 307, 315, 317, 319, 323)),
    *(f"ijw-3.2/berichten/JW{n}.xml" for n in (301, 302, 305, 306, 307, 308, 316, 317, 319, 320, 323, 325)),
]


def namespaces(law: str) -> dict[str, str]:
    standard, code = ("iwmo", "wmo301") if law == "wmo" else ("ijw", "jw301")
    return {
        "m": f"http://www.istandaarden.nl/{standard}/3_2/{code}/schema",
        "b": f"http://www.istandaarden.nl/{standard}/3_2/basisschema/schema",
    }


CLIENT = Client(
    bsn="999900006",
    date_of_birth=date(1948, 5, 17),
    surname="Vries",
    surname_prefix="de",
    given_names="Johanna Cornelia",
    gender="2",
    address=Address("Kerkstraat", 12, "a", "2", "1234 ab", "Zuidhorn"),
)
WMO = AllocationMessage(
    law="wmo",
    sender="0193",
    receiver="12345678",
    message_id="EP-000042",
    dated=date(2026, 3, 2),
    client=CLIENT,
    products=(
        AllocatedProduct(
            number=1001,
            category="01",
            code="01A01",
            start=date(2026, 3, 9),
            end=None,
            volume=3,
            unit="04",
            frequency="2",
            allocated_on=date(2026, 3, 2),
            allocated_at=time(14, 5, 9, 123456),
        ),
    ),
)
JW = AllocationMessage(
    law="jeugdwet",
    sender="0193",
    receiver="87654321",
    message_id="EP-000043",
    dated=date(2026, 3, 2),
    client=Client(bsn="999900018", date_of_birth=date(2014, 11, 30), surname="Öztürk", given_names="Elif"),
    products=(
        AllocatedProduct(
            number=2001,
            category="45",
            code="45A11",
            start=date(2026, 3, 9),
            end=date(2026, 12, 31),
            volume=2,
            unit="16",
            frequency="2",
            allocated_on=date(2026, 3, 2),
            allocated_at=time(9, 0),
            comment="Ambulante begeleiding\nthuis en op school.",
        ),
        AllocatedProduct(
            number=2002,
            category="54",
            code=None,
            start=date(2026, 4, 1),
            end=date(2026, 9, 30),
            volume=None,
            unit="",
            frequency="",
            allocated_on=date(2026, 3, 2),
            allocated_at=time(9, 0),
            reason="04",
        ),
    ),
)


def test_message_codes():
    assert message_code("wmo") == "WMO301"
    assert message_code("jeugdwet") == "JW301"


def test_a_wmo301_validates_and_holds_the_data(xsd_dir):
    xml = build(WMO)
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert validate(xml, message="WMO301", xsd_dir=xsd_dir) == []
    root, ns = etree.fromstring(xml), namespaces("wmo")
    assert root.xpath("m:Header/m:BerichtCode/text()", namespaces=ns) == ["414"]
    assert root.xpath("m:Header/m:Afzender/text()", namespaces=ns) == ["0193"]
    assert root.xpath("m:Header/m:Ontvanger/text()", namespaces=ns) == ["12345678"]
    assert root.xpath("m:Header/m:BerichtIdentificatie/b:Identificatie/text()", namespaces=ns) == [
        "EP-000042"
    ]
    assert root.xpath("m:Client/m:Bsn/text()", namespaces=ns) == ["999900006"]
    assert root.xpath("m:Client/m:Naam/b:Voorletters/text()", namespaces=ns) == ["JC"]
    assert root.xpath("m:Client/m:Contactgegevens/m:Contact/m:Adres/b:Postcode/text()", namespaces=ns) == [
        "1234AB"
    ]
    (product,) = root.xpath("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", namespaces=ns)
    assert product.xpath("m:ToewijzingNummer/text()", namespaces=ns) == ["1001"]
    assert product.xpath("m:Product/b:Code/text()", namespaces=ns) == ["01A01"]
    assert product.xpath("m:Toewijzingstijd/text()", namespaces=ns) == ["14:05:09"]
    assert product.xpath("m:Omvang/b:Volume/text()", namespaces=ns) == ["3"]
    assert product.xpath("m:Einddatum", namespaces=ns) == []


def test_a_jw301_with_two_products_validates(xsd_dir):
    xml = build(JW)
    assert validate(xml, message="JW301", xsd_dir=xsd_dir) == []
    root, ns = etree.fromstring(xml), namespaces("jeugdwet")
    assert root.xpath("m:Header/m:BerichtCode/text()", namespaces=ns) == ["436"]
    assert root.xpath("m:Client/m:Naam/b:Geslachtsnaam/b:Achternaam/text()", namespaces=ns) == ["Öztürk"]
    first, second = root.xpath("m:Client/m:ToegewezenProducten/m:ToegewezenProduct", namespaces=ns)
    assert first.xpath("m:Einddatum/text()", namespaces=ns) == ["2026-12-31"]
    assert first.xpath("m:Omvang/b:Eenheid/text()", namespaces=ns) == ["16"]
    assert second.xpath("m:Product/b:Categorie/text()", namespaces=ns) == ["54"]
    assert second.xpath("m:Product/b:Code | m:Omvang", namespaces=ns) == []
    assert second.xpath("m:RedenWijziging/text()", namespaces=ns) == ["04"]


def test_a_wmo301_is_not_a_jw301(xsd_dir):
    assert validate(build(WMO), message="JW301", xsd_dir=xsd_dir) != []


@pytest.mark.parametrize("example", VALID_EXAMPLES)
def test_the_upstream_examples_validate(xsd_dir, example):
    path = xsd_dir / example
    assert validate(path.read_bytes(), message=path.stem, xsd_dir=xsd_dir) == []


def test_an_impossible_date_is_rejected(xsd_dir):
    errors = validate(
        (xsd_dir / "ijw-3.2/berichten/JW315.xml").read_bytes(), message="JW315", xsd_dir=xsd_dir
    )
    assert len(errors) == 2
    assert errors[0].startswith("regel 44: ")
    assert errors[1].startswith("regel 66: ")
    assert all("ToewijzingEinddatum" in e and "2027-06-31" in e for e in errors)


def test_an_element_out_of_order_is_rejected(xsd_dir):
    errors = validate(
        (xsd_dir / "ijw-3.2/berichten/JW318.xml").read_bytes(), message="JW318", xsd_dir=xsd_dir
    )
    assert len(errors) == 1
    assert errors[0].startswith("regel 33: ")
    assert "RetourCode" in errors[0] and "not expected" in errors[0]


def test_a_tampered_bsn_is_rejected(xsd_dir):
    xml = build(WMO).replace(b">999900006<", b">99990000<")
    (error,) = validate(xml, message="WMO301", xsd_dir=xsd_dir)
    assert "wmo301:Bsn" in error and "99990000" in error


@pytest.mark.parametrize("data", [b"", b"geen xml", b"<a><b></a>", b"\xff\xfe<"])
def test_unparseable_xml_gives_one_error(xsd_dir, data):
    (error,) = validate(data, message="WMO301", xsd_dir=xsd_dir)
    assert error.startswith("regel 1: geen geldige XML")


def test_a_missing_schema_raises(tmp_path):
    with pytest.raises(SchemaNotFound, match="niet gevonden") as raised:
        validate(b"<a/>", message="JW301", xsd_dir=tmp_path)
    assert str(tmp_path / "ijw-3.2" / "xsd" / "JW301.xsd") in str(raised.value)


def test_an_unknown_message_code_is_refused(tmp_path):
    with pytest.raises(ValueError, match="Onbekend"):
        validate(b"<a/>", message="../../etc/passwd", xsd_dir=tmp_path)


def test_a_law_without_an_allocation_message_is_refused():
    with pytest.raises(ValueError, match="participatiewet"):
        build(replace(WMO, law="participatiewet"))
    with pytest.raises(ValueError, match="participatiewet"):
        message_code("participatiewet")


def product(**changes) -> AllocatedProduct:
    return replace(WMO.products[0], **changes)


@pytest.mark.parametrize(
    "message",
    [
        replace(WMO, client=replace(CLIENT, bsn="99990000")),
        replace(WMO, client=replace(CLIENT, bsn="999900007")),  # fails the elfproef
        replace(WMO, client=replace(CLIENT, surname=" \t\x00")),
        replace(WMO, client=replace(CLIENT, gender="3")),
        replace(WMO, sender="193"),
        replace(WMO, receiver="1234567"),
        replace(WMO, message_id="EP-0000000042"),
        replace(WMO, message_id=""),
        replace(WMO, products=()),
        replace(WMO, products=(product(), product())),
        replace(WMO, products=(product(category="45"),)),
        replace(WMO, products=(product(code="01A011"),)),
        replace(WMO, products=(product(end=date(2026, 3, 8)),)),
        replace(WMO, products=(product(volume=100_000_000),)),
        replace(WMO, products=(product(unit="05"),)),
        replace(WMO, products=(product(frequency="3"),)),
        replace(WMO, products=(product(reason="15"),)),
        replace(WMO, products=(product(number=1_000_000_000),)),
    ],
)
def test_values_the_xsd_cannot_hold_are_refused(message):
    with pytest.raises(ValueError):
        build(message)


def test_long_text_is_cut_to_the_xsd_lengths(xsd_dir):
    client = replace(
        CLIENT,
        surname="Ä" * 250,
        surname_prefix="van der den ten",
        address=Address("Burgemeester van Nieuwenhuijsenstraat", 1, city="Zuidhorn"),
    )
    xml = build(replace(WMO, client=client))
    assert validate(xml, message="WMO301", xsd_dir=xsd_dir) == []
    root, ns = etree.fromstring(xml), namespaces("wmo")
    assert root.xpath("string(//b:Achternaam)", namespaces=ns) == "Ä" * 200
    assert root.xpath("string(//b:Voorvoegsel)", namespaces=ns) == "van der de"
    assert root.xpath("string(//b:Straatnaam)", namespaces=ns) == "Burgemeester van Nieuwen"


names = st.text(max_size=300)
real_names = st.sampled_from(["Jansen", "Çelik", "Ødegaard", "Nguyễn", "O'Brien", "Smit-Bakker", "李"])


@st.composite
def products(draw, law: str, number: int) -> AllocatedProduct:
    start = draw(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
    return AllocatedProduct(
        number=number,
        category=draw(st.sampled_from(sorted(CATEGORIES[law]))),
        code=draw(st.none() | st.from_regex(r"[0-9A-Z]{1,5}", fullmatch=True)),
        start=start,
        end=draw(st.none() | st.integers(0, 3000).map(lambda days: start + timedelta(days=days))),
        volume=draw(st.none() | st.integers(0, 99_999_999)),
        unit=draw(st.sampled_from(sorted(UNITS))),
        frequency=draw(st.sampled_from(sorted(FREQUENCIES))),
        allocated_on=draw(st.dates()),
        allocated_at=draw(st.times()),
        reason=draw(st.sampled_from(["", "01", "04", "14"])),
        comment=draw(st.text(max_size=2000)),
    )


@st.composite
def messages(draw) -> AllocationMessage:
    law = draw(st.sampled_from(["wmo", "jeugdwet"]))
    numbers = draw(st.lists(st.integers(0, 999_999_999), min_size=1, max_size=3, unique=True))
    client = Client(
        bsn=draw(st.sampled_from(["999900006", "999900018", "999911120", "123456782"])),
        date_of_birth=draw(st.dates()),
        surname=draw(st.builds("{}{}{}".format, names, real_names, names)),
        surname_prefix=draw(names),
        given_names=draw(names),
        gender=draw(st.sampled_from(sorted(GENDERS))),
        address=draw(
            st.none()
            | st.builds(
                Address,
                street=names,
                house_number=st.none() | st.integers(0, 99999),
                postcode=names,
                city=names,
                country=st.sampled_from(["NL", "BE", "DE", ""]),
            )
        ),
    )
    return AllocationMessage(
        law=law,
        sender=draw(st.from_regex(r"[0-9]{4}", fullmatch=True)),
        receiver=draw(st.from_regex(r"[0-9]{8}", fullmatch=True)),
        message_id=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,11}", fullmatch=True)),
        dated=draw(st.dates()),
        client=client,
        products=tuple(draw(products(law, number)) for number in numbers),
    )


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=messages())
def test_every_built_message_validates(xsd_dir, message):
    assert validate(build(message), message=message_code(message.law), xsd_dir=xsd_dir) == []
