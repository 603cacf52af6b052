"""Everything a resident reads is plain Dutch at B1 level (docs/readability.md).

Alice, a resident, has a melding with two conversations and an issued verslag, a running plan with goals
and agreements, a granted application and a sharing arrangement she consented to; staff, a partner and
a colleague in an emergency read her data, so her processing log has a sentence of every kind. Every page
she can open is rendered as her and checked with ``eenplan.core.readability.check``: the explicit list
of pages outside Mijn plan, plus every GET route of the ``portal`` and ``experience`` namespaces, found
in the URL resolver (so a new page is checked the day it is added). The generated texts (the verslag
draft, the processing-log sentences) are checked on their own as well.

A failure prints the page, its figures and its longest sentences: what a writer needs to fix it.
"""

import datetime

import pytest
from django.test import Client
from django.urls import NoReverseMatch
from django.utils import timezone

from eenplan.accounts.models import Partner, Role
from eenplan.assessment.models import Instrument, LifeDomain
from eenplan.core import readability
from eenplan.core.models import DataCategory, LegalBasis, ProcessingLogEntry, Purpose
from eenplan.core.queries import processing_log_in_plain_dutch
from eenplan.intake import actions as intake_actions
from eenplan.intake.models import SupportRequest
from eenplan.intake.report import draft_text
from eenplan.plans import actions as plan_actions
from eenplan.provisions import actions as provision_actions
from eenplan.provisions.models import Product
from eenplan.sharing import actions as sharing_actions
from eenplan.sharing.queries import access_shared_household_for
from tests.factories import UserFactory

# --- The world ------------------------------------------------------------------------------------

AGREED_DAYS_AGO = 100  # long enough for the experience questions (invited 90 days after agreeing)


@pytest.fixture
def alice_world(world) -> dict[str, int]:
    """Alice's records, made through the apps' actions; returns the id for every URL kwarg."""
    today = timezone.localdate()
    received_on = today - datetime.timedelta(days=AGREED_DAYS_AGO + 40)
    household = world.north_household
    alice = household.members.get(user=world.resident)
    bob, erin = world.consultant, world.decision_maker
    support_request = intake_actions.support_request_register(
        actor=bob, household=household, person=alice, received_on=received_on, channel="phone",
        reporter="resident", reporter_name="", laws=["wmo"], urgency="normal",
        question="Sinds mijn operatie kan ik het huis niet meer schoonmaken. Ik heb veel pijn in mijn rug.",
    )  # fmt: skip
    inquiry = intake_actions.inquiry_start(actor=bob, support_request=support_request)
    life_domains = Instrument.objects.get(code="life-domains")

    def domain(code):
        return LifeDomain.objects.get(instrument=life_domains, code=code)

    intake_actions.conversation_record(
        actor=bob, inquiry=inquiry, instrument=life_domains, held_on=received_on, place="bij Alice thuis",
        participants="Alice en haar zoon Bram", client_support_offered=True,
        what_matters="Ik wil zelf thuis blijven wonen. Ik wil mijn kleinkinderen blijven zien.",
        question_behind="Alice voelt zich alleen sinds haar man is overleden.",
        own_actions="Bram doet elke zaterdag de boodschappen.",
        ideas="Een keer per week samen eten in het buurthuis.",
        domain_scores=[
            {"domain": domain("housing"), "situation": "Het huis is te groot om zelf schoon te houden.",
             "own_strength": "Alice kookt nog zelf.", "network": "Bram helpt in het weekend.",
             "resident_score": 2, "professional_score": 3},
            {"domain": domain("physical-health"), "situation": "Alice heeft pijn in haar rug.",
             "resident_score": 2, "professional_score": 2},
        ],
    )  # fmt: skip
    intake_actions.conversation_record(
        actor=bob, inquiry=inquiry, instrument=None, domain_scores=[],
        held_on=received_on + datetime.timedelta(days=7), place="in het buurthuis", participants="Alice",
        what_matters="Ik wil weer mensen om me heen.",
    )  # fmt: skip
    report = intake_actions.report_draft(actor=bob, inquiry=inquiry)
    intake_actions.report_issue(actor=bob, report=report, issued_on=received_on + datetime.timedelta(days=10))
    intake_actions.report_response_record(
        actor=bob, report=report, response="Het klopt. Ik wil graag op dinsdag hulp.", agrees=True
    )

    plan = plan_actions.plan_create(actor=bob, support_request=support_request)
    goal = plan_actions.goal_add(
        actor=bob, plan=plan, version=plan.version, text="Mijn huis is schoon en ik voel me er goed",
        target_date=today + datetime.timedelta(days=90),
    )  # fmt: skip
    plan.refresh_from_db()
    plan_actions.goal_add(actor=bob, plan=plan, version=plan.version, text="Ik zie elke week andere mensen")
    plan.refresh_from_db()
    plan_actions.agreement_add(
        actor=bob, plan=plan, version=plan.version, kind="resident", goal=goal, person=alice,
        description="Alice kookt zelf en doet de afwas",
    )  # fmt: skip
    plan.refresh_from_db()
    plan_actions.agreement_add(
        actor=bob, plan=plan, version=plan.version, kind="team", goal=goal,
        description="Bob belt elke maand om te horen hoe het gaat",
    )  # fmt: skip
    plan.refresh_from_db()
    provider = Partner.objects.create(
        municipality=household.municipality, name="Thuiszorg De Linde", kind=Partner.Kind.CARE_PROVIDER,
        agb_code="42420002",
    )  # fmt: skip
    application = provision_actions.application_submit(
        actor=bob, plan=plan, version=plan.version, product=Product.objects.get(code="wmo-hh"),
        person=alice, volume=3, starts_on=received_on + datetime.timedelta(days=20),
        ends_on=received_on + datetime.timedelta(days=384), goal=goal,
        motivation="Alice kan door haar rug niet schoonmaken. Bram heeft geen tijd.",
        received_on=received_on + datetime.timedelta(days=12),
    )  # fmt: skip
    provision_actions.advice_give(
        actor=bob, application=application, recommendation="grant", volume=3,
        reasons="Hulp bij het huishouden past bij het doel.",
    )  # fmt: skip
    decision = provision_actions.decision_make(
        actor=erin, application=application, outcome="grant", volume=3,
        reasons="U krijgt hulp bij het huishouden, drie uur per week.",
    )  # fmt: skip
    provision_actions.allocation_make(
        actor=erin, decision=decision, provider=provider, volume=3, starts_on=decision.starts_on,
        ends_on=decision.ends_on,
    )  # fmt: skip
    plan.refresh_from_db()
    plan_actions.plan_agree(
        actor=bob, plan=plan, version=plan.version, how="verbal",
        agreed_on=today - datetime.timedelta(days=AGREED_DAYS_AGO),
    )  # fmt: skip
    plan.refresh_from_db()
    plan_actions.plan_activate(actor=bob, plan=plan, version=plan.version)

    arrangement = sharing_actions.arrangement_grant(
        actor=bob, household=household, partner=world.partner_professional.partner,
        purpose=Purpose.objects.get(code="care-coordination"),
        categories=list(DataCategory.objects.filter(code__in=["health", "plan-agreements"])),
        legal_basis=LegalBasis.objects.get(code="consent"), starts_on=today,
        ends_on=today + datetime.timedelta(days=180), consent_given_by="Alice Jansen",
        consent_form="verbal", note="De huisarts stemt de zorg voor haar rug af op het plan.",
    )  # fmt: skip
    access_shared_household_for(world.partner_professional, household.pk, channel="screen")
    colleague = UserFactory(username="wendy", role=Role.CONSULTANT, team=world.other_consultant.team)
    sharing_actions.break_glass_start(
        actor=colleague, household=household, reason="Alice is gevallen en Bob is op vakantie."
    )
    return {
        "household_id": household.pk,
        "person_id": alice.pk,
        "support_request_id": support_request.pk,
        "plan_id": plan.pk,
        "application_id": application.pk,
        "arrangement_id": arrangement.pk,
    }


# --- The pages ------------------------------------------------------------------------------------

# The only exceptions (docs/readability.md, "Exceptions"); each is declared on its route in
# eenplan/core/readability.py and must be listed here as well, on purpose.
EXCEPTIONS = {
    # The inzage shows every stored record as it is stored (AVG art. 15: a copy of all personal data):
    # the values are what staff typed and what the system keeps (codes, dates, version snapshots), not
    # our wording. Everything else on the page is checked: the introduction, the titles of the records,
    # the names of the fields, and the explanation of the words they use.
    "privacy:access_request": frozenset({"privacy-value"}),
}


def _failure(name: str, text: readability.Text, problems: list[str]) -> str:
    return "\n".join([readability.report(name, text), "Problemen:", *(f"  - {p}" for p in problems)])


def _check_page(client: Client, route: readability.Route, ids: dict[str, int]) -> None:
    try:
        url = readability.url_for(route, ids)
    except readability.UnknownKwarg as error:
        pytest.fail(str(error))
    response = client.get(url, follow=True)
    if response.status_code == 405:
        pytest.skip(f"{route.name} answers only POST: an action, not a page")
    assert response.status_code == 200, f"{route.name} ({url}) answered {response.status_code}"
    if not response["Content-Type"].startswith("text/html"):
        pytest.skip(f"{route.name} is not a page ({response['Content-Type']})")
    text = readability.text_from_html(response.content.decode(), skip_classes=route.skip_classes)
    problems = readability.check(text)
    assert not problems, _failure(f"{route.name} ({url})", text, problems)


@pytest.mark.parametrize("route", readability.RESIDENT_PAGES, ids=lambda route: route.name)
def test_resident_page_is_plain_dutch(route, world, alice_world):
    client = Client()
    client.force_login(world.resident)
    _check_page(client, route, alice_world)


@pytest.mark.parametrize(
    "route", readability.namespace_routes(readability.RESIDENT_NAMESPACES), ids=lambda route: route.name
)
def test_portal_page_is_plain_dutch(route, world, alice_world):
    """Every GET route of Mijn plan and the experience questions; none yet is fine."""
    client = Client()
    client.force_login(world.resident)
    _check_page(client, route, alice_world)


@pytest.mark.parametrize("route", readability.ANONYMOUS_PAGES, ids=lambda route: route.name)
def test_anonymous_page_is_plain_dutch(route, db):
    _check_page(Client(), route, {})


def test_the_exceptions_are_the_documented_ones():
    routes = [
        *readability.RESIDENT_PAGES,
        *readability.ANONYMOUS_PAGES,
        *readability.namespace_routes(readability.RESIDENT_NAMESPACES),
    ]
    assert {route.name: route.skip_classes for route in routes if route.skip_classes} == EXCEPTIONS


def test_an_unknown_url_kwarg_fails_with_a_clear_message():
    route = readability.Route("portal:goal", ("plan_id", "goal_id"))
    with pytest.raises(readability.UnknownKwarg, match="goal_id"):
        readability.url_for(route, {"plan_id": 1})


def test_every_explicit_page_reverses_with_the_world_kwargs():
    """A renamed URL in the explicit list fails here, not as a mysterious 404."""
    ids = dict.fromkeys(readability.WORLD_KWARGS, 1)
    for route in (*readability.RESIDENT_PAGES, *readability.ANONYMOUS_PAGES):
        try:
            readability.url_for(route, ids)
        except NoReverseMatch as error:  # pragma: no cover - the message is the point
            pytest.fail(f"{route.name}: {error}")


# --- Generated texts ------------------------------------------------------------------------------


def test_report_draft_is_plain_dutch(world, alice_world):
    inquiry = SupportRequest.objects.get(pk=alice_world["support_request_id"]).inquiry
    text = readability.text_from_plain(draft_text(inquiry))
    problems = readability.check(text)
    assert not problems, _failure("verslag (concept)", text, problems)


def test_processing_log_sentences_are_plain_dutch(world, alice_world):
    entries = ProcessingLogEntry.objects.filter(household_id=alice_world["household_id"]).order_by(
        "-sequence"
    )
    assert {entry.object_type for entry in entries} >= {
        "support_request", "inquiry", "conversation", "inquiry_report", "plan", "application",
        "allocation", "arrangement", "shared_file", "break_glass",
    }  # fmt: skip
    sentences = [item.sentence for day in processing_log_in_plain_dutch(entries) for item in day.entries]
    text = readability.text_from_sentences(sentences)
    problems = readability.check(text)
    assert not problems, _failure("verwerkingen in gewone taal", text, problems)


# --- The check itself -----------------------------------------------------------------------------

PLAIN = (
    "Wij helpen u graag. U belt ons op een dag die u past. Dan maken we een afspraak voor een gesprek. "
    "In het gesprek vertelt u wat er niet goed gaat. We kijken samen wat u zelf kunt doen. En wat de "
    "mensen om u heen kunnen doen. Soms is dat niet genoeg. Dan zoeken we hulp in de buurt. Of de "
    "gemeente regelt hulp voor u. U krijgt daarna een verslag van het gesprek. Lees het goed. Klopt er "
    "iets niet? Zeg het ons dan. Wij passen het verslag aan. Daarna maken we samen een plan. In het plan "
    "staat wie wat doet. U zet uw naam onder het plan als u het goed vindt."
)
# Wmo 2015 art. 2.3.5 lid 3, in the words of the law: one sentence of 71 words.
OFFICIAL = (
    "Het college beslist tot verstrekking van een maatwerkvoorziening ter compensatie van de beperkingen "
    "in de zelfredzaamheid en participatie van de cliënt, voor zover de cliënt deze beperkingen naar het "
    "oordeel van het college niet op eigen kracht, met gebruikelijke hulp, met mantelzorg of met hulp van "
    "andere personen uit zijn sociale netwerk dan wel met gebruikmaking van algemene voorzieningen kan "
    "verminderen of wegnemen, waarbij rekening wordt gehouden met de persoonlijke omstandigheden."
)


def test_the_score_is_flesch_douma_with_dutch_syllables():
    """206.835 − 0.93 × words per sentence − 77 × syllables per word, syllables from pyphen's Dutch
    hyphenation, computed here without textstat."""
    import pyphen

    hyphenator = pyphen.Pyphen(lang="nl")
    sentences = readability.text_from_plain(PLAIN).units
    words = [word for sentence in sentences for word in readability.words_of(sentence)]
    syllables = sum(len(hyphenator.positions(word.lower())) + 1 for word in words)
    assert (len(sentences), len(words)) == (17, 116)
    expected = 206.835 - 0.93 * len(words) / len(sentences) - 77 * syllables / len(words)
    measurement = readability.measure(PLAIN)
    assert measurement.score == round(expected, 1)
    assert measurement.score == 107.6  # Flesch scores run above 100 for very short words and sentences
    assert readability.check(PLAIN) == []


def test_official_language_fails_on_every_count():
    problems = readability.check(f"{OFFICIAL}\n{OFFICIAL}")
    assert [problem.split(" ")[0] for problem in problems] == [
        "Flesch-Douma",
        "Gemiddeld",
        "Zin",
        "Zin",
        "6%",
        "Moeilijk",
        "Moeilijk",
        "Moeilijk",
    ]
    assert "'maatwerkvoorziening'" in problems[5]
    assert "'algemene voorziening'" in problems[6]
    assert "'zelfredzaamheid'" in problems[7]


def test_a_short_text_is_judged_on_sentence_length_and_jargon_only():
    assert readability.measure("Log in met uw naam en wachtwoord.").score is None
    assert readability.check("Log in met uw naam en wachtwoord.") == []
    long = "U kunt " + " ".join(["heel"] * 17) + " goed lezen."
    assert readability.check(long) == [
        "Gemiddeld 21.0 woorden per zin, meer dan 15.",
        f"Zin van 21 woorden (meer dan 20): {long!r}",
    ]


def test_the_page_text_is_what_a_resident_reads_in_main():
    html = """<html><body><a class="utrecht-skip-link" href="#main">Naar de hoofdinhoud</a>
    <nav><a href="/">Mijn plan</a></nav>
    <main><h1>Uw plan</h1><p>In dit plan staat wat u wilt bereiken.</p>
    <script>var tekst = "geen tekst";</script><style>p { color: red }</style>
    <p hidden>Verborgen tekst.</p><span aria-hidden="true">Ook verborgen.</span>
    <nav aria-label="Inhoud"><a href="#a">Doelen</a></nav>
    <form><label for="n">Uw naam</label><input id="n" value="Jan de Vries" type="text">
    <input type="hidden" name="x" value="geheim"><textarea name="t">Wat ik typte</textarea>
    <button type="submit">Opslaan</button></form>
    <table><tr><th>Naam</th><td>Alice Jansen</td></tr></table>
    <ul><li>Eerste punt</li><li>Tweede <strong>punt</strong></li></ul><p>Bel ons<br>of mail ons.</p>
    <dl><dt class="value-label">Waarde</dt><dd class="privacy-value">Niet meegeteld</dd></dl>
    </main><footer><p>Voettekst</p></footer></body></html>"""
    text = readability.text_from_html(html, skip_classes=frozenset({"privacy-value"}))
    assert text.units == (
        "Uw plan",
        "In dit plan staat wat u wilt bereiken.",
        "Uw naam",
        "Opslaan",
        "Naam",
        "Alice Jansen",
        "Eerste punt",
        "Tweede punt",
        "Bel ons",
        "of mail ons.",
        "Waarde",
    )


def test_numbers_dates_references_and_addresses_are_not_language():
    text = (
        "Uw vraag M-000012 van huishouden HH-000001 kwam op maandag 23 november 2026 om 14:05 binnen bij "
        "J. de Vries. Hij woont op Hoofdstraat 12, 8011 AB Zwolle. Mail naar info@zwolle.nl of kijk op "
        "https://www.zwolle.nl/hulp. Dat staat in de AVG (art. 6 lid 1 sub e) en is bijv. ook zo op "
        "2026-11-23."
    )
    sentences = readability.sentences_of(text)
    assert sentences == [
        "Uw vraag van huishouden kwam op om binnen bij J de Vries.",
        "Hij woont op Hoofdstraat, Zwolle.",
        "Mail naar of kijk op.",
        "Dat staat in de AVG en is bijv ook zo op.",
    ]


@pytest.mark.parametrize(
    ("text", "explained"),
    [
        ("U krijgt een beschikking van ons.", False),
        ("U krijgt een beschikking (de brief met het besluit).", True),
        ("U krijgt een beschikking – de brief met het besluit.", True),
        ("U krijgt een beschikking. Dat is de brief met het besluit.", True),
        ("U krijgt de brief met het besluit. Dat heet een beschikking.", True),
        ("U krijgt twee beschikkingen.", False),
        ("Dat staat in de AVG (artikel 15).", False),  # a citation explains nothing
        ("Dat staat in de AVG, de wet die uw privacy beschermt.", True),
        ("AVG: de wet die uw privacy beschermt.", True),
        ("Twee keukentafelgesprekken.", False),
    ],
)
def test_jargon_needs_an_explanation_on_the_page(text, explained):
    assert bool(readability.measure(text).jargon) is not explained


def test_a_dfn_or_abbr_explains_a_word_for_the_whole_page():
    abbr = '<main><p>Zie de <abbr title="Algemene verordening gegevensbescherming">AVG</abbr>.</p></main>'
    dfn = (
        "<main><dl><dt><dfn>Grondslag</dfn></dt><dd>De reden in de wet.</dd></dl><p>De grondslag.</p></main>"
    )
    label = "<main><dl><dt>Grondslag</dt><dd>Publieke taak</dd></dl></main>"  # a label, not an explanation
    assert readability.measure(readability.text_from_html(abbr)).jargon == ()
    assert readability.measure(readability.text_from_html(dfn)).jargon == ()
    [use] = readability.measure(readability.text_from_html(label)).jargon
    assert use.term.word == "grondslag"


def test_routes_come_from_the_url_resolver():
    assert readability.namespace_routes(("no-such-namespace",)) == []
    routes = readability.namespace_routes(("privacy",))
    assert readability.Route("privacy:access_request", ("person_id",)) in routes
    assert readability.Route("privacy:retention") in routes


# --- The command for writers ---------------------------------------------------------------------


def test_the_command_scores_files(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    page = tmp_path / "pagina.html"
    page.write_text(f"<main><p>{PLAIN}</p></main>", encoding="utf-8")
    letter = tmp_path / "brief.txt"
    letter.write_text(OFFICIAL, encoding="utf-8")
    out = StringIO()
    call_command("readability", str(page), str(letter), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split() == [str(page), "107.6", "116", "17", "6.8", "0%", "0"]
    assert lines[2].split()[1:] == ["–", "71", "1", "71.0", "6%", "5"]  # too short for a score
    assert f"- {letter}: Zin van 71 woorden (meer dan 20)" in out.getvalue()


def test_the_command_renders_every_resident_page_and_keeps_nothing(world, alice_world):
    from io import StringIO

    from django.core.management import call_command

    before = ProcessingLogEntry.objects.count()
    out = StringIO()
    call_command("readability", resident="alice", stdout=out)
    names = [line.split()[0] for line in out.getvalue().splitlines()[1:] if line.strip()]
    assert {"core:my_processing_log", "privacy:access_request", "portal:plan", "accounts:login"} <= set(names)
    assert ProcessingLogEntry.objects.count() == before


def test_the_command_opens_pages_only_in_the_demo(world, settings):
    from django.core.management import CommandError, call_command

    settings.DEMO = False
    with pytest.raises(CommandError, match="Alleen in de demo"):
        call_command("readability", resident="alice")
