"""Dutch text analysis for the social-map search: the same words in the index and in the query.

A service's text and a consultant's query (the resident's own words) go through the same steps:

1. ``normalise``: lower case, diacritics dropped (``café`` → ``cafe``), apostrophes dropped inside a
   word (``auto's`` → ``autos``), split on everything that is not ``a-z``/``0-9``.
2. Stopwords (``config/stopwords.txt``) are dropped; words of one character are dropped.
3. ``stem``: the Dutch Snowball stemmer (``snowballstemmer.dutch_stemmer``), with its removal of a
   ``ge-`` prefix or infix switched off: it turns ``gezin`` into ``zin``, ``gezondheid`` into ``zon``,
   ``gemeente`` into ``meen``, ``geldzaken`` into ``ldzaak`` and ``begeleiding`` into ``beleid``.
   ``STEM_EXCEPTIONS`` keeps parents (``ouder``/``ouders`` → ``ouders``) apart from the elderly
   (``oudere``/``ouderen`` → ``ouderen``); plain Snowball makes all four ``ouder``. It also keeps
   ``maatje`` whole (``maat`` is a prefix of ``maatschappelijk``, and the search matches prefixes).
4. Compound words are split into known parts (``config/compound_parts.txt``): ``boodschappendienst``
   → ``boodschappen`` + ``dienst``, with the linking morphemes ``s``, ``e`` and ``en`` allowed between
   parts (``vrijwilliger-s-werk``). The index keeps the word's own stem and the stems of its parts.
5. In a query every word becomes a ``Concept``: its own stem (weight 1.0), its compound parts (0.8) and
   the stems of its synonyms (0.6, ``config/synonyms.json``).

Configuration (data, maintained by a functional admin; read once per process):

``stopwords.txt`` and ``compound_parts.txt``
    One word per line, UTF-8. Everything after ``#`` is a comment; empty lines are ignored. Words are
    normalised like any text (``één`` → ``een``). A line that is not exactly one word, and a compound
    part shorter than 3 letters, is skipped with a warning. A part that is also a stopword (``mee``)
    helps to split a word (``meerijden`` → ``mee`` + ``rijden``) but is not itself a search term.

``synonyms.json``
    A JSON list of groups: ``[{"words": ["koken", "eten", "maaltijd"], "note": "why"}, ...]``. A group
    is symmetric: a query word whose stem equals the stem of any word in a group gets all the other
    words of that group (stemmed). A word may be in several groups. Every entry must be one word (no
    phrases) and not a stopword; wrong entries are skipped with a warning. ``note`` is for people.

``check_config()`` lists the problems of the configuration without loading it into the search.
"""

import functools
import json
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from snowballstemmer.dutch_stemmer import DutchStemmer

logger = logging.getLogger(__name__)

CONFIG_DIR = Path(__file__).parent / "config"
MIN_PART = 3  # a compound part has at least this many letters
MAX_COMPOUND = 60  # longer "words" are not split (garbage, not Dutch)
LINKS = ("", "s", "e", "en")  # Dutch linking morphemes between compound parts
PART_WEIGHT = 0.8
CONTEXT_WEIGHT = 0.3
SYNONYM_WEIGHT = 0.6

# Corrections of the stemmer for words where a wrong merge hurts the social domain.
STEM_EXCEPTIONS = {
    "ouder": "ouders",
    "ouders": "ouders",
    "oudere": "ouderen",
    "ouderen": "ouderen",
    "maatje": "maatje",  # not "maat": a prefix of "maatschappelijk"
    "maatjes": "maatje",
}

_COMBINING = re.compile("[\u0300-\u036f]")  # combining diacritical marks, after NFKD
_TOKEN = re.compile(r"[a-z0-9]+")
_TERM = re.compile(r"[a-z0-9]{2,}")
_APOSTROPHES = re.compile("['’‘ʼ`´′]")
# Letters that NFKD does not decompose (str.translate is slow: only when one of them is there).
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
_LETTERS_FOUND = re.compile("[æøœłđðþı]")


# --- words ---------------------------------------------------------------------------------------------


def normalise(text: str) -> list[str]:
    """Lower-case words of ``[a-z0-9]`` without diacritics: ``"Café-ontmoeting"`` → cafe, ontmoeting."""
    if text.isascii():  # the common case, and fast
        return _TOKEN.findall(text.replace("'", "").replace("`", "").lower())
    text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text)).casefold()
    text = unicodedata.normalize("NFKD", text)
    if _LETTERS_FOUND.search(text):
        text = text.translate(_LETTERS)
    return _TOKEN.findall(_COMBINING.sub("", text))


def _snowball():
    stemmer = DutchStemmer()  # the pure-Python class, also when PyStemmer is installed
    # Switch off the removal of "ge-" (see the module docstring). These are private methods of the
    # generated stemmer; if a later version renames them, the plain stemmer is used.
    for name in ("_DutchStemmer__r_Lose_prefix", "_DutchStemmer__r_Lose_infix"):
        if hasattr(stemmer, name):
            setattr(stemmer, name, lambda: False)
        else:  # pragma: no cover - depends on the installed snowballstemmer
            logger.warning("snowballstemmer has no %s; 'ge-' is removed from Dutch words", name)
    return stemmer


_stemmer = _snowball()
_stemmer_lock = threading.Lock()  # a Snowball stemmer keeps state while it works


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Dutch Snowball stem of a normalised word: ``wandelen``, ``wandeling`` → ``wandel``."""
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    with _stemmer_lock:
        return _stemmer.stemWord(word)


def _term(word: str) -> str | None:
    term = stem(word)
    return term if _TERM.fullmatch(term) else None


# --- configuration -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    stopwords: frozenset[str]
    parts: frozenset[str]
    longest_part: int
    synonyms: dict[str, tuple[str, ...]]  # stem -> the stems of its synonyms
    context: frozenset[str]  # stems of words that say who or when, not what is wanted


def _read_words(path: Path, problems: list[str], min_length: int = 1) -> list[str]:
    words = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        tokens = normalise(line)
        if len(tokens) != 1 or len(tokens[0]) < min_length:
            problems.append(f"{path.name}:{number}: {line!r} is not one word of {min_length}+ letters")
            continue
        words.append(tokens[0])
    return words


def _read_config(directory: Path) -> tuple[_Config, list[str]]:
    """The configuration in ``directory`` and the problems found in it (skipped entries)."""
    problems: list[str] = []
    stopwords = frozenset(_read_words(directory / "stopwords.txt", problems))
    parts = frozenset(_read_words(directory / "compound_parts.txt", problems, MIN_PART))
    context = frozenset(stem(word) for word in _read_words(directory / "context_words.txt", problems))
    synonyms: dict[str, dict[str, None]] = {}  # dict as an ordered set
    path = directory / "synonyms.json"
    groups = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(groups, list):
        problems.append(f"{path.name}: expected a list of groups")
        groups = []
    for number, group in enumerate(groups, start=1):
        words = group.get("words") if isinstance(group, dict) else None
        if not isinstance(words, list):
            problems.append(f"{path.name}: group {number} has no list 'words'")
            continue
        stems: dict[str, None] = {}
        for entry in words:
            tokens = normalise(entry) if isinstance(entry, str) else []
            if len(tokens) != 1 or tokens[0] in stopwords or not _term(tokens[0]):
                problems.append(f"{path.name}: group {number}: {entry!r} is not one word (or a stopword)")
                continue
            stems[stem(tokens[0])] = None
        if len(stems) < 2:
            problems.append(f"{path.name}: group {number} has fewer than two different words")
            continue
        for term in stems:
            synonyms.setdefault(term, {}).update((other, None) for other in stems if other != term)
    longest_part = max(map(len, parts), default=0)
    config = _Config(
        stopwords, parts, longest_part, {term: tuple(others) for term, others in synonyms.items()}, context
    )
    return config, problems


def check_config(directory: Path = CONFIG_DIR) -> list[str]:
    """The problems in the configuration files (empty when they are all right)."""
    return _read_config(directory)[1]


@functools.cache
def _config() -> _Config:
    config, problems = _read_config(CONFIG_DIR)
    for problem in problems:
        logger.warning("social-map search configuration: %s", problem)
    return config


# --- compounds -----------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The known parts a normalised compound word consists of, or () when it is not one.

    The split with the fewest parts wins, then the one with the fewest linking morphemes, then the one
    with the longest first parts: ``vrijwilligerswerk`` → (vrijwilliger, werk)."""
    config = _config()
    parts = config.parts
    n = len(word)
    if word in parts or n < 2 * MIN_PART or n > MAX_COMPOUND:
        return ()
    # best[i]: the best split of word[i:] as (parts, number of links), or None.
    best: list[tuple[tuple[str, ...], int] | None] = [None] * (n + 1)
    for i in range(n - MIN_PART, -1, -1):
        candidates = []
        for j in range(i + MIN_PART, min(n, i + config.longest_part) + 1):
            part = word[i:j]
            if part not in parts:
                continue
            if j == n:
                candidates.append(((part,), 0))
                continue
            for link in LINKS:
                rest = best[j + len(link)] if word.startswith(link, j) and j + len(link) < n else None
                if rest:
                    candidates.append(((part, *rest[0]), rest[1] + bool(link)))
        if candidates:
            best[i] = min(candidates, key=lambda c: (len(c[0]), c[1], [-len(p) for p in c[0]]))
    split = best[0]
    return split[0] if split and len(split[0]) > 1 else ()


def _part_terms(word: str) -> list[str]:
    stopwords = _config().stopwords
    terms = (_term(part) for part in compound_parts(word) if part not in stopwords)
    return [term for term in terms if term]


# --- index and query -----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    stopwords = _config().stopwords
    return [word for word in normalise(text) if len(word) > 1 and word not in stopwords]


@functools.lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    term = _term(word)
    return (term, *_part_terms(word)) if term else tuple(_part_terms(word))


def index_terms(text: str) -> list[str]:
    """The terms the index stores for a text: per word its stem, then the stems of its compound parts.
    A number is its own term (the stemmer leaves digits alone): it is not stemmed, nor cached. Short
    texts (names, tags, target groups) come back again and again: their terms are cached."""
    if len(text) <= SHORT_TEXT:
        return list(_short_text_terms(text))
    return _text_terms(text)


SHORT_TEXT = 100


@functools.lru_cache(maxsize=50_000)
def _short_text_terms(text: str) -> tuple[str, ...]:
    return tuple(_text_terms(text))


def _text_terms(text: str) -> list[str]:
    stopwords = _config().stopwords
    terms: list[str] = []
    for word in normalise(text):
        if len(word) < 2 or word in stopwords:
            continue
        if word.isdigit():
            terms.append(word)
        else:
            terms.extend(_word_terms(word))
    return terms


@dataclass(frozen=True)
class Concept:
    """One word of the resident and the index terms that answer it, with their weights."""

    word: str
    terms: dict[str, float]
    weight: float = 1.0  # how much the word counts: less for a context word (config/context_words.txt)


def query_concepts(text: str) -> list[Concept]:
    """One ``Concept`` per word of a query that is not a stopword, in order, without duplicates."""
    config = _config()
    synonyms = config.synonyms
    concepts = []
    seen = set()
    for word in _words(text):
        own = _term(word)
        if word in seen or not own:
            continue
        seen.add(word)
        terms = {own: 1.0}
        for term in _part_terms(word):
            terms.setdefault(term, PART_WEIGHT)
        for term in synonyms.get(own, ()):
            terms.setdefault(term, SYNONYM_WEIGHT)
        concepts.append(Concept(word, terms, CONTEXT_WEIGHT if own in config.context else 1.0))
    return concepts
