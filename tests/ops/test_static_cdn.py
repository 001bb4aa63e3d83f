"""STATIC_URL on a CDN: pages link to it and the Content-Security-Policy allows its origin."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCRIPT = """
import django
django.setup()
from django.test import Client
r = Client().get("/akun/masuk/")
print(r.status_code)
print(r["Content-Security-Policy"])
print(r.content.decode())
"""


def _run(tmp_path, **extra):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver,komunitas.test",
           "SECURE_SSL_REDIRECT": "false", "DJANGO_SETTINGS_MODULE": "komunitas.settings",
           **extra}  # fmt: skip
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "komunitas", "migrate", "-v0"], env=env, check=True)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, cwd=ROOT
    )


def test_a_cdn_static_url_is_linked_and_allowed_by_the_csp(tmp_path):
    result = _run(tmp_path, STATIC_URL="https://cdn.example.id/komunitas/static/")
    assert result.returncode == 0, result.stderr
    status, csp, html = result.stdout.split("\n", 2)
    assert status == "200"
    assert 'href="https://cdn.example.id/komunitas/static/css/site' in html
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    for name in ("script-src", "style-src", "img-src", "font-src"):
        assert "'self' https://cdn.example.id" in directives[name], name
    assert directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'self'"


def test_the_default_csp_names_no_other_origin(settings):
    assert "https://" not in settings.CONTENT_SECURITY_POLICY
    assert settings.STATIC_URL == "/static/"


def test_a_static_url_over_plain_http_is_refused(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "STATIC_URL": "http://cdn.example.id/s/"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "komunitas.settings"}, capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode and "must use https://" in result.stderr


def test_every_page_links_to_the_source_which_downloads(client, db, settings, tmp_path):
    import io
    import tarfile

    settings.DATA_DIR = tmp_path
    page = client.get("/akun/masuk/")
    assert b'href="/kode-sumber/" rel="license"' in page.content
    response = client.get("/kode-sumber/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
        assert "komunitas/settings.py" in names and "LICENSE" in names
        assert "GNU AFFERO GENERAL PUBLIC LICENSE" in tar.extractfile("LICENSE").read().decode()
    assert not any("__pycache__" in n for n in names)
    settings.SOURCE_CODE_URL = "https://git.example.id/komunitas"
    assert b'href="https://git.example.id/komunitas"' in client.get("/akun/masuk/").content
