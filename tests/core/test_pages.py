import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.budget import ok
from tests.factories import make_user

STATIC = Path(finders.find("css/site.css")).parent.parent


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/akun/masuk/", "/akun/daftar/", "/akun/sandi/lupa/", "/privasi/", "/healthz"]
)
def test_public_pages_open_without_login(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/akun/profil/", "/akun/email/", "/akun/sandi/", "/akun/sekolah/"]
)
def test_member_pages_ask_for_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/akun/masuk/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_not_found_is_a_friendly_page_in_the_visitors_language(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert b'lang="id"' in response.content
    client.cookies["komunitas_language"] = "en"
    english = client.get("/tidak-ada/")
    assert b'lang="en"' in english.content
    assert b"Page not found" in english.content


def test_the_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<h1>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/akun/profil/", "/akun/email/", "/akun/sandi/", "/akun/sekolah/?q=SD"]
)
def test_member_pages_run_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, url, school
):
    member = make_user(school=school)
    client.force_login(member)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_profile_page_queries_do_not_grow_with_subjects(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komunitas.accounts.models import Phase, Subject

    client.force_login(member)
    url = f"/akun/anggota/{member.pk}/"
    member.subjects.set(Subject.objects.all()[:1])
    with CaptureQueriesContext(connection) as few:
        ok(client.get(url))
    member.subjects.set(Subject.objects.all())
    member.phases.set(Phase.objects.all())
    with CaptureQueriesContext(connection) as many:
        ok(client.get(url))
    assert len(many) == len(few)


def test_the_base_layout_css_and_js_stay_within_budget():
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "vendor" / "htmx.min.js").read_bytes()
    assert _gz(css) + _gz(js) <= 25 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/akun/profil/"])
def test_a_first_visit_stays_within_sixty_kilobytes(client, member, url):
    client.force_login(member)
    html = client.get(url).content
    css = (STATIC / "css" / "site.css").read_bytes()
    js = (STATIC / "vendor" / "htmx.min.js").read_bytes()
    assert _gz(html) <= 20 * 1024
    assert _gz(html) + _gz(css) + _gz(js) <= 60 * 1024


@pytest.mark.django_db
def test_a_members_home_tells_them_what_to_do_next(client):
    newcomer = make_user()
    client.force_login(newcomer)
    page = client.get("/")
    labels = [str(label) for label, done, _ in page.context["checklist"] if not done]
    assert page.context["completeness"] < 100
    assert any("school" in label or "sekolah" in label for label in labels)


@pytest.mark.django_db
def test_operators_see_their_tasks_on_home_and_teachers_do_not(client, member, operator):
    client.force_login(operator)
    assert b"/akun/sekolah/impor/" in client.get("/").content
    client.force_login(member)
    assert b"/akun/sekolah/impor/" not in client.get("/").content


@pytest.mark.django_db
def test_times_are_shown_in_the_members_zone(client, member):
    from django.utils import timezone

    member.time_zone = "Asia/Jayapura"
    member.save()
    client.force_login(member)
    client.get("/")
    assert str(timezone.get_current_timezone()) == "Asia/Jayapura"


@pytest.mark.django_db
def test_indonesian_is_the_default_even_for_an_english_browser(client):
    response = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert b'lang="id"' in response.content
    assert response["Content-Language"] == "id"
