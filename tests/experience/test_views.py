"""The questionnaire page: only for the resident with an open invitation; everyone else gets 404."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string

from eenplan.core.models import ProcessingLogEntry
from eenplan.experience.models import ExperienceAnswer, ExperienceParticipation
from eenplan.experience.queries import invitations_for

pytestmark = pytest.mark.django_db


def url(plan) -> str:
    return f"/mijn/ervaring/{plan.pk}/"


def test_the_resident_sees_the_questions_as_radio_groups_with_what_happens_to_the_answers(
    client, world, make_plan
):
    plan = make_plan(agreed_days_ago=120)
    client.force_login(world.resident)
    before = ProcessingLogEntry.objects.count()

    response = client.get(url(plan))

    assert response.status_code == 200
    page = response.content.decode()
    assert "We bewaren uw antwoorden zonder uw naam." in page
    assert "Meedoen mag, het hoeft niet." in page
    assert "de hulp om thuis te wonen en mee te doen" in page
    assert page.count("<fieldset") == 9
    assert page.count('type="radio"') == 9 * 6
    assert "<legend" in page and "1. Ik wist waar ik met mijn vraag terecht kon." in page
    assert "Weet ik niet" in page
    assert "<textarea" not in page and 'type="text"' not in page
    entry = ProcessingLogEntry.objects.order_by("-sequence").first()
    assert ProcessingLogEntry.objects.count() == before + 1
    assert (entry.actor_id, entry.action, entry.object_id, entry.description) == (
        world.resident.pk,
        "read",
        str(plan.pk),
        "Vragen over de hulp bekeken",
    )


def test_answering_stores_the_answers_and_thanks_the_resident_on_the_start_page(client, world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    client.force_login(world.resident)

    response = client.post(url(plan), {"knew-where-to-go": "5", "helped-quickly": "x", "fits-needs": "3"})

    assert response.status_code == 302
    assert response.url == "/mijn/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Dank u wel voor uw antwoorden. Zo kunnen we de hulp beter maken."
    ]
    assert ExperienceParticipation.objects.get().plan == plan
    assert sorted(ExperienceAnswer.objects.values_list("question_code", "value")) == [
        ("fits-needs", 3),
        ("helped-quickly", None),
        ("knew-where-to-go", 5),
    ]
    assert client.get(url(plan)).status_code == 404  # answered: no longer open


def test_an_empty_form_is_shown_again_with_a_message_and_stores_nothing(client, world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    client.force_login(world.resident)

    response = client.post(url(plan), {})

    assert response.status_code == 200
    assert "Beantwoord minstens één vraag." in response.content.decode()
    assert ExperienceParticipation.objects.count() == 0
    assert ExperienceAnswer.objects.count() == 0


def test_another_resident_gets_404_and_nothing_is_stored(client, world, make_plan):
    plan = make_plan(household=world.south_household, agreed_days_ago=120)
    client.force_login(world.resident)

    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), {"helped-quickly": "4"}).status_code == 404
    assert ExperienceParticipation.objects.count() == 0
    assert ExperienceAnswer.objects.count() == 0


def test_a_consultant_who_sees_the_plan_gets_404(client, world, make_plan):
    plan = make_plan(agreed_days_ago=120)
    client.force_login(world.consultant)

    assert client.get(url(plan)).status_code == 404
    assert client.post(url(plan), {"helped-quickly": "4"}).status_code == 404
    assert ExperienceAnswer.objects.count() == 0


def test_a_plan_that_is_not_due_yet_gets_404(client, world, make_plan):
    plan = make_plan(agreed_days_ago=30)
    client.force_login(world.resident)

    assert client.get(url(plan)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, world, make_plan):
    plan = make_plan(agreed_days_ago=120)

    response = client.get(url(plan))

    assert response.status_code == 302
    assert "/account/" in response.url


def test_the_invitations_partial_links_to_each_plan_and_shows_nothing_without_invitations(world, make_plan):
    assert render_to_string("experience/partials/invitations.html", {"invitations": []}).strip() == ""

    plan = make_plan(agreed_days_ago=120)
    html = render_to_string(
        "experience/partials/invitations.html", {"invitations": invitations_for(world.resident)}
    )

    assert "Hoe vindt u de hulp?" in html
    assert "Uw antwoorden zijn anoniem." in html
    assert f'href="/mijn/ervaring/{plan.pk}/"' in html
    assert "Vragen over de hulp om thuis te wonen en mee te doen" in html
