"""The survey themes and statements are configuration: loaded from config/statements.json by migration
0002, adjusted by the functional admin in beheer, never overwritten by a new load."""

import json

import pytest
from django.core.exceptions import ValidationError

from eenplan.surveys.configuration import load_statements, read_themes
from eenplan.surveys.models import Statement, Theme

pytestmark = pytest.mark.django_db

THEMES = [
    ("own-strength", "Eigen kracht"),
    ("integrality", "Integraliteit"),
    ("prevention", "Preventie"),
    ("collaboration", "Samenwerking"),
    ("regie", "Regie"),
    ("information-sharing", "Informatie delen"),
    ("finances", "Financiën"),
]


def test_the_migration_loaded_the_seven_themes_in_order_with_three_or_four_statements_each():
    assert list(Theme.objects.values_list("code", "name")) == THEMES
    counts = {theme.code: theme.statements.count() for theme in Theme.objects.all()}
    assert counts == {
        "own-strength": 4,
        "integrality": 3,
        "prevention": 4,
        "collaboration": 3,
        "regie": 3,
        "information-sharing": 4,
        "finances": 3,
    }
    assert Statement.objects.get(code="own-strength-asked-first").text == (
        "Inwoners worden eerst gevraagd wat zij zelf en hun netwerk kunnen."
    )
    assert len(read_themes()) == Theme.objects.count()


def test_loading_again_keeps_what_the_functional_admin_changed():
    statement = Statement.objects.get(code="prevention-early")
    statement.text = "Problemen zien we op tijd."
    statement.is_active = False
    statement.save()
    Theme.objects.filter(code="finances").update(name="Geld")

    load_statements()

    statement.refresh_from_db()
    assert (statement.text, statement.is_active) == ("Problemen zien we op tijd.", False)
    assert Theme.objects.get(code="finances").name == "Geld"
    assert Statement.objects.count() == 24


def test_a_file_with_a_duplicate_statement_code_loads_nothing(tmp_path):
    Statement.objects.all().delete()
    Theme.objects.all().delete()
    bad = [
        {"code": "a", "name": "A", "statements": [{"code": "same", "text": "Een."}]},
        {"code": "b", "name": "B", "statements": [{"code": "same", "text": "Twee."}]},
    ]
    path = tmp_path / "statements.json"
    path.write_text(json.dumps(bad), encoding="utf-8")

    with pytest.raises(ValidationError) as error:
        load_statements(path=path)

    assert error.value.code == "survey_duplicate"
    assert (Theme.objects.count(), Statement.objects.count()) == (0, 0)


def test_a_theme_without_statements_loads_nothing(tmp_path):
    path = tmp_path / "statements.json"
    path.write_text(json.dumps([{"code": "empty", "name": "Leeg", "statements": []}]), encoding="utf-8")

    with pytest.raises(ValidationError) as error:
        load_statements(path=path)

    assert error.value.code == "survey_theme_shape"
    assert not Theme.objects.filter(code="empty").exists()


def test_beheer_lists_the_themes_for_the_functional_admin_only(client, world):
    client.force_login(world.functional_admin)
    page = client.get("/beheer/surveys/theme/").content.decode()
    assert "Informatie delen" in page and "Eigen kracht" in page
    theme = Theme.objects.get(code="prevention")
    edit = client.get(f"/beheer/surveys/theme/{theme.pk}/change/").content.decode()
    assert "Problemen worden vroeg gezien, voordat ze groot worden." in edit
    client.force_login(world.policy_advisor)
    assert client.get("/beheer/surveys/theme/").status_code == 302
