"""iStandaarden allocation messages: iWmo 3.2 WMO301 and iJw 3.2 JW301 (toewijzingsberichten).

`build` turns an `AllocationMessage` into the XML a gemeente sends to a provider through the
GGK/VECOZO; `validate` checks any iWmo/iJw 3.2 message against the official XSDs.

The XSDs are published by Zorginstituut Nederland (iStandaarden). Their licence is not settled, so
they are not part of this package: `validate` reads them from a directory (setting
`EENPLAN_ISTANDAARDEN_DIR`) laid out as ``iwmo-3.2/xsd/WMO301.xsd`` and ``ijw-3.2/xsd/JW301.xsd``,
each folder with its own ``basisschema.xsd``. `build` needs no files; its element order, required
elements, code lists and maximum lengths are taken from those XSDs (BerichtXsdVersie 1.0.0).
Free text is cleaned and cut to the XSD lengths; values that cannot be represented raise ValueError.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path

from lxml import etree

XSD_VERSION = "1.0.0"  # BasisschemaXsdVersie and BerichtXsdVersie written into the header

GENDERS = {"0", "1", "2"}  # COD046: onbekend, man, vrouw
ADDRESS_TYPES = {"01", "02", "03", "04"}  # BRP, correspondentie, verblijf, tijdelijk verblijf
UNITS = {"01", "04", "14", "16", "82", "83", "84"}  # minuut, uur, etmaal, dagdeel, stuks, euro, stuks
FREQUENCIES = {"1", "2", "4", "6"}  # per dag, week, maand, totaal binnen de toewijzing
REASONS = {f"{n:02}" for n in range(1, 15)}  # RedenWijziging
CATEGORIES = {
    "wmo": {f"{n:02}" for n in range(1, 19)},
    "jeugdwet": {str(n) for n in [*range(31, 39), *range(40, 56)]},
}


@dataclass(frozen=True)
class _Law:
    code: str  # WMO301
    bericht_code: str  # 414
    standard: str  # iwmo / ijw

    @property
    def ns(self) -> str:
        return f"http://www.istandaarden.nl/{self.standard}/3_2/{self.code.lower()}/schema"

    @property
    def base_ns(self) -> str:
        return f"http://www.istandaarden.nl/{self.standard}/3_2/basisschema/schema"


_LAWS = {"wmo": _Law("WMO301", "414", "iwmo"), "jeugdwet": _Law("JW301", "436", "ijw")}
_STANDARDS = {"WMO": "iwmo", "JW": "ijw"}


class SchemaNotFound(Exception):
    """The XSD for a message is missing from the iStandaarden directory."""


@dataclass(frozen=True)
class Address:
    """Adres of the client's contact (CDT_Adres); every part is optional in the XSD."""

    street: str = ""
    house_number: int | None = None
    house_letter: str = ""
    house_number_addition: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"  # ISO 3166 alpha-2 (LandCode)


@dataclass(frozen=True)
class Client:
    bsn: str  # 9 digits, passes the elfproef
    date_of_birth: date
    surname: str
    surname_prefix: str = ""
    given_names: str = ""
    gender: str = "0"  # COD046: 0 onbekend, 1 man, 2 vrouw
    address: Address | None = None
    address_type: str = "01"  # Contactgegevens/Contact/Soort, required by the XSD


@dataclass(frozen=True)
class AllocatedProduct:
    number: int  # ToewijzingNummer, unique per municipality
    category: str  # 2 digits, from the law's LDT_ProductCategorie
    code: str | None  # product code, 1–5 characters; None for a category-only allocation
    start: date
    end: date | None
    volume: int | None  # Omvang (Volume, Eenheid, Frequentie) is left out when None
    unit: str
    frequency: str
    allocated_on: date
    allocated_at: time
    reason: str = ""  # RedenWijziging
    comment: str = ""


@dataclass(frozen=True)
class AllocationMessage:
    law: str  # "wmo" -> WMO301, "jeugdwet" -> JW301
    sender: str  # gemeentecode, 4 digits
    receiver: str  # AGB code of the provider, 8 digits
    message_id: str  # 1–12 characters
    dated: date
    client: Client
    products: tuple[AllocatedProduct, ...]


_Add = Callable[..., etree._Element]  # adds a child element: (parent, tag, text)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INITIAL = re.compile("[a-zA-ZÀ-ỳ]")  # LDT_Voorletters
_NAMESPACE = re.compile(r"\{http://www\.istandaarden\.nl/[^}]*/(\w+)/schema\}")


def _line(value: str, max_length: int) -> str:
    """One line of text that fits a `.*[^\\s].*` type of at most max_length characters ("" if empty)."""
    return " ".join(_NOT_XML.sub("", value).split())[:max_length].rstrip()


def _check(ok: bool, problem: str) -> None:
    if not ok:
        raise ValueError(problem)


def _law(law: str) -> _Law:
    if law not in _LAWS:
        raise ValueError(f"Geen toewijzingsbericht (301) voor wet {law!r}; alleen {', '.join(_LAWS)}.")
    return _LAWS[law]


def message_code(law: str) -> str:
    return _law(law).code


def _initials(given_names: str) -> str:
    letters = [w[0].upper() if _INITIAL.fullmatch(w[0].upper()) else w[0] for w in given_names.split()]
    return "".join(c for c in letters if _INITIAL.fullmatch(c))[:6]


def build(message: AllocationMessage) -> bytes:
    law = _law(message.law)
    client = message.client

    def add(parent: etree._Element, tag: str, text: str | None = None, ns: str = law.ns) -> etree._Element:
        element = etree.SubElement(parent, f"{{{ns}}}{tag}")
        element.text = text
        return element

    def base(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        return add(parent, tag, text, law.base_ns)

    _check(
        re.fullmatch("[0-9]{4}", message.sender) is not None,
        "Afzender moet een gemeentecode van 4 cijfers zijn.",
    )
    _check(
        re.fullmatch("[0-9]{8}", message.receiver) is not None,
        "Ontvanger moet een AGB-code van 8 cijfers zijn.",
    )
    _check(
        0 < len(message.message_id) <= 12 and _line(message.message_id, 12) == message.message_id,
        "Berichtidentificatie moet 1 tot 12 tekens zonder regeleinden zijn.",
    )
    _check(
        re.fullmatch("[0-9]{9}", client.bsn) is not None
        and sum(int(d) * w for d, w in zip(client.bsn, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0,
        f"Ongeldig BSN {client.bsn!r}: 9 cijfers die de elfproef doorstaan.",
    )
    _check(client.gender in GENDERS, f"Onbekende geslachtscode {client.gender!r}.")
    _check(client.address_type in ADDRESS_TYPES, f"Onbekende adressoort {client.address_type!r}.")
    surname = _line(client.surname, 200)
    _check(surname != "", "Achternaam van de cliënt ontbreekt.")
    _check(len(message.products) > 0, "Een toewijzingsbericht heeft minstens één product.")
    numbers = [p.number for p in message.products]
    _check(len(set(numbers)) == len(numbers), "Toewijzingnummers in één bericht moeten uniek zijn.")

    root = etree.Element(f"{{{law.ns}}}Bericht", nsmap={law.code.lower(): law.ns, law.standard: law.base_ns})
    header = add(root, "Header")
    add(header, "BerichtCode", law.bericht_code)
    add(header, "BerichtVersie", "3")
    add(header, "BerichtSubversie", "2")
    add(header, "Afzender", message.sender)
    add(header, "Ontvanger", message.receiver)
    identification = add(header, "BerichtIdentificatie")
    base(identification, "Identificatie", message.message_id)
    base(identification, "Dagtekening", message.dated.isoformat())
    xsd_version = add(header, "XsdVersie")
    base(xsd_version, "BasisschemaXsdVersie", XSD_VERSION)
    base(xsd_version, "BerichtXsdVersie", XSD_VERSION)

    person = add(root, "Client")
    add(person, "Bsn", client.bsn)
    base(add(person, "Geboortedatum"), "Datum", client.date_of_birth.isoformat())
    add(person, "Geslacht", client.gender)
    name = add(person, "Naam")
    family_name = base(name, "Geslachtsnaam")
    base(family_name, "Achternaam", surname)
    if prefix := _line(client.surname_prefix, 10):
        base(family_name, "Voorvoegsel", prefix)
    if given_names := _line(client.given_names, 200):
        base(name, "Voornamen", given_names)
    if initials := _initials(given_names):
        base(name, "Voorletters", initials)
    base(name, "NaamGebruik", "1")  # eigen naam
    contact = add(add(person, "Contactgegevens"), "Contact")
    add(contact, "Soort", client.address_type)
    if client.address:
        _add_address(add(contact, "Adres"), client.address, base)

    products = add(person, "ToegewezenProducten")
    for product in message.products:
        _add_product(add(products, "ToegewezenProduct"), product, message.law, add, base)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _add_address(element: etree._Element, address: Address, base: _Add) -> None:
    if address.house_number is not None:
        _check(0 <= address.house_number <= 99999, f"Huisnummer {address.house_number} valt buiten 0–99999.")
        house = base(element, "Huis")
        base(house, "Huisnummer", str(address.house_number))
        if letter := _line(address.house_letter, 1):
            base(house, "Huisletter", letter)
        if addition := _line(address.house_number_addition, 4):
            base(house, "HuisnummerToevoeging", addition)
    else:
        _check(not (address.house_letter or address.house_number_addition), "Huisletter zonder huisnummer.")
    if postcode := "".join(_NOT_XML.sub("", address.postcode).split()).upper()[:8]:
        base(element, "Postcode", postcode)
    if street := _line(address.street, 24):
        base(element, "Straatnaam", street)
    if city := _line(address.city, 80):
        base(element, "Plaatsnaam", city)
    if address.country:
        _check(
            re.fullmatch("[A-Z]{2}", address.country) is not None, f"Ongeldige landcode {address.country!r}."
        )
        base(element, "LandCode", address.country)


def _add_product(element: etree._Element, product: AllocatedProduct, law: str, add: _Add, base: _Add) -> None:
    number = product.number
    _check(0 <= number <= 999_999_999, f"Toewijzingnummer {number} valt buiten 0–999999999.")
    _check(
        product.category in CATEGORIES[law], f"Productcategorie {product.category!r} bestaat niet voor {law}."
    )
    _check(
        product.code is None or (0 < len(product.code) <= 5 and _line(product.code, 5) == product.code),
        f"Productcode {product.code!r} moet 1 tot 5 tekens zijn.",
    )
    _check(
        product.end is None or product.end >= product.start,
        f"Einddatum ligt voor de ingangsdatum ({number}).",
    )
    _check(
        product.reason == "" or product.reason in REASONS, f"Onbekende reden wijziging {product.reason!r}."
    )
    add(element, "ToewijzingNummer", str(number))
    category = add(element, "Product")
    base(category, "Categorie", product.category)
    if product.code is not None:
        base(category, "Code", product.code)
    add(element, "Toewijzingsdatum", product.allocated_on.isoformat())
    add(element, "Toewijzingstijd", product.allocated_at.strftime("%H:%M:%S"))
    add(element, "Ingangsdatum", product.start.isoformat())
    if product.end is not None:
        add(element, "Einddatum", product.end.isoformat())
    if product.reason:
        add(element, "RedenWijziging", product.reason)
    if product.volume is not None:
        _check(0 <= product.volume <= 99_999_999, f"Omvang {product.volume} valt buiten 0–99999999.")
        _check(product.unit in UNITS, f"Onbekende eenheid {product.unit!r}.")
        _check(product.frequency in FREQUENCIES, f"Onbekende frequentie {product.frequency!r}.")
        volume = add(element, "Omvang")
        base(volume, "Volume", str(product.volume))
        base(volume, "Eenheid", product.unit)
        base(volume, "Frequentie", product.frequency)
    if comment := _NOT_XML.sub("", product.comment).strip():
        add(element, "Commentaar", comment)


@lru_cache(maxsize=64)
def _schema(xsd_dir: Path, message: str) -> etree.XMLSchema:
    match = re.fullmatch("(WMO|JW)[0-9]{3}", message)
    if match is None:
        raise ValueError(f"Onbekend iStandaarden-bericht {message!r}.")
    path = xsd_dir / f"{_STANDARDS[match.group(1)]}-3.2" / "xsd" / f"{message}.xsd"
    if not path.is_file():
        raise SchemaNotFound(f"XSD voor {message} niet gevonden: {path}")
    return etree.XMLSchema(etree.parse(str(path), etree.XMLParser(no_network=True)))


def validate(xml: bytes, *, message: str, xsd_dir: Path) -> list[str]:
    """Schema errors as "regel N: ..." strings; [] means the XML is valid for that message."""
    schema = _schema(Path(xsd_dir).resolve(), message)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        document = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return [f"regel {error.lineno}: geen geldige XML: {error.msg}"]
    if schema.validate(document):
        return []
    return [f"regel {e.line}: " + _NAMESPACE.sub(r"\1:", e.message) for e in schema.error_log]
