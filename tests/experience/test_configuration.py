"""Questionnaires are data: loaded from JSON by migration, validated, never overwriting the admin's
edits, and edited in beheer."""

import json

import pytest
from django.core.exceptions import ValidationError

from eenplan.experience.configuration import CONFIG_FILE, load_questionnaires, read_questionnaires
from eenplan.experience.models import Question, Questionnaire, Theme
from eenplan.intake.models import Law

pytestmark = pytest.mark.django_db


def test_the_migration_loads_a_questionnaire_for_every_law_with_every_theme():
    assert sorted(Questionnaire.objects.values_list("law", flat=True)) == sorted(Law.values)
    for questionnaire in Questionnaire.objects.all():
        themes = set(questionnaire.questions.values_list("theme", flat=True))
        assert themes == set(Theme.values), questionnaire.law
        assert (questionnaire.invite_after_days, questionnaire.invite_until_days_after_closing) == (90, 90)
        assert questionnaire.topic
    assert Question.objects.filter(statement="").count() == 0
    assert Question.objects.get(questionnaire__law="jeugdwet", code="child-better").statement == (
        "Door de hulp gaat het beter met mijn kind."
    )


def test_every_statement_is_short():
    """B1: one short sentence per statement."""
    for definition in read_questionnaires():
        for question in definition["questions"]:
            assert len(question["statement"].split()) <= 15, question["statement"]
            assert question["statement"].count(".") == 1, question["statement"]


def test_loading_again_never_overwrites_the_admins_edits_and_restores_only_what_is_missing():
    wmo = Questionnaire.objects.get(law="wmo")
    wmo.invite_after_days = 120
    wmo.save()
    Question.objects.filter(questionnaire=wmo, code="helped-quickly").update(statement="Het ging snel.")
    Question.objects.filter(questionnaire=wmo, code="fits-needs").delete()

    load_questionnaires()

    wmo.refresh_from_db()
    assert wmo.invite_after_days == 120
    assert wmo.questions.get(code="helped-quickly").statement == "Het ging snel."
    assert wmo.questions.get(code="fits-needs").statement == "De hulp past bij wat ik nodig heb."


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d[0].update(law="awbz"),
        lambda d: d[0]["questions"][0].update(theme="mood"),
        lambda d: d[0]["questions"][1].update(code=d[0]["questions"][0]["code"]),
        lambda d: d[1].update(law=d[0]["law"]),
        lambda d: d[0].update(questions=[]),
    ],
    ids=["unknown law", "unknown theme", "duplicate code", "two for one law", "no statements"],
)
def test_a_bad_file_loads_nothing(tmp_path, change):
    Questionnaire.objects.all().delete()
    definitions = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    change(definitions)
    path = tmp_path / "questionnaires.json"
    path.write_text(json.dumps(definitions), encoding="utf-8")

    with pytest.raises(ValidationError):
        load_questionnaires(path=path)
    assert Questionnaire.objects.count() == 0


def test_the_functional_admin_edits_a_questionnaire_with_its_statements_in_beheer(client, world):
    wmo = Questionnaire.objects.get(law="wmo")
    url = f"/beheer/experience/questionnaire/{wmo.pk}/change/"

    client.force_login(world.consultant)
    assert client.get(url).status_code == 302

    client.force_login(world.functional_admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "De medewerker nam mij serieus." in response.content.decode()
