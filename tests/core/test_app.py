"""The app on the phone, the server's side: manifest, service worker, offline page, the pages
kept offline and the emptying of the device at logout (docs/app.md). The browser's side is
tests/browser/test_app_journey.py."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from komunitas.core import pwa
from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Post
from tests.factories import make_community

pytestmark = pytest.mark.django_db


def test_manifest_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Komunitas Praktisi"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert manifest["lang"] == "id" and "guru" in manifest["description"]
    assert manifest["theme_color"] == "#0b6e4f"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200 or finders.find(
            icon["src"].removeprefix("/static/")
        )


def test_theme_colours_are_the_sites(client):
    with open(finders.find("css/site.css"), encoding="utf-8") as handle:
        css = handle.read()
    assert f"--brand:{pwa.THEME_COLOUR}" in css
    assert f"--bg:{pwa.BACKGROUND_COLOUR}" in css


def test_service_worker_is_served_at_the_root_uncached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert "unsafe" not in response["Content-Security-Policy"]
    settings = json.loads(re.search(r"const C = (\{.*\});", response.content.decode())[1])
    assert settings["version"] == pwa.static_version()
    assert "/static/core/app.js" in settings["precache"]
    assert settings["offline"] == "/offline/"
    assert settings["logout"] == reverse("accounts:logout")


def test_static_version_changes_with_a_static_file(settings, tmp_path):
    before = pwa.static_version()
    (tmp_path / "extra.css").write_text("p{}")
    settings.STATICFILES_DIRS = [tmp_path]
    pwa.static_version.cache_clear()
    finders.get_finder.cache_clear()
    try:
        assert pwa.static_version() != before
    finally:
        settings.STATICFILES_DIRS = []
        pwa.static_version.cache_clear()
        finders.get_finder.cache_clear()


def test_every_page_links_the_manifest_and_the_page_script(client, member):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(member)
        html = client.get("/akun/masuk/" if not signed_in else "/").content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in html
        assert 'src="/static/core/app.js" data-sw="/sw.js"' in html
        assert ('id="kp-strings"' in html) is signed_in


def test_page_words_are_in_the_members_language(client, member):
    client.force_login(member)
    html = client.get("/").content.decode()
    data = re.search(r'id="kp-strings" type="application/json">(.*?)</script>', html)[1]
    strings = json.loads(data)
    assert strings["saved"] == "Salinan tersimpan, {time}"
    assert "menunggu sinyal" in strings["waiting"].lower()
    assert strings["member"] == pwa.member_token(member)
    member.language = "en"
    member.save(update_fields=["language"])
    html = client.get("/").content.decode()
    assert "Saved copy, {time}" in html


def test_offline_page_is_translated(client):
    assert "Tidak ada sinyal" in client.get("/offline/").content.decode()
    client.cookies["komunitas_language"] = "en"
    assert "No signal" in client.get("/offline/").content.decode()


def test_only_members_pages_that_are_meant_to_be_read_offline_are_kept(client, member):
    community = make_community(member, name="Komunitas Numerasi", slug="numerasi")
    post = do_create_post(
        author=member, community=community, kind=Post.Kind.QUESTION, title="Tiket?", body="Ya."
    )
    assert "Offline-Copy" not in client.get("/akun/masuk/")
    client.force_login(member)
    assert client.get(post.get_absolute_url())["Offline-Copy"] == "keep"
    assert client.get("/")["Offline-Copy"] == "keep"
    assert "Offline-Copy" not in client.get(reverse("accounts:profile_edit"))
    assert "Offline-Copy" not in client.get("/diskusi/", headers={"HX-Request": "true"})


def test_logging_out_clears_the_device(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get("/akun/masuk/")


def test_a_first_visit_with_the_app_stays_within_sixty_kilobytes(client, member):
    """The page, its CSS and scripts, and what the service worker downloads at install (the
    precache, the offline page) and the browser for the manifest: at most 60 KB gzip."""
    import gzip

    client.force_login(member)
    total = 0
    for url in ("/", "/sw.js", "/manifest.webmanifest", "/offline/"):
        total += len(gzip.compress(client.get(url).content))
    for name in pwa.PRECACHE:
        with open(finders.find(name), "rb") as handle:
            data = handle.read()
        total += len(data) if name.endswith(".png") else len(gzip.compress(data))
    assert total <= 60 * 1024, total
