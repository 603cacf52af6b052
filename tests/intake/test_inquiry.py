"""Inquiry, kitchen-table conversation with scores side by side, and the verslag (HTML and PDF)."""

from datetime import date

import pytest

from eenplan.assessment.models import DomainScore
from eenplan.core.models import ProcessingLogEntry
from eenplan.intake import actions as intake_actions
from eenplan.intake.models import Conversation, Inquiry, InquiryReport

from .test_support_requests import OUTSIDERS, register

pytestmark = pytest.mark.django_db


def conversation_data(**overrides):
    data = {
        "instrument": "life-domains",
        "held_on": "2026-04-02",
        "place": "Aan de keukentafel",
        "participants": "Alice, haar zoon Bram en de consulent",
        "client_support_offered": "on",
        "what_matters": "Dat ik zelf boodschappen kan blijven doen.",
        "question_behind": "Ze voelt zich alleen sinds haar man overleed.",
        "social-network-situation": "Ziet weinig mensen.",
        "social-network-resident_score": "2",
        "social-network-professional_score": "3",
        "adl-situation": "",
        "own_actions": "Bram belt elke avond.",
        "ideas": "Eén dag per week meerijden met de bakker.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def started(client, world):
    support_request = register(world)
    client.force_login(world.consultant)
    response = client.post(f"/meldingen/{support_request.pk}/onderzoek/starten/")
    assert response["Location"] == f"/meldingen/{support_request.pk}/onderzoek/"
    return support_request


def test_a_conversation_records_only_the_domains_that_matter_with_both_scores(client, world, started):
    response = client.post(f"/meldingen/{started.pk}/onderzoek/gesprek/", conversation_data())
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.what_matters == "Dat ik zelf boodschappen kan blijven doen."
    assert conversation.client_support_offered is True
    scores = list(DomainScore.objects.values_list("domain__code", "resident_score", "professional_score"))
    assert scores == [("social-network", 2, 3)]
    assert conversation.assessment.person == started.person
    entry = ProcessingLogEntry.objects.filter(object_type="conversation").get()
    assert (entry.action, entry.categories) == ("create", ["conversation-notes", "situation-assessment"])
    page = client.get(f"/meldingen/{started.pk}/onderzoek/").text
    assert "Sociaal netwerk" in page or "sociaal netwerk" in page.lower()


def test_a_health_domain_is_logged_as_health_data(client, world, started):
    client.post(
        f"/meldingen/{started.pk}/onderzoek/gesprek/",
        conversation_data(**{"mental-health-situation": "Somber", "mental-health-resident_score": "2"}),
    )
    entry = ProcessingLogEntry.objects.filter(object_type="conversation").get()
    assert "health" in entry.categories


def test_a_score_outside_the_scale_is_refused_and_nothing_is_saved(client, world, started):
    response = client.post(
        f"/meldingen/{started.pk}/onderzoek/gesprek/",
        conversation_data(**{"social-network-resident_score": "9"}),
    )
    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld" in response.text
    assert Conversation.objects.count() == 0
    assert DomainScore.objects.count() == 0


def test_no_domains_by_default(client, world, started):
    page = client.get(f"/meldingen/{started.pk}/onderzoek/gesprek/").text
    assert "<details" in page and '<details class="eenplan-details eenplan-card" open' not in page
    client.post(
        f"/meldingen/{started.pk}/onderzoek/gesprek/",
        conversation_data(**{"social-network-situation": "", "social-network-resident_score": "",
                             "social-network-professional_score": ""}),
    )  # fmt: skip
    conversation = Conversation.objects.get()
    assert conversation.assessment is None


def test_report_is_drafted_edited_issued_and_answered(client, world, started):
    client.post(f"/meldingen/{started.pk}/onderzoek/gesprek/", conversation_data())
    url = f"/meldingen/{started.pk}/verslag/"
    client.post(url, {"step": "draft"})
    report = InquiryReport.objects.get()
    assert "Dat ik zelf boodschappen kan blijven doen." in report.text
    assert "u gaf een 2, wij gaven een 3" in report.text
    assert "Eén dag per week meerijden met de bakker." in report.text
    client.post(url, {"step": "text", "text": report.text + "\nAangevuld door de consulent."})
    report.refresh_from_db()
    assert report.text.endswith("Aangevuld door de consulent.")
    client.post(url, {"step": "issue", "issued_on": "2026-04-10"})
    report.refresh_from_db()
    assert report.issued_on == date(2026, 4, 10)
    assert Inquiry.objects.get().status == "finished"
    assert started.terms.get(rule="inquiry").status == "met"
    assert ProcessingLogEntry.objects.filter(object_type="inquiry_report", action="disclose").count() == 1
    # An issued report no longer changes.
    response = client.post(url, {"step": "text", "text": "Anders"}, follow=True)
    report.refresh_from_db()
    assert "Anders" not in report.text
    assert "Een uitgereikt verslag verandert niet meer" in response.text
    client.post(url, {"step": "response", "response": "Het klopt, dank u.", "agrees": "yes"})
    report.refresh_from_db()
    assert (report.resident_response, report.resident_agrees) == ("Het klopt, dank u.", True)


def test_report_as_html_and_pdf(client, world, started):
    client.post(f"/meldingen/{started.pk}/onderzoek/gesprek/", conversation_data())
    client.post(f"/meldingen/{started.pk}/verslag/", {"step": "draft"})
    html = client.get(f"/meldingen/{started.pk}/verslag/afdruk/")
    assert "Verslag van het gesprek over uw vraag" in html.text
    before = ProcessingLogEntry.objects.count()
    pdf = client.get(f"/meldingen/{started.pk}/verslag/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert ProcessingLogEntry.objects.filter(sequence__gt=before).get().channel == "export"


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_on_inquiry_conversation_and_report(client, world, started, persona):
    client.post(f"/meldingen/{started.pk}/onderzoek/gesprek/", conversation_data())
    client.post(f"/meldingen/{started.pk}/verslag/", {"step": "draft"})
    client.force_login(getattr(world, persona))
    before = (
        ProcessingLogEntry.objects.count(),
        Conversation.objects.count(),
        InquiryReport.objects.get().text,
    )
    for url in ("onderzoek/", "onderzoek/gesprek/", "verslag/", "verslag/afdruk/", "verslag/pdf/"):
        assert client.get(f"/meldingen/{started.pk}/{url}").status_code == 404, url
    assert client.post(f"/meldingen/{started.pk}/onderzoek/gesprek/", conversation_data()).status_code == 404
    assert client.post(f"/meldingen/{started.pk}/verslag/", {"step": "text", "text": "x"}).status_code == 404
    after = (
        ProcessingLogEntry.objects.count(),
        Conversation.objects.count(),
        InquiryReport.objects.get().text,
    )
    assert after == before


def test_the_inquiry_pages_are_404_before_the_inquiry_started(client, world):
    support_request = register(world)
    client.force_login(world.consultant)
    assert client.get(f"/meldingen/{support_request.pk}/onderzoek/").status_code == 404


def test_a_personal_plan_handed_in_on_time_meets_its_term(client, world):
    support_request = register(world, received_on=date(2026, 3, 24))  # personal plan due 31 March
    client.force_login(world.consultant)
    client.post(f"/meldingen/{support_request.pk}/onderzoek/starten/")
    url = f"/meldingen/{support_request.pk}/onderzoek/persoonlijk-plan/"
    response = client.post(url, {"text": "Ik wil hulp bij de trap.", "received_on": "2999-01-01"})
    assert "kan niet in de toekomst liggen" in response.text
    support_request.refresh_from_db()
    assert support_request.personal_plan == ""
    client.post(url, {"text": "Ik wil hulp bij de trap.", "received_on": "2026-03-30"})
    support_request.refresh_from_db()
    assert (support_request.personal_plan, support_request.personal_plan_received_on) == (
        "Ik wil hulp bij de trap.",
        date(2026, 3, 30),
    )
    assert support_request.terms.get(rule="personal_plan").status == "met"


@pytest.mark.parametrize(
    ("issued_on", "suspended", "due_on", "status"),
    [
        # Received 24 March: six weeks end on 5 May, a public holiday (Atw), so on 6 May.
        (date(2026, 5, 6), None, date(2026, 5, 6), "met"),
        (date(2026, 5, 7), None, date(2026, 5, 6), "ended"),  # a day late: not met
        # Suspended on 27 April and still so when the report is issued: its 18 days count.
        (date(2026, 5, 15), date(2026, 4, 27), date(2026, 5, 26), "met"),  # 25 May: Whit Monday
    ],
)
def test_issuing_the_report_ends_the_inquiry_term_met_only_when_in_time(
    world, issued_on, suspended, due_on, status
):
    support_request = register(world, received_on=date(2026, 3, 24))
    term = support_request.terms.get(rule="inquiry")
    assert term.due_on == date(2026, 5, 6)
    if suspended:
        intake_actions.term_suspend(
            actor=world.consultant, term=term, starts_on=suspended, reason="Wacht op advies"
        )
    inquiry = intake_actions.inquiry_start(actor=world.consultant, support_request=support_request)
    report = intake_actions.report_draft(actor=world.consultant, inquiry=inquiry)
    intake_actions.report_issue(actor=world.consultant, report=report, issued_on=issued_on)
    term.refresh_from_db()
    assert (term.due_on, term.status) == (due_on, status)
    assert not term.suspensions.filter(ends_on__isnull=True).exists()


def test_api_records_a_conversation_and_reads_the_inquiry(client, world, started):
    from rest_framework.authtoken.models import Token

    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=world.consultant).key}"
    url = f"/api/v1/support-requests/{started.pk}/inquiry/"
    body = {
        "held_on": "2026-04-02",
        "place": "Thuis",
        "participants": "Alice en de consulent",
        "what_matters": "Zelf boodschappen doen.",
        "scores": [{"domain": "social-network", "resident_score": 2, "professional_score": 3}],
    }
    response = client.post(url + "conversations/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["scores"][0]["domain"] == "social-network"
    inquiry = client.get(url).json()
    assert inquiry["status"] == "open"
    assert inquiry["report"] is None
    assert [c["what_matters"] for c in inquiry["conversations"]] == ["Zelf boodschappen doen."]
    bad = {**body, "scores": [{"domain": "social-network", "resident_score": 9}]}
    response = client.post(url + "conversations/", bad, content_type="application/json")
    assert response.status_code == 400
    assert Conversation.objects.count() == 1
    future = {**body, "held_on": "2999-01-01"}
    assert client.post(url + "conversations/", future, content_type="application/json").status_code == 400
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_api_inquiry_is_404_for_outsiders(client, world, started, persona):
    from rest_framework.authtoken.models import Token

    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=getattr(world, persona)).key}"
    url = f"/api/v1/support-requests/{started.pk}/inquiry/"
    assert client.get(url).status_code == 404
    body = {"held_on": "2026-04-02", "place": "x", "participants": "x", "what_matters": "x"}
    assert client.post(url + "conversations/", body, content_type="application/json").status_code == 404
    assert Conversation.objects.count() == 0


def test_api_runs_the_whole_inquiry_and_report(client, world):
    from rest_framework.authtoken.models import Token

    support_request = register(world, received_on=date(2026, 1, 6))
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=world.consultant).key}"
    base = f"/api/v1/support-requests/{support_request.pk}/inquiry/"
    term = support_request.terms.get(rule="inquiry")
    extend = {"change": "extend", "days": 14, "reason": "Advies"}
    change = client.post(f"/api/v1/terms/{term.pk}/change/", extend, content_type="application/json")
    assert change.json()["due_on"] == "2026-03-03"
    bad = client.post(
        f"/api/v1/terms/{term.pk}/change/", {"change": "resume"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "ends_on" in bad.json()
    assert client.post(base + "start/").status_code == 201
    assert (
        client.post(
            base + "report/", {"step": "text", "text": "x"}, content_type="application/json"
        ).status_code
        == 409
    )
    body = {
        "held_on": "2026-01-10",
        "place": "Thuis",
        "participants": "Alice",
        "what_matters": "Thuis wonen.",
    }
    client.post(base + "conversations/", body, content_type="application/json")
    draft = client.post(base + "report/", {"step": "draft"}, content_type="application/json").json()
    assert "Thuis wonen." in draft["text"]
    assert (
        client.post(base + "report/", {"step": "issue"}, content_type="application/json").status_code == 400
    )
    issued = client.post(
        base + "report/", {"step": "issue", "issued_on": "2026-01-20"}, content_type="application/json"
    )
    assert issued.json()["issued_on"] == "2026-01-20"
    again = client.post(base + "report/", {"step": "text", "text": "Anders"}, content_type="application/json")
    assert again.status_code == 409
    answered = client.post(base + "report/", {"step": "response", "response": "Klopt.", "agrees": True},
                           content_type="application/json")  # fmt: skip
    assert (answered.json()["resident_response"], answered.json()["resident_agrees"]) == ("Klopt.", True)
    assert InquiryReport.objects.get().text == draft["text"]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_api_term_changes_and_report_steps_are_404_for_outsiders(client, world, started, persona):
    from rest_framework.authtoken.models import Token

    term = started.terms.get(rule="inquiry")
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=getattr(world, persona)).key}"
    response = client.post(f"/api/v1/terms/{term.pk}/change/", {"change": "extend", "days": 5, "reason": "x"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 404
    response = client.post(f"/api/v1/support-requests/{started.pk}/inquiry/report/", {"step": "draft"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 404
    term.refresh_from_db()
    assert term.extensions.count() == 0
    assert InquiryReport.objects.count() == 0
