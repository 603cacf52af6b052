"""De-identification of Dutch case texts: names, addresses, phone numbers, BSNs, dates, ages, e-mail
and URLs are replaced by placeholders before a signal is stored (domain.md §7)."""

import pytest

from eenplan.signals.deidentify import deidentify, regex_spans

# (text, what must be gone, placeholders that must be there)
CASES = [
    (
        "Mevrouw Jansen (BSN 123456782) woont op de Kerkstraat 12, 3512 AB Utrecht. Bel 06-12345678 of "
        "mail j.jansen@example.nl. Geboren 12 maart 1954, 71 jaar.",
        ["Jansen", "123456782", "Kerkstraat", "3512", "06-12345678", "j.jansen@example.nl", "1954", "71"],
        ["[persoon]", "[bsn]", "[adres]", "[telefoonnummer]", "[e-mailadres]", "[datum]", "[leeftijd]"],
    ),
    (
        "Jan belt 0612345678 en zijn BSN is 111222333.",
        ["Jan ", "0612345678", "111222333"],
        ["[persoon]", "[telefoonnummer]", "[bsn]"],
    ),
    (
        "Dhr. P. de Vries, Dorpsstraat 4 in Zwolle, kan niet meer naar de dagbesteding sinds 03-02-2025; "
        "de buurtbus rijdt niet meer.",
        ["Vries", "Dorpsstraat", "03-02-2025"],
        ["[persoon]", "[adres]", "[datum]"],
    ),
    (
        "Fatima El Amrani (38) vertelt dat haar schulden bij de Belastingdienst oplopen; postcode 8011AB, "
        "tel. 038-4567890.",
        ["Fatima", "Amrani", "38", "8011AB", "038-4567890"],
        ["[persoon]", "[leeftijd]", "[telefoonnummer]"],
    ),
    (
        "Op 1 januari 2024 verhuisde meneer Bakker naar de Assendorperstraat 101. Zijn dochter Anouk zorgt "
        "elke dag voor hem en is uitgeput.",
        ["1 januari 2024", "Bakker", "Assendorperstraat", "Anouk"],
        ["[datum]", "[persoon]", "[adres]"],
    ),
    (
        "Mevr. van den Berg (BSN 999.901.163) zit alleen thuis; ze heeft sinds de dood van haar man Kees "
        "niemand meer.",
        ["Berg", "999.901.163", "Kees"],
        ["[persoon]", "[bsn]"],
    ),
    (
        "Jongeren hangen rond bij het winkelcentrum; Mohammed (16) en Daan zeggen dat er niets te doen "
        "is. Zie www.jongerenwerk-zwolle.nl.",
        ["Mohammed", "16", "Daan", "jongerenwerk"],
        ["[persoon]", "[leeftijd]", "[url]"],
    ),
    (
        "De familie Yilmaz, Thorbeckegracht 22, 8011 VM Zwolle, +31 6 12345678, woont met 6 personen in "
        "een tweekamerwoning.",
        ["Yilmaz", "Thorbeckegracht", "8011 VM", "12345678"],
        ["[persoon]", "[adres]", "[telefoonnummer]"],
    ),
    (
        "Sinds 14/05/2025 krijgt Willem Smit (79-jarige weduwnaar) geen hulp meer van zijn buurman; zie "
        "https://www.zwolle.nl/mantelzorg voor het aanbod.",
        ["14/05/2025", "Willem", "Smit", "79", "zwolle.nl"],
        ["[datum]", "[persoon]", "[url]"],
    ),
]


@pytest.mark.parametrize(("text", "gone", "placeholders"), CASES)
def test_dutch_case_texts_lose_their_personal_data(text, gone, placeholders):
    result = deidentify(text)

    for word in gone:
        assert word not in result, (word, result)
    for placeholder in placeholders:
        assert placeholder in result, (placeholder, result)


def test_what_is_no_personal_data_stays():
    result = deidentify("Veel ouderen in de buurt voelen zich eenzaam sinds de buurtkamer dicht is.")

    assert result == "Veel ouderen in de buurt voelen zich eenzaam sinds de buurtkamer dicht is."


def test_the_regex_pass_catches_a_bsn_and_a_postcode_on_its_own():
    """What Deduce might miss: nine digits that pass the 11-proef, and a Dutch postcode."""
    text = "nummer 999901163 en 8011 AB en 123456789"
    spans = {text[start:end]: placeholder for start, end, placeholder in regex_spans(text)}

    assert spans == {"999901163": "[bsn]", "8011 AB": "[postcode]", "123456789": "[nummer]"}


def test_empty_text_stays_empty():
    assert deidentify("   ") == ""
