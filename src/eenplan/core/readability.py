"""Readability of what a resident reads: plain Dutch at B1 level (docs/readability.md).

``text_from_html`` takes the text a resident reads from a rendered page, ``text_from_plain`` from a
generated text (a letter, a report draft, the log sentences). ``measure`` gives the Flesch-Douma score
and the figures behind it; ``check`` lists what is wrong, in words a writer can act on.

The score is textstat's Flesch reading ease with its Dutch constants (Flesch-Douma: 206.835 − 0.93 ×
words per sentence − 77 × syllables per word, syllables from pyphen's Dutch hyphenation). textstat
splits sentences on . ! ? only and ignores "sentences" of one or two words while still counting their
words; a web page is mostly headings, labels and table cells without a full stop. So we cut the page
into units ourselves (every block element is its own unit, then sentences within it) and hand textstat
only the real sentences (three words or more), each ending in one full stop: its count then is ours.

The thresholds and why (sources in docs/readability.md):

- ``MIN_FLESCH_DOUMA = 60``: Douma's table calls 60–70 "normaal", the level of lower secondary
  education (7th class of primary school / vglo); WCAG 2.x success criterion 3.1.5 asks for text that
  needs no more than lower secondary education. That is roughly B1. 60 is a floor, not a goal.
- ``MAX_AVERAGE_SENTENCE_WORDS = 15``: B1 guides advise an average of 10 to 15 words per sentence;
  the common Dutch table (NRC, 1997) calls up to 11 words easy and 12–17 normal.
- ``MAX_SENTENCE_WORDS = 20``: the common Dutch advice "no sentence longer than twenty words"; above
  18 words the same table calls a sentence difficult.
- ``LONG_WORD_SYLLABLES = 5`` and ``MAX_LONG_WORD_SHARE = 0.05``: Dutch glues nouns together, so
  everyday B1 words have four syllables (ondersteuning, familielid, informatie). From five syllables
  on they are mostly the compounds of official letters (persoonsgegevens, ontvangstbevestiging,
  maatwerkvoorziening). At most one word in twenty may be one.
- ``MIN_WORDS_FOR_SCORE = 100``: Flesch scored samples of 100 words; on fewer words one long word
  moves the score by several points. Shorter pages are judged on sentence length and jargon only.
- ``MIN_SENTENCE_WORDS = 3``: a unit of one or two words is a heading, label, button or table cell;
  it is not a sentence (textstat's own rule), so it does not count for sentence length or the score,
  but its words count for long words and jargon.

Jargon (``config/jargon.json``): words a resident must not meet without an explanation. A word counts
as explained on the whole page when, once: later in the same sentence comes a parenthesis with two words
or more, a dash, "dat is", "dat betekent", "dat wil zeggen" or "oftewel"; right after it a colon or an
apposition (", de …"); the next sentence starts with "Dat is" / "Dit is" / "Dat betekent"; its own
sentence starts with "Dat heet" / "Dat noemen we" (the sentence before explained it); or the page has a
``<dfn>`` or an ``<abbr title>`` for it. A citation such as "(AVG)" explains nothing.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from textstat.backend import counts, metrics
from textstat.backend.selections import list_words

LANGUAGE = "nl"  # textstat's Dutch: the Flesch-Douma constants and pyphen's Dutch syllables

MIN_FLESCH_DOUMA = 60
MAX_AVERAGE_SENTENCE_WORDS = 15
MAX_SENTENCE_WORDS = 20
LONG_WORD_SYLLABLES = 5
MAX_LONG_WORD_SHARE = 0.05
MIN_WORDS_FOR_SCORE = 100
MIN_SENTENCE_WORDS = 3
WORST_SENTENCES = 5  # how many of the longest sentences a report shows

JARGON_FILE = Path(__file__).resolve().parent / "config" / "jargon.json"

# --- What is not language -----------------------------------------------------------------------

WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
NOT_LANGUAGE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:https?://|www\.)\S+?(?=[.,;:!?)]*(?:\s|$))",  # URLs, without the full stop after them
        r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",  # e-mail addresses
        r"\b(?-i:[A-Z]{1,3})-\d{3,}\b",  # references: M-000012, P-000003, HH-000001
        r"\b\d{4} ?(?-i:[A-Z]{2})\b",  # postcodes
        # dates: "maandag 23 november 2026", "23 november", "2026-11-23", "23-11-2026"
        rf"\b(?:(?:{WEEKDAYS})\s+)?\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?\b",
        r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b|\b\d{1,2}-\d{1,2}-\d{4}\b",
        r"\b\d{1,2}[:.]\d{2}\b(?:\s*uur\b)?",  # times
        # legal references: "artikel 15", "art. 6 lid 1 sub e", "2.3.2 lid 2"
        r"\b(?:artikel|art\.)\s*[\d.]+[a-z]?(?:\s+(?:lid|sub|onder)\s+\w+)*",
        r"\b\d+(?:[.,]\d+)*(?:\s+lid\s+\d+)?\b",  # any other number
    )
]
# Abbreviations whose full stop does not end a sentence, and initials ("J. de Vries").
ABBREVIATIONS = re.compile(
    r"\b(?:bijv|bv|nr|enz|etc|dhr|mevr|ca|incl|excl|tel|o\.a|d\.w\.z|m\.b\.t|t\.a\.v|i\.p\.v|a\.u\.b|"
    r"z\.o\.z|e\.d|t\.z\.t)\.",
    re.IGNORECASE,
)
INITIAL = re.compile(r"\b([A-Z])\.(?=\s)")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")

# --- HTML ------------------------------------------------------------------------------------------

# Every one of these is read as its own unit: a heading without a full stop does not glue onto the
# paragraph after it, nor a table cell onto the next.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "button", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "ol", "optgroup", "option", "p",
    "pre", "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
# Never read on the page (or not language): left out with everything in them. An input's value is
# what the resident typed or will type; a hidden input is not shown at all.
SKIPPED = frozenset({
    "script", "style", "template", "noscript", "nav", "textarea", "input", "svg", "math", "iframe", "object",
})  # fmt: skip
SKIPPED_CLASSES = frozenset({"utrecht-skip-link"})


@dataclass(frozen=True)
class Text:
    """What a resident reads, as units in reading order: every heading, paragraph sentence, list item,
    label, cell or button is one unit. ``defined`` are the words the page explains with markup."""

    units: tuple[str, ...]
    defined: frozenset[str] = frozenset()


def _skipped(element, skip_classes: frozenset[str]) -> bool:
    if element.tag.lower() in SKIPPED:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(skip_classes & set((element.get("class") or "").split()))


BREAK = "\n\n"


def _pieces(element, skip_classes: frozenset[str]):
    """The text of an element and everything in it, with a BREAK around every block; a skipped
    element gives only its tail (the text after it belongs to its parent)."""
    if not isinstance(element.tag, str) or _skipped(element, skip_classes):  # comments too
        if element.tail:
            yield element.tail
        return
    block = element.tag.lower() in BLOCKS
    if block:
        yield BREAK
    if element.text:
        yield element.text
    for child in element:
        yield from _pieces(child, skip_classes)
    if block:
        yield BREAK
    if element.tail:
        yield element.tail


def _defined_terms(root) -> frozenset[str]:
    """Words the page explains with markup: <dfn> (e.g. in a <dt> whose <dd> explains it) and
    <abbr title="…">. A plain <dt> is not enough: a data list uses it for labels such as "Grondslag"."""
    terms = {" ".join(dfn.text_content().split()).lower() for dfn in root.iter("dfn")}
    terms |= {" ".join(a.text_content().split()).lower() for a in root.iter("abbr") if a.get("title")}
    return frozenset(term for term in terms if term)


def text_from_html(html: str, *, skip_classes: frozenset[str] = frozenset()) -> Text:
    """The text a resident reads on a rendered page: what is inside <main> (the whole body when there
    is none), without scripts, styles, navigation, the skip link, hidden elements and form values.
    ``skip_classes``: elements with one of these classes are left out too (a documented exception)."""
    import lxml.html

    document = lxml.html.document_fromstring(html)
    main = next(document.iter("main"), None)
    root = main if main is not None else document
    root.tail = None
    blocks = "".join(_pieces(root, SKIPPED_CLASSES | skip_classes)).split(BREAK)
    units = [unit for block in blocks for unit in sentences_of(block)]
    return Text(units=tuple(units), defined=_defined_terms(root))


def text_from_plain(text: str) -> Text:
    """A generated text (a letter, a report): every line is its own unit, like a heading or a
    paragraph, then sentences within it."""
    return Text(units=tuple(unit for line in text.splitlines() for unit in sentences_of(line)))


def text_from_sentences(sentences) -> Text:
    return Text(units=tuple(unit for sentence in sentences for unit in sentences_of(sentence)))


def without_non_language(text: str) -> str:
    """Numbers, dates, times, references, postcodes, e-mail addresses, URLs and article numbers out;
    what is left around them stays (a date in a sentence still leaves the sentence)."""
    for pattern in NOT_LANGUAGE:
        text = pattern.sub(" ", text)
    text = re.sub(r"\(\s*\)", " ", text)  # "(AVG art. 15)" keeps "(AVG)", "(15)" goes entirely
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)  # no space left before punctuation
    return " ".join(text.split())


def sentences_of(block: str) -> list[str]:
    """A block of text as sentences: non-language out, abbreviations and initials kept in one piece,
    then split after . ! ? and …; what has no word left is dropped."""
    text = without_non_language(block)
    text = ABBREVIATIONS.sub(lambda match: match.group(0)[:-1].replace(".", ""), text)
    text = INITIAL.sub(r"\1", text)
    return [sentence for sentence in SENTENCE_END.split(text) if words_of(sentence)]


def words_of(sentence: str) -> list[str]:
    """The words as textstat counts them (punctuation and hyphens out), those with a letter."""
    return [word for word in list_words(sentence) if any(char.isalpha() for char in word)]


def syllables(word: str) -> int:
    return counts.count_syllables(word, LANGUAGE)


# --- Jargon ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    word: str
    plain: str  # what to write instead, or how to explain it
    pattern: re.Pattern = field(compare=False, repr=False)


# After the word, anywhere in the same sentence: a parenthesis with at least two words in it (a
# citation such as "(AVG)" explains nothing), a dash, "dat is", "dat betekent", "dat wil zeggen", "oftewel".
EXPLANATION_LATER = re.compile(
    r"\(\s*[^\W\d]+\W+[^\W\d]+|\s[–—-]\s|\b(?:dat|dit)\s+(?:is|zijn|betekent|wil\s+zeggen)\b"
    r"|\b(?:oftewel|ofwel)\b",
    re.IGNORECASE,
)
# Right after the word: a colon ("AVG: de wet …") or an apposition ("de AVG, de wet …").
EXPLANATION_NEXT_TO = re.compile(r"^\s*(?::\s*\w|,\s*(?:de|het|een)\s)", re.IGNORECASE)
# The next sentence explains it ("… een beschikking. Dat is de brief …").
EXPLANATION_NEXT = re.compile(r"^(?:dat|dit)\s+(?:is|zijn|betekent|wil\s+zeggen)\b", re.IGNORECASE)
# The sentence before explained it and this one names it ("… Dat heet uw regisseur.").
NAMED_AFTER_EXPLANATION = re.compile(r"^(?:dat|dit|die)\s+(?:heet|heten|noemen\s+we)\b", re.IGNORECASE)


def _is_explained(unit: str, end: int, following: str) -> bool:
    rest = unit[end:]
    return bool(
        EXPLANATION_LATER.search(rest)
        or EXPLANATION_NEXT_TO.match(rest)
        or EXPLANATION_NEXT.match(following)
        or NAMED_AFTER_EXPLANATION.match(unit)
    )


@cache
def jargon() -> tuple[Term, ...]:
    """The words of config/jargon.json, each with what to write instead; a word also matches its
    plural and its -s/-e forms ("beschikkingen", "indicaties")."""
    items = json.loads(JARGON_FILE.read_text(encoding="utf-8"))["terms"]
    terms = []
    for item in items:
        word = item["word"]
        body = r"\s+".join(re.escape(part) for part in word.split())
        plural = rf"(?:{re.escape(word[-1])}?en|s|'s|e)?"  # gesprek → gesprekken, indicatie → indicaties
        pattern = re.compile(rf"(?<!\w){body}{plural}(?!\w)", re.IGNORECASE)
        terms.append(Term(word=item["word"], plain=item["plain"], pattern=pattern))
    return tuple(terms)


@dataclass(frozen=True)
class JargonUse:
    term: Term
    sentence: str


def unexplained_jargon(text: Text) -> list[JargonUse]:
    """Every jargon word on the page that is nowhere explained, with the first sentence it is in.
    Explained once on the page is enough: the explanation goes where the word is first needed."""
    found = []
    for term in jargon():
        if any(term.pattern.fullmatch(defined) for defined in text.defined):
            continue
        first, explained = None, False
        for index, unit in enumerate(text.units):
            for match in term.pattern.finditer(unit):
                first = first or unit
                following = text.units[index + 1] if index + 1 < len(text.units) else ""
                explained = explained or _is_explained(unit, match.end(), following)
        if first and not explained:
            found.append(JargonUse(term, first))
    return found


# --- Measuring and checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """The figures of one text. ``score`` is None when the text has too few words to score."""

    score: float | None
    words: int  # in every unit: sentences, headings, labels
    sentence_words: int  # in the sentences only
    sentences: int
    words_per_sentence: float
    long_words: tuple[str, ...]
    long_word_share: float
    longest: tuple[tuple[int, str], ...]  # (words, sentence), the WORST_SENTENCES longest first
    too_long: tuple[tuple[int, str], ...]  # every sentence over MAX_SENTENCE_WORDS, in reading order
    jargon: tuple[JargonUse, ...]


def _as_text(text) -> Text:
    if isinstance(text, Text):
        return text
    return text_from_plain(text)


def _for_textstat(sentence: str) -> str:
    """One sentence as textstat must see it: no . ! ? inside, one full stop at the end."""
    return re.sub(r"[.!?…]+", " ", sentence).strip() + "."


def measure(text: Text | str) -> Measurement:
    text = _as_text(text)
    unit_words = [(unit, words_of(unit)) for unit in text.units]
    sentences = [(unit, words) for unit, words in unit_words if len(words) >= MIN_SENTENCE_WORDS]
    all_words = [word for _unit, words in unit_words for word in words]
    sentence_words = sum(len(words) for _unit, words in sentences)
    long_words = tuple(word for word in all_words if syllables(word) >= LONG_WORD_SYLLABLES)
    score = None
    if sentence_words >= MIN_WORDS_FOR_SCORE:
        prose = " ".join(_for_textstat(unit) for unit, _words in sentences)
        score = round(metrics.flesch_reading_ease(prose, LANGUAGE), 1)
    longest = sorted(((len(words), unit) for unit, words in sentences), key=lambda item: -item[0])
    return Measurement(
        score=score,
        words=len(all_words),
        sentence_words=sentence_words,
        sentences=len(sentences),
        words_per_sentence=round(sentence_words / len(sentences), 1) if sentences else 0.0,
        long_words=long_words,
        long_word_share=round(len(long_words) / len(all_words), 3) if all_words else 0.0,
        longest=tuple(longest[:WORST_SENTENCES]),
        too_long=tuple((len(words), unit) for unit, words in sentences if len(words) > MAX_SENTENCE_WORDS),
        jargon=tuple(unexplained_jargon(text)),
    )


def problems(measurement: Measurement) -> list[str]:
    found = []
    if measurement.score is not None and measurement.score < MIN_FLESCH_DOUMA:
        found.append(
            f"Flesch-Douma {measurement.score} is lager dan {MIN_FLESCH_DOUMA}: "
            "maak zinnen korter en kies kortere woorden."
        )
    if measurement.words_per_sentence > MAX_AVERAGE_SENTENCE_WORDS:
        found.append(
            f"Gemiddeld {measurement.words_per_sentence} woorden per zin, meer dan "
            f"{MAX_AVERAGE_SENTENCE_WORDS}."
        )
    for length, sentence in measurement.too_long:
        found.append(f"Zin van {length} woorden (meer dan {MAX_SENTENCE_WORDS}): {sentence!r}")
    if measurement.score is not None and measurement.long_word_share > MAX_LONG_WORD_SHARE:
        words = ", ".join(sorted(set(measurement.long_words)))
        found.append(
            f"{measurement.long_word_share:.0%} lange woorden ({LONG_WORD_SYLLABLES}+ lettergrepen), "
            f"meer dan {MAX_LONG_WORD_SHARE:.0%}: {words}"
        )
    for use in measurement.jargon:
        found.append(
            f"Moeilijk woord zonder uitleg: {use.term.word!r} (schrijf liever: {use.term.plain}), "
            f"in: {use.sentence!r}"
        )
    return found


def check(text: Text | str) -> list[str]:
    """What is wrong with a text for a resident, per the thresholds above; empty when it is fine.
    A plain string is read as a generated text (every line a unit)."""
    return problems(measure(text))


# --- The pages a resident reads -----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """A named URL, the keyword arguments it needs, and the classes of elements its check leaves out
    (an exception, documented in docs/readability.md and listed in tests/portal/test_readability.py)."""

    name: str
    kwargs: tuple[str, ...] = ()
    skip_classes: frozenset[str] = frozenset()


# The records a resident's pages are about, by the URL kwarg that names them.
WORLD_KWARGS = (
    "household_id",
    "person_id",
    "support_request_id",
    "plan_id",
    "application_id",
    "arrangement_id",
)
# The pages outside Mijn plan that a resident reads (or is handed, printed).
RESIDENT_PAGES = (
    Route("core:start"),  # for a resident it leads to Mijn plan
    Route("core:my_processing_log"),
    # The inzage shows every record as it is stored (AVG art. 15): the values are what staff typed and
    # what the system keeps, not our wording. The rest of the page is checked.
    Route("privacy:access_request", ("person_id",), skip_classes=frozenset({"privacy-value"})),
    Route("plans:document_html", ("plan_id",)),
    Route("intake:report_html", ("support_request_id",)),
    Route("intake:receipt", ("support_request_id",)),  # the letter that confirms the melding
)
ANONYMOUS_PAGES = (Route("accounts:login"),)
# Every page in these namespaces is for residents: each GET route is checked.
RESIDENT_NAMESPACES = ("portal", "experience")


class UnknownKwarg(LookupError):
    """A route needs a URL kwarg for which there is no record to show."""


def _kwargs_of(pattern) -> tuple[str, ...]:
    inner = pattern.pattern
    if hasattr(inner, "converters"):  # path()
        return tuple(inner.converters)
    return tuple(inner.regex.groupindex)  # re_path()


def _routes(patterns, namespace: str, inherited: tuple[str, ...]):
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        kwargs = (*inherited, *_kwargs_of(pattern))
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner, kwargs)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Route(f"{namespace}:{pattern.name}", kwargs)


def namespace_routes(namespaces=RESIDENT_NAMESPACES) -> list[Route]:
    """Every named route in these URL namespaces, from the resolver; a namespace that does not exist
    (yet) has none."""
    from django.urls import get_resolver

    resolver, found = get_resolver(), {}
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            continue
        _prefix, included = resolver.namespace_dict[namespace]
        for route in _routes(included.url_patterns, namespace, _kwargs_of(included)):
            found.setdefault(route.name, route)
    return list(found.values())


def url_for(route: Route, ids: dict[str, int]) -> str:
    """The URL of a route with its kwargs filled from the ids of the resident's records."""
    from django.urls import reverse

    unknown = [kwarg for kwarg in route.kwargs if kwarg not in WORLD_KWARGS]
    if unknown:
        raise UnknownKwarg(
            f"{route.name} needs URL kwarg(s) {', '.join(unknown)}, which the readability check does "
            f"not know (it fills {', '.join(WORLD_KWARGS)}). Add the record to the resident world in "
            "tests/portal/test_readability.py and its kwarg to WORLD_KWARGS in eenplan/core/readability.py."
        )
    missing = [kwarg for kwarg in route.kwargs if kwarg not in ids]
    if missing:
        raise UnknownKwarg(f"{route.name}: there is no record for {', '.join(missing)}.")
    return reverse(route.name, kwargs={kwarg: ids[kwarg] for kwarg in route.kwargs})


def report(name: str, text: Text | str) -> str:
    """A writer's summary of one text: the figures, then the longest sentences."""
    measurement = measure(text)
    score = "–" if measurement.score is None else f"{measurement.score}"
    lines = [
        f"{name}: Flesch-Douma {score} (min. {MIN_FLESCH_DOUMA}), {measurement.words} woorden, "
        f"{measurement.sentences} zinnen, {measurement.words_per_sentence} woorden per zin "
        f"(max. {MAX_AVERAGE_SENTENCE_WORDS}), {measurement.long_word_share:.0%} lange woorden",
        "Langste zinnen:",
        *(f"  {length:>3}  {sentence}" for length, sentence in measurement.longest),
    ]
    return "\n".join(lines)
