"""The Dutch text analysis of the social-map search (no database needed)."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenplan.socialmap.text import (
    CONFIG_DIR,
    Concept,
    _config,
    _read_config,
    check_config,
    compound_parts,
    index_terms,
    normalise,
    query_concepts,
    stem,
)

COURIER = "Vrijwillige bezorgers gezocht: rij mee met de bus van de voedselbank en help bij het uitdelen"
TERM = re.compile(r"[a-z0-9]{2,}")


def test_normalise():
    assert normalise("Café Ëlla") == ["cafe", "ella"]
    assert normalise("Café-ontmoeting") == ["cafe", "ontmoeting"]
    assert normalise("’s Avonds met m'n auto's") == ["s", "avonds", "met", "mn", "autos"]
    assert normalise("Ĳsselstein: 65+, € 12,50; ß") == ["ijsselstein", "65", "12", "50", "ss"]
    assert normalise("  --  ") == []


def test_stopwords_removed_but_not_domain_words():
    assert index_terms("Hij wil graag met de bus en zou ook niet naar het werk kunnen") == ["bus", "werk"]
    assert index_terms("samen alleen hulp helpen thuis") == ["saam", "alleen", "hulp", "help", "thuis"]
    assert query_concepts("de het een ik wil graag") == []


def test_stems_join_inflections():
    assert stem("wandelen") == stem("wandeling") == stem("wandel") == "wandel"
    assert stem("koken") == stem("kookt") == "kook"
    assert stem("diensten") == stem("dienst") == "dienst"
    assert stem("vrijwilligers") == stem("vrijwilliger") == stem("vrijwillige") == "vrijwil"
    assert set(index_terms("wandelen")) & set(query_concepts("wandeling")[0].terms)


def test_stems_keep_ge_and_parents_apart_from_the_elderly():
    # Plain Snowball gives zin, zon, meen, ldzaak: its ge- removal is switched off.
    words = ["gezin", "gezinnen", "gezondheid", "gemeente", "geldzaken"]
    assert [stem(w) for w in words] == ["gezin", "gezin", "gezond", "gemeent", "geldzaak"]
    assert stem("ouders") == stem("ouder") == "ouders"
    assert stem("ouderen") == stem("oudere") == "ouderen"
    assert stem("maatjes") == "maatje"  # not "maat", a prefix of "maatschappelijk"


def test_stem_limits():
    # Known limits of the stemmer; the synonym groups join these.
    assert (stem("fiets"), stem("fietsen")) == ("fiet", "fiets")
    assert (stem("schuld"), stem("schulden")) == ("schuld", "schul")
    assert (stem("meerijden"), stem("meerijdt")) == ("meerijd", "meerijdt")
    assert "fiet" in query_concepts("fietsen")[0].terms


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("boodschappendienst", ("boodschappen", "dienst")),
        ("vrijwilligerswerk", ("vrijwilliger", "werk")),
        ("maaltijdservice", ("maaltijd", "service")),
        ("buurthuis", ("buurt", "huis")),
        ("taalcafe", ("taal", "cafe")),
        ("klussendienst", ("klussen", "dienst")),
        ("ontmoetingsplek", ("ontmoeting", "plek")),
        ("ouderenwerk", ("ouderen", "werk")),
        ("schuldhulpverlening", ("schuld", "hulpverlening")),
        ("buurtsportcoach", ("buurt", "sport", "coach")),
        ("hondenuitlaatservice", ("honden", "uitlaat", "service")),
        ("kinderboerderij", ("kinder", "boerderij")),
        ("meerijden", ("mee", "rijden")),
    ],
)
def test_compound_splits(word, parts):
    assert compound_parts(word) == parts


@pytest.mark.parametrize(
    "word",
    ["vrijwilliger", "vrijwilligers", "boodschappen", "wandelen", "kinderen", "huisarts", "telefoonnummer"],
)
def test_words_that_do_not_split(word):
    assert compound_parts(word) == ()


def test_index_terms_of_compounds():
    assert index_terms("Boodschappendienst") == ["boodschappendienst", "boodschap", "dienst"]
    assert index_terms("taalcafé") == ["taalcafe", "taal", "cafe"]
    assert index_terms("meerijden") == ["meerijd", "rijd"]  # "mee" is a stopword: no term
    assert index_terms("koken, koken") == ["kook", "kook"]  # frequency is kept


def test_query_concepts_with_weights_and_synonyms():
    meerijden, helpen = query_concepts("hij wil graag meerijden en helpen")
    assert (meerijden.word, helpen.word) == ("meerijden", "helpen")
    assert meerijden.terms["meerijd"] == 1.0
    assert meerijden.terms["rijd"] == 0.8
    assert meerijden.terms["bezorger"] == meerijden.terms["taxi"] == 0.6  # in two groups
    assert helpen.terms["help"] == 1.0
    assert helpen.terms["vrijwil"] == helpen.terms["hulp"] == 0.6
    assert {weight for c in (meerijden, helpen) for weight in c.terms.values()} == {1.0, 0.8, 0.6}
    courier = set(index_terms(COURIER))
    assert courier & set(meerijden.terms)
    assert courier & set(helpen.terms)


def test_synonyms_are_symmetric_and_by_stem():
    assert query_concepts("bus")[0].terms["meerijd"] == 0.6
    assert query_concepts("Eenzaamheid")[0].terms["alleen"] == 0.6  # eenzaamheid -> eenzaam
    assert query_concepts("ouderen")[0].terms.keys().isdisjoint({"ouders", "opvoed"})


def test_query_concepts_keep_order_and_drop_duplicates():
    assert [c.word for c in query_concepts("Koken, wandelen en koken; KOKEN")] == ["koken", "wandelen"]
    assert query_concepts("tuinieren") == [Concept("tuinieren", query_concepts("tuinieren")[0].terms)]


def test_shipped_configuration_is_clean():
    assert check_config() == []
    config = _config()
    assert {"samen", "alleen", "hulp", "helpen", "thuis", "ouders", "ouderen"}.isdisjoint(config.stopwords)
    assert 100 <= len(config.stopwords) <= 200
    assert 150 <= len(config.parts) <= 250
    groups = json.loads((CONFIG_DIR / "synonyms.json").read_text(encoding="utf-8"))
    assert 40 <= len(groups) <= 70


def test_configuration_problems_are_reported(tmp_path):
    (tmp_path / "stopwords.txt").write_text("# comment\nde  # article\ntwee woorden\n", encoding="utf-8")
    (tmp_path / "compound_parts.txt").write_text("huis\nje\n", encoding="utf-8")
    (tmp_path / "context_words.txt").write_text("vrouw\nmijn vrouw\n", encoding="utf-8")
    (tmp_path / "synonyms.json").write_text(
        json.dumps([{"words": ["koken", "eten", "de", "samen eten"]}, {"words": ["bus"]}, "x"]),
        encoding="utf-8",
    )
    config, problems = _read_config(tmp_path)
    assert config.stopwords == {"de"}
    assert config.parts == {"huis"}
    assert config.synonyms == {"kook": ("eet",), "eet": ("kook",)}
    assert config.context == {"vrouw"}
    assert len(problems) == 7


words = st.sampled_from(["Café", "meerijden", "’s", "vrijwilligerswerk", "ĳs", "de", "65+", "ouderen"])


@given(st.lists(st.text() | words).map(" ".join))
def test_any_text_gives_clean_terms(text):
    assert all(TERM.fullmatch(term) for term in index_terms(text))
    for concept in query_concepts(text):
        assert TERM.fullmatch(concept.word)
        assert concept.terms
        assert all(
            TERM.fullmatch(term) and weight in (1.0, 0.8, 0.6) for term, weight in concept.terms.items()
        )


def test_context_words_count_less():
    concepts = {concept.word: concept.weight for concept in query_concepts("sinds mijn vrouw overleden is")}
    assert concepts == {"vrouw": 0.3, "overleden": 1.0}  # "sinds", "mijn", "is" are stopwords
