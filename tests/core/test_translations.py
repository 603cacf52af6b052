"""The English catalogue is complete, and the compiled .mo says the same as the .po.

CI first runs `makemessages` (see .ci/run), so a new Dutch UI text without a translation fails here."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src/eenplan/locale/en/LC_MESSAGES"


def po_entries() -> list[dict]:
    entries, entry, key = [], {}, None
    for raw in [*(LOCALE / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry:
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return [e for e in entries if e.get("msgid") and not e.get("obsolete")]


def test_every_dutch_text_has_an_english_translation():
    entries = po_entries()
    assert len(entries) > 150
    untranslated = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po_entries():
        if "msgstr" in entry:
            key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
            assert compiled._catalog.get(key) == entry["msgstr"], entry["msgid"]
