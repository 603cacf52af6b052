"""The survey pages through the client: the policy advisor and the functional admin of the gemeente
manage its rounds (everyone else: 404, also a policy advisor of another gemeente); whoever has a link
answers without logging in, once."""

import csv
import datetime
import io
import re

import pytest

from eenplan.core.models import ProcessingLogEntry
from eenplan.surveys import actions
from eenplan.surveys.models import Answer, Invitation, Response, Survey
from eenplan.surveys.queries import token_hash

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


# -- managing ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["policy_advisor", "functional_admin"])
def test_the_list_shows_the_surveys_of_the_own_gemeente(
    client, world, make_survey, respond, other_advisor, who
):
    survey = make_survey(title="Thermometer voorjaar")
    respond(survey, "policy", 3)
    make_survey(title="Ronde van Amsterdam", actor=other_advisor)
    client.force_login(getattr(world, who))

    response = client.get("/enquete/beheer/")

    assert response.status_code == 200
    text = page(response)
    assert "Thermometer voorjaar" in text and f'href="/enquete/beheer/{survey.pk}/"' in text
    assert "Ronde van Amsterdam" not in text
    assert re.search(r"numeric-column\">1</td>", text)  # one response


def test_everyone_else_gets_404_on_every_managing_page(client, world, make_survey, other_advisor):
    survey = make_survey()
    urls = [
        "/enquete/beheer/",
        "/enquete/beheer/nieuw/",
        f"/enquete/beheer/{survey.pk}/",
        f"/enquete/beheer/{survey.pk}/uitnodigingen/",
    ]
    others = [u for u in world.all_users() if u not in (world.policy_advisor, world.functional_admin)]
    for user in others:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        assert (
            client.post(
                f"/enquete/beheer/{survey.pk}/uitnodigingen/", {"layer": "policy", "count": 2}
            ).status_code
            == 404
        )
    client.force_login(other_advisor)
    for url in urls[2:]:
        assert client.get(url).status_code == 404, url
    response = client.post(f"/enquete/beheer/{survey.pk}/uitnodigingen/", {"layer": "policy", "count": 2})
    assert response.status_code == 404
    assert client.post(f"/enquete/beheer/{survey.pk}/uitnodigingen.csv", {"tokens": "x"}).status_code == 404
    assert Invitation.objects.count() == 0


def test_the_policy_advisor_makes_a_survey(client, world, today):
    client.force_login(world.policy_advisor)
    form = page(client.get("/enquete/beheer/nieuw/"))
    assert form.count('type="checkbox"') == 24 and form.count("checked") == 24

    response = client.post(
        "/enquete/beheer/nieuw/",
        {
            "title": "Thermometer najaar",
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=21)).isoformat(),
            "statements": [
                s.pk for s in Survey.statements.field.related_model.objects.filter(theme__code="regie")
            ],
        },
    )

    survey = Survey.objects.get()
    assert response.status_code == 302 and response.url == f"/enquete/beheer/{survey.pk}/"
    assert (survey.title, survey.opens_on, survey.created_by) == (
        "Thermometer najaar",
        today,
        world.policy_advisor,
    )
    assert sorted(survey.statements.values_list("code", flat=True)) == [
        "regie-clear",
        "regie-mandate",
        "regie-resident",
    ]


def test_a_survey_that_closes_before_it_opens_is_shown_again(client, world, today):
    client.force_login(world.policy_advisor)
    response = client.post(
        "/enquete/beheer/nieuw/",
        {
            "title": "Ronde",
            "opens_on": today.isoformat(),
            "closes_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "De enquête moet sluiten op of na de dag dat hij opengaat." in page(response)
    assert Survey.objects.count() == 0


def test_the_survey_page_shows_counts_per_layer_and_the_results(client, world, make_survey, respond):
    survey = make_survey(themes=["prevention", "finances"])
    for _index in range(5):
        respond(survey, "policy", 4)
    for score in (2, 2, 2, 3, 3):
        respond(survey, "execution", score)
    respond(survey, "residents", 3)
    actions.invitations_create(actor=world.policy_advisor, survey=survey, layer="residents", count=3)
    client.force_login(world.policy_advisor)

    text = page(client.get(f"/enquete/beheer/{survey.pk}/"))

    rows = re.findall(r'scope="row">([^<]+)</th>((?:\s*<td[^>]*>[^<]*</td>)+)', text)
    cells = {label: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for label, cells in rows}
    assert cells["Beleid"] == ["5", "5"]  # links made, responses
    assert cells["Uitvoering"] == ["5", "5"]
    assert cells["Inwoners"] == ["4", "1"]
    assert cells["Raad en college"] == ["0", "0"]
    assert cells["Aantal ingevuld"] == ["&lt; 5", "&lt; 5", "5", "5", "&lt; 5", "&lt; 5", "", ""]
    assert '<th class="utrecht-table__header-cell" scope="row">Preventie</th>' in text
    assert cells["Preventie"][:6] == ["—", "—", "4,0", "2,4", "—", "—"]
    assert cells["Preventie"][6] == "1,6"
    assert "Ja: Uitvoering het laagst, Beleid het hoogst" in text
    assert 'action="/enquete/beheer/' in text and "Uitnodigingen maken" in text


def test_making_links_shows_them_once_and_offers_a_csv(client, world, make_survey):
    survey = make_survey()
    client.force_login(world.policy_advisor)

    response = client.post(f"/enquete/beheer/{survey.pk}/uitnodigingen/", {"layer": "partners", "count": 3})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = page(response)
    links = re.findall(r"http://testserver/enquete/([A-Za-z0-9_-]{32})/", text)
    assert len(links) == 3 and len(set(links)) == 3
    assert "3 nieuwe links voor Partners" in text
    assert sorted(Invitation.objects.values_list("token_hash", flat=True)) == sorted(
        token_hash(t) for t in links
    )
    assert set(Invitation.objects.values_list("layer", flat=True)) == {"partners"}
    hidden = re.search(r'name="tokens" value="([^"]+)"', text).group(1)

    download = client.post(
        f"/enquete/beheer/{survey.pk}/uitnodigingen.csv", {"tokens": hidden + " vreemd-token"}
    )

    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == f'attachment; filename="enquete-{survey.pk}-links.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode()), delimiter=";"))
    assert rows == [["laag", "link"]] + [["Partners", f"http://testserver/enquete/{t}/"] for t in links]
    # The detail page never shows them again.
    assert not any(token in page(client.get(f"/enquete/beheer/{survey.pk}/")) for token in links)


def test_the_csv_writes_no_links_of_another_survey(client, world, make_survey):
    mine, other = make_survey(), make_survey(title="Andere ronde")
    foreign = actions.invitations_create(actor=world.policy_advisor, survey=other, layer="policy", count=2)
    client.force_login(world.policy_advisor)

    response = client.post(f"/enquete/beheer/{mine.pk}/uitnodigingen.csv", {"tokens": " ".join(foreign)})

    assert response.status_code == 302 and response.url == f"/enquete/beheer/{mine.pk}/"


def test_a_wrong_count_shows_the_survey_page_with_the_error(client, world, make_survey):
    survey = make_survey()
    client.force_login(world.functional_admin)

    response = client.post(f"/enquete/beheer/{survey.pk}/uitnodigingen/", {"layer": "partners", "count": 0})

    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde minstens 1 is." in page(response)
    assert Invitation.objects.count() == 0


# -- answering -----------------------------------------------------------------------------------------------


@pytest.fixture
def link(world, make_survey):
    survey = make_survey(themes=["prevention", "regie"], title="Thermometer Zwolle")
    token = actions.invitations_create(actor=world.policy_advisor, survey=survey, layer="execution", count=1)[
        0
    ]
    return survey, token


def test_the_answer_page_needs_no_login_and_groups_the_statements_by_theme(client, link):
    _survey, token = link

    response = client.get(f"/enquete/{token}/")

    assert response.status_code == 200
    text = page(response)
    assert "Thermometer Zwolle" in text
    assert "U vult de enquête in als: Uitvoering." in text
    assert text.count("<fieldset") == 7 and text.count("<legend") == 7
    assert text.count('type="radio"') == 7 * 6
    assert re.findall(r'<h2 class="utrecht-heading-2">([^<]+)</h2>', text) == ["Preventie", "Regie"]
    labels = re.findall(r'utrecht-form-label--radio" for="id_prevention-early_\d">([^<]+)</label>', text)
    assert labels == ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens", "Weet ik niet"]
    assert "1. Problemen worden vroeg gezien, voordat ze groot worden." in text
    assert "7. Wie de regie heeft, mag ook knopen doorhakken." in text
    assert "<textarea" not in text and 'type="text"' not in text


def test_answering_stores_the_answers_and_thanks(client, link, today):
    survey, token = link
    codes = list(survey.statements.values_list("code", flat=True))
    data = dict.fromkeys(codes, "4")
    data["regie-mandate"] = "x"
    log_rows = ProcessingLogEntry.objects.count()

    response = client.post(f"/enquete/{token}/", data)

    assert response.status_code == 302 and response.url == "/enquete/bedankt/"
    assert "Uw antwoorden zijn ontvangen." in page(client.get(response.url))
    stored = Response.objects.get()
    assert (stored.survey, stored.layer, stored.submitted_on) == (survey, "execution", today)
    assert dict(Answer.objects.values_list("statement__code", "score")) == {
        code: None if code == "regie-mandate" else 4 for code in codes
    }
    assert ProcessingLogEntry.objects.count() == log_rows
    # The link is used: the page says so, and a second post changes nothing.
    again = client.get(f"/enquete/{token}/")
    assert again.status_code == 200
    assert "Met deze link zijn de antwoorden al ontvangen." in page(again)
    assert client.post(f"/enquete/{token}/", dict.fromkeys(codes, "1")).status_code == 200
    assert (Response.objects.count(), Answer.objects.filter(score=1).count()) == (1, 0)


def test_a_missing_answer_shows_the_form_again_and_stores_nothing(client, link):
    survey, token = link
    data = dict.fromkeys(survey.statements.values_list("code", flat=True), "3")
    del data["prevention-early"]

    response = client.post(f"/enquete/{token}/", data)

    assert response.status_code == 200
    text = page(response)
    assert "Kies een antwoord. Weet u het niet? Kies dan “Weet ik niet”." in text
    assert re.findall(r'<a class="utrecht-link" href="#(id_[\w-]+)">([^<]+)</a>', text) == [
        ("id_prevention-early_0", "1. Problemen worden vroeg gezien, voordat ze groot worden.")
    ]
    assert 'id="id_prevention-early_0"' in text
    assert (Response.objects.count(), Answer.objects.count()) == (0, 0)
    assert Invitation.objects.get().used is False


def test_an_unknown_link_is_404_and_a_closed_survey_says_so(client, link, today):
    survey, token = link
    response = client.get("/enquete/dit-is-geen-geldige-code/")
    assert response.status_code == 404
    assert "Deze link kennen we niet." in page(response)

    Survey.objects.filter(pk=survey.pk).update(
        closes_on=today - datetime.timedelta(days=1), opens_on=today - datetime.timedelta(days=9)
    )
    response = client.get(f"/enquete/{token}/")
    assert response.status_code == 200
    assert "Deze enquête is gesloten. Antwoorden kan niet meer." in page(response)
    assert "<fieldset" not in page(response)


def test_a_staff_member_without_two_factor_can_still_answer(client, link, world, settings):
    """A consultant answers for the execution layer while logged in without 2FA: the page is exempt."""
    settings.EENPLAN_REQUIRE_2FA = True
    survey, token = link
    client.force_login(world.consultant)
    assert client.get("/enquete/beheer/").status_code == 302  # the rest still asks for 2FA
    assert client.get(f"/enquete/{token}/").status_code == 200
    data = dict.fromkeys(survey.statements.values_list("code", flat=True), "5")
    assert client.post(f"/enquete/{token}/", data).url == "/enquete/bedankt/"
    assert client.get("/enquete/bedankt/").status_code == 200


def test_no_links_for_a_closed_survey_and_the_page_says_why(client, world, make_survey, today):
    survey = make_survey(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=1)
    )
    client.force_login(world.policy_advisor)
    assert "Uitnodigingen maken" not in page(client.get(f"/enquete/beheer/{survey.pk}/"))

    response = client.post(f"/enquete/beheer/{survey.pk}/uitnodigingen/", {"layer": "policy", "count": 2})

    assert response.status_code == 200
    assert "Deze enquête is gesloten. Er kunnen geen links meer bij." in page(response)
    assert Invitation.objects.count() == 0
