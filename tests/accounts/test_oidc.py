"""Residents log in through OpenID Connect (DigiD through a broker): the backend's claim handling
against the real database, and the log-in page with and without OIDC. The protocol itself (state,
nonce, token, signature) is mozilla-django-oidc's and is not tested here."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test.utils import override_settings
from django.urls import clear_url_caches
from django.utils import timezone

from eenplan.accounts.models import Role, User
from eenplan.accounts.oidc import REFUSAL_SESSION_KEY, ResidentOIDCBackend
from eenplan.core.models import ProcessingLogEntry
from eenplan.households import actions as household_actions
from eenplan.households.models import Representation
from eenplan.households.queries import household_ids_visible_to
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"
SPARE_BSNS = list(factories.test_range_bsns())[-40:-20]  # far from the factories' and the other tests'
OIDC_SETTINGS = {
    "EENPLAN_OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "eenplan-test",
    "OIDC_RP_CLIENT_SECRET": "geheim",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://broker.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://broker.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://broker.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://broker.example/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_RP_SCOPES": "openid bsn",
    "EENPLAN_OIDC_BSN_CLAIM": "bsn",
    "EENPLAN_OIDC_LABEL": "Inloggen met DigiD",
    "AUTHENTICATION_BACKENDS": [
        *settings.AUTHENTICATION_BACKENDS,
        "eenplan.accounts.oidc.ResidentOIDCBackend",
    ],
}


def reload_urls() -> None:
    clear_url_caches()
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def oidc_on():
    """OIDC switched on as EENPLAN_OIDC_CLIENT_ID would: settings, and the URL conf read again. (The
    library has no models, so INSTALLED_APPS is left as it is rather than reloading the app registry.)"""
    with override_settings(**OIDC_SETTINGS):
        reload_urls()
        yield
    reload_urls()


@pytest.fixture
def backend(oidc_on):
    return ResidentOIDCBackend()


def user_count() -> int:
    return User.objects.count()


def grant(world, person, bsn, **fields):
    values = {
        "kind": Representation.Kind.CURATOR,
        "representative_name": "Marieke de Boer",
        "evidence": "Beschikking van de kantonrechter",
        "starts_on": timezone.localdate(),
        "ends_on": None,
    }
    return household_actions.representation_grant(
        actor=world.consultant, person=person, representative_bsn=bsn, **{**values, **fields}
    )


def log_in(backend, claims) -> User | None:
    """What mozilla-django-oidc's get_or_create_user does once the userinfo is fetched."""
    if not backend.verify_claims(claims):
        return None
    users = backend.filter_users_by_claims(claims)
    if len(users) == 1:
        return backend.update_user(users[0], claims)
    assert len(users) == 0
    return backend.create_user(claims)


# -- a person the gemeente knows -----------------------------------------------------------------------------


def test_a_known_person_gets_a_resident_account_linked_to_them(world, backend):
    charlie = world.south_household.members.get()
    assert charlie.user is None
    before = user_count()
    claims = {"sub": "abc", "bsn": charlie.bsn}
    assert list(backend.filter_users_by_claims(claims)) == []

    user = backend.create_user(claims)

    assert user_count() == before + 1
    charlie.refresh_from_db()
    assert charlie.user == user
    assert (user.role, user.has_usable_password(), user.is_active) == (Role.RESIDENT, False, True)
    assert user.username.startswith("inwoner-")
    assert charlie.bsn not in user.username
    assert (user.first_name, user.last_name) == (charlie.given_name, charlie.surname)
    assert user.municipality == world.south_household.municipality
    assert not user.is_staff_role
    assert set(household_ids_visible_to(user).values_list("pk", flat=True)) == {world.south_household.pk}
    entry = ProcessingLogEntry.objects.get(object_type="person")
    assert (entry.action, entry.actor_id, entry.household_id, entry.person_id, entry.purpose) == (
        "update",
        user.pk,
        world.south_household.pk,
        charlie.pk,
        "data-subject-access",
    )
    assert entry.categories == ["identity-contact"]


def test_the_second_log_in_finds_the_same_account(world, backend):
    charlie = world.south_household.members.get()
    first = log_in(backend, {"bsn": charlie.bsn})
    count, logged = user_count(), ProcessingLogEntry.objects.count()

    assert list(backend.filter_users_by_claims({"bsn": charlie.bsn})) == [first]
    second = log_in(backend, {"bsn": charlie.bsn})

    assert second == first
    assert user_count() == count
    assert ProcessingLogEntry.objects.count() == logged  # nothing new to link


def test_a_person_with_an_account_already_logs_in_to_it(world, backend):
    alice = world.north_household.members.get(user=world.resident)
    assert log_in(backend, {"bsn": alice.bsn}) == world.resident


def test_the_whole_claim_handling_of_the_library(world, backend):
    """get_or_create_user as mozilla-django-oidc calls it, with the provider's userinfo answer given."""
    charlie = world.south_household.members.get()
    backend.get_userinfo = lambda access_token, id_token, payload: {"sub": "x", "bsn": charlie.bsn}
    user = backend.get_or_create_user("access", "id", {})
    assert user == User.objects.get(person=charlie)
    assert backend.get_or_create_user("access", "id", {}) == user


# -- a representative ----------------------------------------------------------------------------------------


def test_a_representative_gets_an_account_linked_to_the_representation(world, backend):
    alice = world.north_household.members.get(user=world.resident)
    representation = grant(world, alice, SPARE_BSNS[0])
    assert representation.representative is None
    before = user_count()

    user = log_in(backend, {"bsn": SPARE_BSNS[0], "given_name": "Marieke", "family_name": "de Boer"})

    assert user_count() == before + 1
    representation.refresh_from_db()
    assert representation.representative == user
    assert (user.role, user.has_usable_password(), user.first_name, user.last_name) == (
        Role.RESIDENT,
        False,
        "Marieke",
        "de Boer",
    )
    assert set(household_ids_visible_to(user).values_list("pk", flat=True)) == {world.north_household.pk}
    entry = ProcessingLogEntry.objects.get(object_type="representation", action="update")
    assert (entry.actor_id, entry.household_id, entry.person_id, entry.object_id) == (
        user.pk,
        world.north_household.pk,
        alice.pk,
        str(representation.pk),
    )
    assert entry.categories == ["household-network", "identity-contact"]
    # The next log-in: the same account.
    assert log_in(backend, {"bsn": SPARE_BSNS[0]}) == user
    assert user_count() == before + 1


def test_a_later_log_in_links_representations_recorded_since(world, backend):
    alice = world.north_household.members.get(user=world.resident)
    grant(world, alice, SPARE_BSNS[1])
    user = log_in(backend, {"bsn": SPARE_BSNS[1]})
    charlie = world.south_household.members.get()
    # Recorded without the link (e.g. imported); the log-in makes it.
    later = Representation.objects.create(
        person=charlie, kind="authorised", representative_name="Marieke de Boer",
        representative_bsn=SPARE_BSNS[1], evidence="Machtiging", starts_on=timezone.localdate(),
        recorded_by=world.other_consultant,
    )  # fmt: skip
    assert set(household_ids_visible_to(user).values_list("pk", flat=True)) == {world.north_household.pk}

    assert log_in(backend, {"bsn": SPARE_BSNS[1]}) == user

    later.refresh_from_db()
    assert later.representative == user
    assert set(household_ids_visible_to(user).values_list("pk", flat=True)) == {
        world.north_household.pk,
        world.south_household.pk,
    }


@pytest.mark.parametrize("state", ["withdrawn", "ended", "not-started", "child-now-adult"])
def test_a_representation_not_in_force_gives_no_account(world, backend, state):
    alice = world.north_household.members.get(user=world.resident)
    today = timezone.localdate()
    fields = {
        "withdrawn": {},
        "ended": {
            "starts_on": today - datetime.timedelta(days=30),
            "ends_on": today - datetime.timedelta(days=1),
        },
        "not-started": {"starts_on": today + datetime.timedelta(days=1)},
        "child-now-adult": {},
    }[state]
    representation = grant(world, alice, SPARE_BSNS[2], **fields)
    if state == "withdrawn":
        household_actions.representation_withdraw(actor=world.consultant, representation=representation)
    if state == "child-now-adult":  # recorded while Alice was a child
        Representation.objects.filter(pk=representation.pk).update(kind=Representation.Kind.PARENT)
    before = user_count()

    assert log_in(backend, {"bsn": SPARE_BSNS[2]}) is None

    assert user_count() == before
    representation.refresh_from_db()
    assert representation.representative is None


# -- refused -------------------------------------------------------------------------------------------------


def test_an_unknown_bsn_gets_no_account_and_the_page_says_what_to_do(client, world, backend):
    before, logged = user_count(), ProcessingLogEntry.objects.count()
    session = client.session
    backend.request = SimpleNamespace(session=session)  # as authenticate() sets it

    assert log_in(backend, {"bsn": SPARE_BSNS[3]}) is None

    assert user_count() == before
    assert ProcessingLogEntry.objects.count() == logged
    assert session[REFUSAL_SESSION_KEY] == "unknown"
    session.save()
    text = client.get(f"{LOGIN}?digid=mislukt").text
    assert "De gemeente kent u nog niet. Daarom kunt u nog niet inloggen." in text
    assert "Vraag naar het wijkteam." in text
    assert REFUSAL_SESSION_KEY not in client.session  # said once
    assert "De gemeente kent u nog niet" not in client.get(LOGIN).text


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"bsn": ""},
        {"bsn": "123456789"},
        {"bsn": "12345678a"},
        {"bsn": True},
        {"sub": "x", "email": "a@b.nl"},
    ],
)
def test_an_invalid_or_missing_bsn_gets_no_account(world, backend, claims):
    before = user_count()
    assert backend.verify_claims(claims) is False
    assert list(backend.filter_users_by_claims(claims)) == []
    assert backend.create_user(claims) is None
    assert user_count() == before


def test_a_bsn_sent_as_a_number_keeps_its_leading_zero(world, backend):
    bsn = next(b for b in ("012345672", "011111110", "010000007") if factories.bsn_is_valid(b))
    charlie = world.south_household.members.get()
    charlie.bsn = bsn
    charlie.save()
    assert backend.bsn_from_claims({"bsn": int(bsn)}) == bsn


def test_a_staff_members_person_is_refused(world, backend):
    charlie = world.south_household.members.get()
    charlie.user = world.other_consultant
    charlie.save()
    session = {}
    backend.request = SimpleNamespace(session=session)
    before, logged = user_count(), ProcessingLogEntry.objects.count()

    assert list(backend.filter_users_by_claims({"bsn": charlie.bsn})) == []
    assert log_in(backend, {"bsn": charlie.bsn}) is None

    assert user_count() == before
    assert ProcessingLogEntry.objects.count() == logged
    assert session[REFUSAL_SESSION_KEY] == "not-resident"


def test_a_staff_account_linked_as_representative_is_refused(world, backend):
    alice = world.north_household.members.get(user=world.resident)
    representation = grant(world, alice, SPARE_BSNS[4])
    Representation.objects.filter(pk=representation.pk).update(representative=world.consultant)
    assert log_in(backend, {"bsn": SPARE_BSNS[4]}) is None


def test_a_deactivated_resident_is_refused(world, backend):
    alice = world.north_household.members.get(user=world.resident)
    world.resident.is_active = False
    world.resident.save()
    assert log_in(backend, {"bsn": alice.bsn}) is None


def test_a_session_started_here_ends_when_the_account_is_deactivated_or_made_staff(world, backend):
    assert backend.get_user(world.resident.pk) == world.resident
    assert backend.get_user(world.consultant.pk) is None
    world.resident.is_active = False
    world.resident.save()
    assert backend.get_user(world.resident.pk) is None


# -- the log-in page -----------------------------------------------------------------------------------------


def test_without_oidc_the_log_in_page_has_no_button(client):
    assert settings.EENPLAN_OIDC_ENABLED is False
    text = client.get(LOGIN).text
    assert "Inloggen met DigiD" not in text
    assert "/account/oidc/" not in text
    assert client.get("/account/oidc/authenticate/").status_code == 404


def test_with_oidc_the_log_in_page_offers_residents_the_button_above_the_form(client, oidc_on):
    text = client.get(LOGIN).text
    button = 'href="/account/oidc/authenticate/"'
    assert button in text
    assert "Inloggen met DigiD" in text
    assert "Bent u inwoner? Log dan in met de knop hieronder." in text
    assert text.index(button) < text.index('name="username"')
    assert "Voor medewerkers" in text
    # Staff still log in with username and password.
    assert 'name="password"' in text


def test_the_button_starts_the_oidc_flow_at_the_provider(client, oidc_on):
    response = client.get("/account/oidc/authenticate/?next=/huishoudens/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://broker.example/authorize?")
    assert "scope=openid+bsn" in response["Location"]
    assert "client_id=eenplan-test" in response["Location"]


def test_the_oidc_urls_pass_the_two_factor_middleware(client, world, oidc_on, settings):
    """A staff session that has not finished 2FA is not sent to the security page from the log-in flow."""
    settings.EENPLAN_REQUIRE_2FA = True
    client.force_login(world.consultant)
    assert client.get("/huishoudens/")["Location"] == "/account/beveiliging/"
    response = client.get("/account/oidc/authenticate/")
    assert response["Location"].startswith("https://broker.example/authorize?")


def test_a_cancelled_or_failed_log_in_comes_back_with_a_way_forward(client, oidc_on):
    response = client.get("/account/oidc/callback/?error=access_denied&state=x")
    assert response["Location"] == "/account/inloggen/?digid=mislukt"
    text = client.get(response["Location"]).text
    assert "Inloggen is niet gelukt. Probeer het nog een keer." in text
    assert "vraag naar het wijkteam" in text
