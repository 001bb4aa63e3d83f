"""A real site for the fault tests: its own database (an SQLite file, or a PostgreSQL database of
its own when the suite runs on PostgreSQL), migrated and served by gunicorn in other processes,
with workers that can be killed. Nothing here touches the test database of the other tests."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = str(Path(__file__).with_name("scenario.py"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, data_dir: Path, database_url: str):
        self.data_dir = data_dir
        self.database_url = database_url
        self.env = {
            **os.environ,
            "DATA_DIR": str(data_dir),
            "DEBUG": "false",
            "SECRET_KEY": "fault-tests-" + "k" * 60,
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_MANIFEST": "false",
            "ALLOWED_HOSTS": "127.0.0.1,komunitas.test",
            "SITE_URL": "https://komunitas.test",
            "DATABASE_URL": database_url,
            "DISCUSSIONS_REPLIES_PER_HOUR": "100000",
            "PYTHONPATH": str(ROOT),
        }
        self.vendor = "postgresql" if database_url else "sqlite"
        self.servers: list[subprocess.Popen] = []

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "komunitas.sqlite3"

    def manage(self, *args, **env):
        return subprocess.run(
            [sys.executable, "-m", "komunitas", *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )

    def scenario(self, *args, **env) -> dict:
        result = subprocess.run(
            [sys.executable, SCENARIO, *map(str, args)],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "komunitas.settings", **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def worker(self, **env) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "komunitas", "worker", "--no-scheduler"],
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def serve(self, *, workers: int = 2, threads: int = 4, **env) -> int:
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "komunitas.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "120",
            ],
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.servers.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return port
            except OSError:
                assert server.poll() is None, "gunicorn stopped at start"
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start within 60 s")

    def stop(self):
        for server in self.servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)


class Browser:
    """A member's browser without a browser: cookies, CSRF tokens and forms over plain HTTP."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), text

    def form(self, path: str, form_action: str | None = None) -> dict:
        """The hidden fields of the form posting to ``form_action`` (else the first form that
        posts) on the page at ``path``."""
        status, _headers, html = self.request("GET", path)
        assert status == 200, (path, status)
        marker = f'action="{form_action}"' if form_action else '<form method="post"'
        start = html.index(marker)
        form = html[start : html.index("</form>", start)]
        return {
            unescape(name): unescape(value)
            for name, value in re.findall(
                r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form
            )
        }

    def login(self, email: str, password: str):
        fields = self.form("/akun/masuk/")
        status, headers, _ = self.request(
            "POST", "/akun/masuk/", {**fields, "email": email, "password": password}
        )
        assert status == 302, status


def _admin_url(base: str) -> str:
    return base.rsplit("/", 1)[0] + "/postgres"


@pytest.fixture(scope="session")
def migrated_site(tmp_path_factory):
    """Migrated once per run: an SQLite file, or a PostgreSQL database used as a template."""
    base = os.environ.get("DATABASE_URL", "")
    data_dir = tmp_path_factory.mktemp("site-template")
    (data_dir / "static").mkdir()
    name = ""
    if base:
        name = f"komunitas_fault_template_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_admin_url(base), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    template = Site(data_dir, base.rsplit("/", 1)[0] + "/" + name if base else "")
    template.manage("migrate", "--no-input")
    if not base:  # everything into the main file, so that a copy of it is the whole database
        with sqlite3.connect(template.sqlite_file) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield template
    if name:
        with psycopg.connect(_admin_url(base), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(migrated_site, tmp_path):
    """A migrated site of its own: a copy of the template's SQLite file, or a PostgreSQL
    database made from the template and dropped after."""
    data_dir = tmp_path / "site"
    (data_dir / "static").mkdir(parents=True)
    name = ""
    if migrated_site.vendor == "postgresql":
        base = migrated_site.database_url
        name = f"komunitas_fault_{uuid.uuid4().hex[:10]}"
        template = base.rsplit("/", 1)[1]
        with psycopg.connect(_admin_url(base), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        site = Site(data_dir, base.rsplit("/", 1)[0] + "/" + name)
    else:
        shutil.copy(migrated_site.sqlite_file, data_dir / "komunitas.sqlite3")
        site = Site(data_dir, "")
    yield site
    site.stop()
    if name:
        with psycopg.connect(_admin_url(site.database_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(data_dir, ignore_errors=True)
