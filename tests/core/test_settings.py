import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from komunitas.lib.env import env_bool, env_int, env_list


def _komunitas(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "STATIC_MANIFEST",
            "SECURE_SSL_REDIRECT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_URL",
            "SITE_URL",
            "PORT",
        }
    }
    return subprocess.run(
        [sys.executable, "-m", "komunitas", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _komunitas("check", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = _komunitas(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATA_DIR=str(tmp_path),
        SECRET_KEY="v3ry-l0ng-and-r4nd0m-" + "q8Zx" * 12,
        ALLOWED_HOSTS="komunitas.example.id",
        SITE_URL="https://komunitas.example.id",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


PRODUCTION = {"SECRET_KEY": "v3ry-l0ng-and-r4nd0m-" + "q8Zx" * 12, "ALLOWED_HOSTS": "kp.id"}


@pytest.mark.parametrize(
    ("site_url", "problem"),
    [
        (None, "names no public host"),  # unset: the development default, 127.0.0.1
        ("http://kp.id", "does not start with https"),
        ("https://localhost:8000", "names no public host"),
        ("https://elsewhere.id", "not in ALLOWED_HOSTS"),
    ],
)
def test_production_with_a_site_url_that_makes_dead_links_refuses_to_start(
    tmp_path, site_url, problem
):
    env = {**PRODUCTION, "DATA_DIR": str(tmp_path)}
    if site_url:
        env["SITE_URL"] = site_url
    result = _komunitas("check", **env)
    assert result.returncode != 0
    assert "komunitas.E001" in result.stderr
    assert problem in result.stderr


def test_in_development_site_url_follows_the_port(tmp_path):
    code = "from django.conf import settings; print(settings.SITE_URL)"
    result = _komunitas("shell", "-c", code, DEBUG="true", PORT="8080", DATA_DIR=str(tmp_path))
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8080", result.stderr
    result = _komunitas("check", DEBUG="true", PORT="8080", DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_make_run_gives_the_site_and_its_worker_the_address_it_serves(tmp_path):
    """`PORT=8080 make run`: the worker that mails the links and the server agree on :8080."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "calls"
    fake = venv / "bin" / "komunitas"
    fake.write_text(f'#!/bin/sh\necho "$1 $SITE_URL" >> {log}\n[ "$1" != serve ] || sleep 1\n')
    fake.chmod(0o755)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / ".installed").touch()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "MAKEFLAGS"}}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        ["make", "-s", "-C", str(root), "run", f"VENV={venv}", f"DATA_DIR={tmp_path}", "PORT=8080"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    calls = dict(line.split(" ", 1) for line in log.read_text().splitlines())
    assert calls["worker"] == calls["serve"] == "http://127.0.0.1:8080"
    assert "http://127.0.0.1:8080/" in result.stdout


def test_a_misspelt_boolean_stops_the_start(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG")


def test_environment_helpers_read_numbers_and_lists(monkeypatch):
    monkeypatch.setenv("PORT", "8080")
    monkeypatch.setenv("ALLOWED_HOSTS", "a.id, b.id,,")
    assert env_int("PORT", 1) == 8080
    assert env_list("ALLOWED_HOSTS") == ["a.id", "b.id"]
    monkeypatch.setenv("PORT", "delapan")
    with pytest.raises(ImproperlyConfigured):
        env_int("PORT", 1)


@pytest.mark.django_db
def test_sqlite_is_tuned_for_a_web_server():
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        # One busy timeout, the configured one (SQLITE_BUSY_TIMEOUT, 20 s): a PRAGMA of its own
        # used to override it with 5 s, and writers gave up early under load.
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000
        assert connection.settings_dict["OPTIONS"]["timeout"] == 20
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_busy_timeout_is_read_from_the_environment(tmp_path):
    result = _komunitas(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])",
        DATA_DIR=str(tmp_path),
        DEBUG="true",
        DATABASE_URL="",
        SQLITE_BUSY_TIMEOUT="7",
    )
    assert result.stdout.strip().splitlines()[-1] == "7000", result.stderr


def test_the_default_sqlite_file_uses_wal(tmp_path):
    result = _komunitas(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        DATA_DIR=str(tmp_path),
        DEBUG="true",
        DATABASE_URL="",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


def test_the_komunitas_command_lists_the_projects_own_commands(tmp_path):
    result = _komunitas("help", DEBUG="true", DATA_DIR=str(tmp_path))
    for command in ("serve", "demo", "import_schools"):
        assert command in result.stdout
