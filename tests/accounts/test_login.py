import time

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenplan.accounts.models import Role
from eenplan.core.models import ProcessingLogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
LOGIN = "/account/inloggen/"


def current_token(device_key: str) -> str:
    totp = TOTP(bytes.fromhex(device_key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return f"{totp.token():06d}"


START_TEXT = {
    "resident": "Welkom, Alice",
    "consultant": "Mijn werk",
    "team_lead": "Wijkteam Noord",
    "decision_maker": "Werkvoorraad besluiten",
    "partner_professional": "Er zijn nu geen huishoudens met uw organisatie gedeeld.",
    "policy_advisor": "Overzicht gemeente Zwolle",
    "functional_admin": "Naar de configuratie",
}


@pytest.mark.parametrize("role", list(START_TEXT))
def test_each_role_logs_in_and_lands_on_its_own_start_page(client, world, role):
    user = {
        "resident": world.resident,
        "consultant": world.consultant,
        "team_lead": world.team_lead,
        "decision_maker": world.decision_maker,
        "partner_professional": world.partner_professional,
        "policy_advisor": world.policy_advisor,
        "functional_admin": world.functional_admin,
    }[role]
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, follow=True)
    # The decision maker's start is the work list of applications; the resident's is Mijn plan.
    extra = {"decision_maker": [("/voorzieningen/", 302)], "resident": [("/mijn/", 302)]}.get(role, [])
    assert response.redirect_chain == [("/", 302), *extra]
    assert response.status_code == 200
    assert START_TEXT[role] in response.text
    assert response.wsgi_request.user == user
    assert '<html lang="nl"' in response.text


def test_a_wrong_password_is_refused_in_dutch_and_changes_nothing(client, world):
    response = client.post(LOGIN, {"username": "bob", "password": "fout"})
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet" in response.text
    assert "Er is iets niet goed ingevuld" in response.text
    assert "_auth_user_id" not in client.session


def test_empty_fields_get_a_field_error_linked_from_the_summary(client, world):
    response = client.post(LOGIN, {"username": "", "password": ""})
    assert 'href="#id_username"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_username-error"' in response.text


def test_login_is_throttled_after_repeated_failures(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "bob", "password": "fout"})
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert "Inloggen is tijdelijk geblokkeerd" in response.text
    assert "_auth_user_id" not in client.session


def test_next_parameter_is_followed_only_within_the_site(client, world):
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD, "next": "/huishoudens/"})
    assert response["Location"] == "/huishoudens/"
    client.logout()
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_logout_needs_post_and_ends_the_session(client, world):
    client.force_login(world.consultant)
    assert client.get("/account/uitloggen/").status_code == 405
    response = client.post("/account/uitloggen/")
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    assert make_password("een-lang-wachtwoord").startswith("argon2$argon2id$")


def test_production_settings_list_argon2_first():
    from eenplan import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


# Two-factor authentication (TOTP)


def test_a_user_with_a_device_must_enter_a_valid_code(client, world):
    device = TOTPDevice.objects.create(user=world.consultant, name="app", confirmed=True)
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD})
    assert response["Location"] == "/account/inloggen/code/"
    assert "_auth_user_id" not in client.session

    wrong = "000000" if current_token(device.key) != "000000" else "111111"
    response = client.post("/account/inloggen/code/", {"token": wrong})
    assert "Deze code klopt niet" in response.text
    assert "_auth_user_id" not in client.session

    # django-otp throttles: straight after a wrong code even the right one is refused for a moment.
    response = client.post("/account/inloggen/code/", {"token": current_token(device.key)})
    assert "Te veel onjuiste codes" in response.text
    assert "_auth_user_id" not in client.session

    device.refresh_from_db()
    device.throttle_reset()
    response = client.post("/account/inloggen/code/", {"token": current_token(device.key)})
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(world.consultant.pk)
    assert client.get("/").wsgi_request.user.is_verified()


def test_the_code_step_without_a_password_step_sends_back_to_login(client, world):
    response = client.get("/account/inloggen/code/")
    assert response["Location"] == LOGIN


@override_settings(EENPLAN_REQUIRE_2FA=True)
def test_where_2fa_is_required_staff_must_set_it_up_first(client, world):
    client.force_login(world.consultant)
    response = client.get("/")
    assert response["Location"] == "/account/beveiliging/"
    page = client.get("/account/beveiliging/")
    assert "moet u eerst tweestapsverificatie instellen" in page.text
    key = client.session["eenplan_2fa_setup_key"]

    response = client.post("/account/beveiliging/", {"token": "12345"})
    assert "Vul de 6 cijfers in" in response.text
    assert not TOTPDevice.objects.filter(user=world.consultant).exists()

    response = client.post("/account/beveiliging/", {"token": current_token(key)})
    assert response["Location"] == "/"
    device = TOTPDevice.objects.get(user=world.consultant)
    assert device.confirmed and device.key == key
    assert client.get("/").status_code == 200


@override_settings(EENPLAN_REQUIRE_2FA=True)
def test_residents_are_not_asked_for_2fa(client, world):
    client.force_login(world.resident)
    response = client.get("/", follow=True)
    assert (response.redirect_chain, response.status_code) == ([("/mijn/", 302)], 200)


def test_the_2fa_setup_page_shows_a_qr_code_and_the_key(client, world):
    client.force_login(world.team_lead)
    response = client.get("/account/beveiliging/")
    assert response.status_code == 200
    assert "<svg" in response.text
    assert "QR-code voor uw authenticator-app" in response.text


def test_a_new_user_defaults_to_the_resident_role(db):
    assert UserFactory(role=Role.RESIDENT).is_staff_role is False
    assert UserFactory(role=Role.CONSULTANT).is_staff_role is True


# Language


def test_the_ui_is_dutch_by_default_and_english_on_request(client, world):
    assert "Inloggen" in client.get(LOGIN).text
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN}, follow=True)
    assert '<html lang="en"' in response.text
    assert "Log in" in response.text
    assert "Inloggen" not in response.text


def test_an_english_browser_still_gets_dutch_until_english_is_chosen(client, world):
    response = client.get(LOGIN, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="nl"' in response.text
    assert "Inloggen" in response.text


@override_settings(EENPLAN_REQUIRE_2FA=True)
def test_where_2fa_is_required_an_unverified_session_reads_nothing_through_the_api(client, world):
    client.force_login(world.consultant)
    response = client.get(f"/api/v1/households/{world.north_household.pk}/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Rond eerst de tweestapsverificatie af."}
    assert ProcessingLogEntry.objects.count() == 0
    assert client.get("/api/v1/schema/").status_code == 200


def test_beheer_has_no_password_only_login_of_its_own(client, world):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")
    response = client.post("/beheer/login/", {"username": "heidi", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_superusers_and_django_staff_count_as_staff_for_2fa(db):
    assert UserFactory(role=Role.RESIDENT, is_superuser=True).is_staff_role is True
    assert UserFactory(role=Role.RESIDENT, is_staff=True).is_staff_role is True


def test_replacing_a_device_needs_a_session_verified_with_the_current_one(client, world):
    old = TOTPDevice.objects.create(user=world.team_lead, name="app", confirmed=True)
    client.force_login(world.team_lead)  # a session that never gave a code
    response = client.get("/account/beveiliging/")
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert list(TOTPDevice.objects.filter(user=world.team_lead)) == [old]


def test_createsuperuser_makes_a_functional_admin(db):
    from eenplan.accounts.models import User

    user = User.objects.create_superuser("root", "root@example.org", "een-lang-wachtwoord")
    assert user.role == Role.FUNCTIONAL_ADMIN
    assert user.is_staff_role


def test_behind_a_load_balancer_the_throttle_counts_the_resident_address_not_the_balancer(settings, rf):
    """With EENPLAN_PROXY_COUNT=1 (one load balancer in front), the address comes from what the balancer
    appended to X-Forwarded-For, so one person's wrong passwords do not lock an account for everyone;
    what the client put in the header itself is not trusted."""
    from axes.helpers import get_client_ip_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.EENPLAN_PROXY_COUNT = 1
    assert get_client_ip_address(request) == "203.0.113.7"
    settings.EENPLAN_PROXY_COUNT = 2
    assert get_client_ip_address(request) == "6.6.6.6"
    settings.EENPLAN_PROXY_COUNT = 0  # no proxy: the header is ignored
    assert get_client_ip_address(request) == "10.0.0.2"
