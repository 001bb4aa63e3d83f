"""komunitas backup and restore in the test database, the retention, the operators' page."""

import datetime as dt
import hashlib
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from komunitas.core.backup import (
    BackupError,
    DirectoryTarget,
    _pg_tool,
    create_backup,
    prune,
    read_manifest,
    restore_backup,
)
from komunitas.core.models import BackupRun
from tests.factories import make_user

# Committed rows, as a backup sees them (it refuses to run inside a transaction).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(db):
    """A member without a school: the reference data is not there in these flushed tests."""
    return make_user("siti@contoh.test", full_name="Siti Rahayu")


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    default_storage.save("pustaka/rpp.pdf", ContentFile(b"%PDF-1.4 rencana"))
    default_storage.save("foto/kelas.jpg", ContentFile(b"\xff\xd8 gambar"))
    return tmp_path / "media"


def test_an_archive_holds_the_database_the_files_and_a_manifest(member, media, tmp_path):
    path = create_backup(target=DirectoryTarget(tmp_path / "backups"))
    manifest = read_manifest(path)
    assert manifest["database"]["vendor"] in ("sqlite", "postgresql")
    assert manifest["database"]["tables"]["accounts_user"] == 1
    assert manifest["files"] == {"storage": "FileSystemStorage", "count": 2}
    assert manifest["version"] and manifest["created"]
    with tarfile.open(path) as tar:
        names = set(tar.getnames())
        assert names == {"manifest.json", manifest["database"]["file"], *manifest["checksums"]}
        data = tar.extractfile("media/pustaka/rpp.pdf").read()
    assert data == b"%PDF-1.4 rencana"
    assert manifest["checksums"]["media/pustaka/rpp.pdf"] == hashlib.sha256(data).hexdigest()
    run = BackupRun.objects.get()
    assert run.ok and run.archive == path.name and run.size == path.stat().st_size


def test_restore_refuses_a_database_that_is_not_empty(member, media, tmp_path):
    path = create_backup(target=DirectoryTarget(tmp_path / "backups"))
    with pytest.raises(BackupError, match="The database is not empty"):
        restore_backup(path)
    with pytest.raises(CommandError, match="pass --force"):
        call_command("restore", str(path))


def test_a_damaged_archive_is_refused_before_anything_is_written(member, media, tmp_path):
    path = create_backup(target=DirectoryTarget(tmp_path / "backups"))
    manifest = read_manifest(path)
    manifest["checksums"]["media/pustaka/rpp.pdf"] = "0" * 64
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(path) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src:
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
                member.size = len(data)
                dst.addfile(member, __import__("io").BytesIO(data))
            else:
                dst.addfile(member, src.extractfile(member))
    with pytest.raises(BackupError, match="Checksum mismatch for media/pustaka/rpp.pdf"):
        restore_backup(damaged, force=True)
    assert default_storage.open("pustaka/rpp.pdf").read() == b"%PDF-1.4 rencana"


def test_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(BackupError, match="no manifest.json"):
        restore_backup(bogus)


def test_a_missing_pg_dump_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found.*postgresql-client"):
        _pg_tool("pg_dump")


def test_a_failed_run_is_recorded(member, tmp_path, settings):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(OSError):
        create_backup(target=DirectoryTarget(blocked / "backups"))
    run = BackupRun.objects.get()
    assert not run.ok and run.finished_at and "Error" in run.error


def _archives(folder: Path, days: list[dt.datetime]):
    folder.mkdir(parents=True, exist_ok=True)
    for moment in days:
        (folder / f"komunitas-{moment:%Y%m%d-%H%M%S}-000000.tar.gz").write_bytes(b"x")


def test_retention_keeps_n_daily_and_m_weekly(tmp_path):
    start = dt.datetime(2026, 10, 1, 2, 0)  # a Thursday
    moments = [start + dt.timedelta(days=d) for d in range(60)]
    moments += [start + dt.timedelta(days=59, hours=12)]  # a second one on the last day
    _archives(tmp_path, moments)
    (tmp_path / "notes.txt").write_text("not an archive: left alone")
    target = DirectoryTarget(tmp_path)
    deleted = prune(target, keep_daily=7, keep_weekly=4)
    kept = [a.created.replace(tzinfo=None) for a in target.list()]
    assert kept[0] == start + dt.timedelta(days=59, hours=12)  # the newest of the last day
    days = {k.date() for k in kept}
    last7 = {(start + dt.timedelta(days=59 - d)).date() for d in range(7)}
    assert last7 <= days
    weeks = {k.isocalendar()[:2] for k in kept}
    assert len(weeks) == 4
    assert len(kept) == 7 + 4 - 1 or len(kept) == 7 + 3  # the newest week is shared
    assert len(deleted) == len(moments) - len(kept)
    assert (tmp_path / "notes.txt").exists()


def test_scheduled_backup_is_a_periodic_job_with_retention(member, settings, tmp_path, media):
    from komunitas.notifications.periodic import all_jobs

    job = next(j for j in all_jobs() if j.name == "core.backup")
    settings.BACKUP_DIR = tmp_path / "scheduled"
    settings.BACKUP_SCHEDULE = False
    assert job.func(dt.datetime.now(dt.UTC)) is None
    settings.BACKUP_SCHEDULE = True
    settings.BACKUP_KEEP_DAILY = 1
    settings.BACKUP_KEEP_WEEKLY = 1
    _archives(tmp_path / "scheduled", [dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 2)])
    path = job.func(dt.datetime.now(dt.UTC))
    assert [a.name for a in DirectoryTarget(tmp_path / "scheduled").list()] == [path.name]
    assert BackupRun.objects.get().trigger == BackupRun.Trigger.SCHEDULED


def test_the_operators_page_lists_the_archives_and_the_last_run(
    operator_client, settings, tmp_path, media, member
):
    settings.BACKUP_DIR = tmp_path / "b"
    response = operator_client.get("/operator/cadangan/")
    assert response.status_code == 200
    assert b'id="no-backups"' in response.content and b"komunitas backup" in response.content
    path = create_backup()
    response = operator_client.get("/operator/cadangan/")
    assert path.name.encode() in response.content
    assert b"msg-success" in response.content
    index = operator_client.get("/operator/")
    assert b'href="/operator/cadangan/"' in index.content


def test_no_backup_inside_a_transaction(member, tmp_path):
    from django.db import transaction

    with transaction.atomic(), pytest.raises(BackupError, match="inside a database transaction"):
        create_backup(target=DirectoryTarget(tmp_path))


def test_only_operators_see_backups(client, member):
    client.force_login(member)
    assert client.get("/operator/cadangan/").status_code == 403
