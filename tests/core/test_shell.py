"""The UI shell: no inline scripts or styles anywhere (a strict CSP is on), security headers, every
page behind a login, and a role-aware menu."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "eenplan"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)


def templates():
    return sorted(TEMPLATES.glob("**/templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(templates()) >= 20


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_handler_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text)
    assert not INLINE_HANDLER.search(text)
    assert not STYLE_ATTRIBUTE.search(text)


@pytest.mark.django_db
def test_pages_send_a_strict_csp_and_security_headers(client):
    response = client.get("/account/inloggen/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def all_url_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


# The API description is public on purpose (open standards): it holds no personal data.
PUBLIC = {
    "favicon.ico",
    "account/inloggen/",
    "account/inloggen/code/",
    "taal/",
    "api/v1/schema/",
    "api/v1/docs/",
    # A thermometer survey is answered with a link, without an account: anonymous on purpose, no
    # personal data (tests/surveys/test_views.py).
    "enquete/bedankt/",
    "enquete/<str:token>/",
}


def concrete(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route).replace("^", "").replace("$", "").replace("\\Z", "")


@pytest.mark.django_db
def test_every_page_and_endpoint_needs_a_login(client):
    """Generated from the URL conf, so a new page is covered without touching this test."""
    checked = 0
    for route, _pattern in all_url_patterns():
        # The HSDS read API of the social map is public on purpose: no personal data, open standard.
        if route in PUBLIC or route.startswith(("beheer/", "api/hsds/")) or "(?P<" in route:
            continue
        response = client.get(concrete(route))
        assert response.status_code in (302, 401, 403, 405), (route, response.status_code)
        if response.status_code == 302:
            assert "/account/inloggen/" in response["Location"], route
        checked += 1
    assert checked >= 8


@pytest.mark.django_db
def test_beheer_is_only_for_the_functional_admin(client, world):
    for user in world.all_users():
        client.force_login(user)
        response = client.get("/beheer/")
        expected = 200 if user == world.functional_admin else 302
        assert response.status_code == expected, user.role
        if expected == 200:
            assert "Gebieden" in response.text
            assert "Huishoudens" not in response.text
        client.logout()


@pytest.mark.django_db
def test_the_menu_follows_the_role(client, world):
    client.force_login(world.policy_advisor)
    page = client.get("/").text
    assert 'href="/huishoudens/"' not in page
    client.force_login(world.consultant)
    page = client.get("/").text
    assert 'href="/huishoudens/"' in page
    assert 'aria-current="page"' in page
