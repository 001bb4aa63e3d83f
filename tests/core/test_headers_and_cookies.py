"""Cookies carry the production flags, pages a Permissions-Policy, static files no open CORS
(issue 14.12)."""

import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2] / "komunitas"


def test_cookies_are_set_only_through_the_helpers_that_read_the_settings():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if re.search(r"\.set_cookie\(", path.read_text()) and path.name != "http.py"
    ]
    assert offenders == []


@pytest.fixture
def production_cookies(settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.django_db
def test_saving_the_profile_sets_a_secure_language_cookie(
    member, member_client, production_cookies
):
    data = {"full_name": member.full_name, "time_zone": "Asia/Jakarta", "language": "en"}
    response = member_client.post("/akun/profil/", data)

    assert response.status_code == 302
    cookie = response.cookies["komunitas_language"]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_every_cookie_of_the_main_flows_is_secure_in_production(client, member, production_cookies):
    responses = [
        client.post("/bahasa/", {"language": "en", "next": "/"}),
        client.get("/akun/masuk/"),
        client.post("/akun/masuk/", {"email": member.email, "password": PASSWORD}),
    ]
    seen = 0
    for response in responses:
        for name, cookie in response.cookies.items():
            if cookie.value:  # a deletion carries no value
                seen += 1
                assert cookie["secure"] is True, name
                assert cookie["samesite"] == "Lax", name
    assert seen >= 3


@pytest.mark.django_db
def test_pages_carry_a_permissions_policy(client):
    policy = client.get("/akun/masuk/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_static_files_send_no_open_cors_header(rf, settings):
    from django.http import HttpResponseNotFound
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.WHITENOISE_USE_FINDERS = True  # serve from the apps' folders, as in development
    settings.WHITENOISE_AUTOREFRESH = True
    whitenoise = WhiteNoiseMiddleware(lambda request: HttpResponseNotFound())

    response = whitenoise(rf.get("/static/css/site.css"))

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
