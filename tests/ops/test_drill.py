"""The backup drill: writers keep posting while a backup is taken; the archive restores into an
empty installation; counts and checksums match; the restored site logs in and serves pages.

Real processes on a real database: SQLite files in their own DATA_DIRs, or fresh PostgreSQL
databases when the suite runs on PostgreSQL."""

import json
import os
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from komunitas.core.backup import read_manifest

ROOT = Path(__file__).resolve().parents[2]


def _fresh_pg_database(name):
    db = settings.DATABASES["default"]
    admin = {k: str(db[K]) for k, K in (("host", "HOST"), ("port", "PORT"), ("user", "USER"))}
    if db.get("PASSWORD"):
        admin["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = f"{admin['user']}:{admin.get('password', '')}@" if admin.get("user") else ""
    return f"postgres://{auth}{admin['host']}:{admin['port']}/{name}", admin


def _drop_pg_database(name, admin):
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(data_dir, database_url=None):
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": "drill-" + "k" * 50,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "testserver,komunitas.test",
        "STATIC_MANIFEST": "false",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env, *args):
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def test_backup_while_writing_restores_with_matching_counts_and_logs_in(tmp_path):
    komunitas = [sys.executable, "-m", "komunitas"]
    helper = [sys.executable, "-m", "tests.ops.drill_site"]
    pg = connection.vendor == "postgresql"
    cleanup = []
    try:
        source_url = restored_url = None
        if pg:
            suffix = uuid.uuid4().hex[:8]
            source_url, admin = _fresh_pg_database(f"drill_src_{suffix}")
            restored_url, _ = _fresh_pg_database(f"drill_dst_{suffix}")
            cleanup = [(f"drill_src_{suffix}", admin), (f"drill_dst_{suffix}", admin)]
        source = _env(tmp_path / "source", source_url)
        _run(source, *komunitas, "migrate", "--no-input", "-v0")
        _run(source, *helper, "setup")

        stop = tmp_path / "stop"
        writers = [
            subprocess.Popen(
                [*helper, "write", str(stop)],
                env=source,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for _ in range(2)
        ]
        time.sleep(3)  # the writers are writing
        archive = Path(
            _run(source, *komunitas, "backup", "--dir", str(tmp_path / "backups")).strip()
        )
        time.sleep(1)  # and go on after the backup
        stop.touch()
        written = []
        for writer in writers:
            out, err = writer.communicate(timeout=180)
            assert writer.returncode == 0, err
            written.append(int(out.strip()))
        assert min(written) > 0

        manifest = read_manifest(archive)
        in_archive = manifest["database"]["tables"]["discussions_reply"]
        assert 0 < in_archive < sum(written), (in_archive, written)  # a snapshot mid-write
        assert manifest["files"]["count"] == 1
        with tarfile.open(archive) as tar:
            assert "media/drill/lampiran.txt" in tar.getnames()

        restored = _env(tmp_path / "restored", restored_url)
        out = _run(restored, *komunitas, "restore", str(archive))
        assert "counts and checksums match" in out
        assert (tmp_path / "restored" / "media" / "drill" / "lampiran.txt").read_bytes() == (
            b"isi lampiran " * 1000
        )
        page = json.loads(_run(restored, *helper, "serve").strip().splitlines()[-1])
        assert page == {"home": 200, "post": 200, "title_shown": True, "replies": in_archive}

        again = subprocess.run(
            [*komunitas, "restore", str(archive)], env=restored, cwd=ROOT,
            capture_output=True, text=True,
        )  # fmt: skip
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        for name, admin in cleanup:
            _drop_pg_database(name, admin)
