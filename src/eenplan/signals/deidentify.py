"""De-identification of a consultant's observation before it becomes a collective signal.

``deidentify(text)`` runs Deduce (the de-identification method for Dutch text of UMC Utrecht, LGPL) and
replaces what it finds with a Dutch placeholder ("[persoon]", "[adres]", "[telefoonnummer]", "[bsn]",
"[datum]", …). A small regex pass follows for what Deduce may miss in the texts of a wijkteam: a nine-digit
number (a BSN, with or without dots or spaces), a Dutch postcode, a phone number, an e-mail address, a URL
and a numeric date. The raw text is never stored or logged here.

Deduce is loaded once per process, lazily, on the first call (it takes several seconds). Its lookup
structures are built from the word lists that ship with the package (no network) and cached as a pickle:
the first build takes one to two minutes. The cache goes where ``EENPLAN_DEDUCE_CACHE_DIR`` says; if that
is not set, next to the package's lists when a cache is already there or that directory is writable (a
normal virtualenv), and otherwise in ``EENPLAN_DATA_DIR/deduce`` (a read-only install)."""

import os
import re
import threading
from pathlib import Path

from django.conf import settings

from eenplan.core.validators import bsn_is_valid

# Deduce's tags (lower case; overlapping finds are joined with "+") and what the reader sees instead.
PLACEHOLDERS = {
    "persoon": "[persoon]",
    "patient": "[persoon]",
    "locatie": "[adres]",
    "instelling": "[instelling]",
    "ziekenhuis": "[instelling]",
    "datum": "[datum]",
    "leeftijd": "[leeftijd]",
    "telefoonnummer": "[telefoonnummer]",
    "emailadres": "[e-mailadres]",
    "url": "[url]",
    "bsn": "[bsn]",
    "id": "[nummer]",
}
FALLBACK_PLACEHOLDER = "[gegevens]"

PHONE = re.compile(r"(?<![\w\[])(?:\+31|0031|0)[\s-]?(?:\(0\))?[\s-]?[1-9](?:[\s-]?\d){8}(?!\w)")
NINE_DIGITS = re.compile(r"(?<![\w.])\d{3}[.\s]?\d{2,3}[.\s]?\d{2,4}(?![\w])")
POSTCODE = re.compile(r"(?<!\w)[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:!?)]", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"(?<!\w)\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\w)")

_lock = threading.Lock()
_model = None


def cache_path() -> Path:
    """Where Deduce keeps its built lookup structures (see the module docstring)."""
    configured = getattr(settings, "EENPLAN_DEDUCE_CACHE_DIR", "")
    if configured:
        return Path(configured)
    import deduce.deduce

    package_lists = Path(deduce.deduce._LOOKUP_LIST_PATH)
    cached = package_lists / "cache" / "lookup_structs.pickle"
    if cached.exists() or os.access(package_lists, os.W_OK):
        return package_lists
    return Path(settings.DATA_DIR) / "deduce"


def model():
    """The one Deduce instance of this process, built on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from deduce import Deduce

                path = cache_path()
                path.mkdir(parents=True, exist_ok=True)
                _model = Deduce(cache_path=path)
    return _model


def _placeholder(tag: str, found: str) -> str:
    tags = tag.lower().split("+")
    if "id" in tags or "telefoonnummer" in tags:  # Deduce calls 0612345678 an id; say what it is
        digits = re.sub(r"\D", "", found)
        if PHONE.fullmatch(found.strip()):
            return PLACEHOLDERS["telefoonnummer"]
        if len(digits) == 9 and bsn_is_valid(digits):
            return PLACEHOLDERS["bsn"]
    for part in tags:
        if part in PLACEHOLDERS:
            return PLACEHOLDERS[part]
    return FALLBACK_PLACEHOLDER


REGEX_FINDERS = (
    (EMAIL, PLACEHOLDERS["emailadres"]),
    (URL, PLACEHOLDERS["url"]),
    (PHONE, PLACEHOLDERS["telefoonnummer"]),
    (NINE_DIGITS, None),  # a BSN when it passes the 11-proef, another number otherwise
    (POSTCODE, "[postcode]"),
    (NUMERIC_DATE, PLACEHOLDERS["datum"]),
)
AGE_AFTER_PERSON = re.compile(r"(\[persoon\],? \()\d{1,3}(\))")
AGE_WORD = re.compile(r"(?<!\w)\d{1,3}(?=[- ]?jarige?\b)")


def regex_spans(text: str) -> list[tuple[int, int, str]]:
    """What Deduce may miss: e-mail, URL, phone, nine digits (a BSN), postcode, a numeric date."""
    spans = []
    for pattern, placeholder in REGEX_FINDERS:
        for match in pattern.finditer(text):
            if placeholder is None:
                digits = re.sub(r"\D", "", match.group())
                if len(digits) != 9:
                    continue
                placeholder_here = PLACEHOLDERS["bsn"] if bsn_is_valid(digits) else PLACEHOLDERS["id"]
            else:
                placeholder_here = placeholder
            spans.append((match.start(), match.end(), placeholder_here))
    return spans


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping finds become one, named after the longest of them."""
    merged: list[list] = []
    for start, end, placeholder in sorted(spans, key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end - start > last[3]:
                last[2], last[3] = placeholder, end - start
            last[1] = max(last[1], end)
        else:
            merged.append([start, end, placeholder, end - start])
    return [(start, end, placeholder) for start, end, placeholder, _length in merged]


def deidentify(text: str) -> str:
    """The text with names, addresses, phone numbers, BSNs, dates, ages, e-mail addresses and URLs
    replaced by Dutch placeholders."""
    if not text or not text.strip():
        return ""
    document = model().deidentify(text)
    spans = [
        (annotation.start_char, annotation.end_char, _placeholder(annotation.tag, annotation.text))
        for annotation in document.annotations
    ]
    parts, position = [], 0
    for start, end, placeholder in _merge(spans + regex_spans(text)):
        parts.append(text[position:start])
        parts.append(placeholder)
        position = end
    parts.append(text[position:])
    result = AGE_AFTER_PERSON.sub(r"\1[leeftijd]\2", "".join(parts))
    return AGE_WORD.sub("[leeftijd]", result).strip()
