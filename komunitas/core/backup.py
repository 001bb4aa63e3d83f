"""Backups that restore: one archive with a consistent copy of the database, the uploaded files
and a manifest of row counts and checksums (docs/deploy.md, "Backups").

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database in one step
  under a read lock; in WAL mode the site keeps writing meanwhile. Row counts are taken from the
  copy, so they describe exactly what is in the archive.
- PostgreSQL: ``pg_dump --format=custom`` on a snapshot exported from a REPEATABLE READ
  transaction in which the row counts are taken, so counts and dump agree while the site writes.
- Uploaded files through Django's storage API (local storage); object storage is skipped, with a
  note in the manifest: its provider keeps it (versioning, replication).

``restore_backup`` refuses a database or a media folder that is not empty (unless ``force``),
checks every checksum before it writes anything, and checks the counts and the files after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections
from django.utils import timezone

FORMAT_VERSION = 1
ARCHIVE_RE = re.compile(r"^komunitas-(\d{8})-(\d{6})(?:-\d+)?\.tar\.gz$")
PROBE_DIR = "readyz"  # the readiness probe's scratch files, never backed up
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says what to do."""


# --- Where archives go -------------------------------------------------------------------------


@dataclass
class DirectoryTarget:
    """Archives in a folder (BACKUP_DIR). Another target (object storage) needs the same three
    methods; ``get_target`` picks one."""

    directory: Path

    def put(self, archive: Path) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        final = self.directory / archive.name
        partial = final.with_name(final.name + ".partial")
        shutil.move(archive, partial)
        os.replace(partial, final)  # the listing never shows half an archive
        return final

    def list(self) -> list[Archive]:
        if not self.directory.is_dir():
            return []
        archives = []
        for path in self.directory.iterdir():
            created = archive_time(path.name)
            if created and path.is_file():
                archives.append(Archive(path.name, path.stat().st_size, created, path))
        return sorted(archives, key=lambda a: (a.created, a.name), reverse=True)

    def delete(self, archive: Archive) -> None:
        archive.path.unlink(missing_ok=True)


@dataclass
class Archive:
    name: str
    size: int
    created: dt.datetime
    path: Path


def get_target() -> DirectoryTarget:
    return DirectoryTarget(Path(settings.BACKUP_DIR))


def archive_time(name: str) -> dt.datetime | None:
    match = ARCHIVE_RE.match(name)
    if not match:
        return None
    stamp = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
    return stamp.replace(tzinfo=dt.UTC)


# --- Taking a backup ----------------------------------------------------------------------------


class _HashingReader:
    """Reads a file for tarfile while computing its sha256."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.sha = hashlib.sha256()

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.sha.update(data)
        return data


def sha256_file(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            sha.update(block)
    return sha.hexdigest()


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    )
    return [row[0] for row in rows]


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        return {
            t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in _sqlite_tables(db)
        }
    finally:
        db.close()


def _sqlite_backup_to(target: Path) -> None:
    """Copy the site's database through Django's own connection: all pages in one step under a
    read lock, a consistent snapshot while writers go on (WAL)."""
    connection.ensure_connection()
    dst = sqlite3.connect(target)
    try:
        connection.connection.backup(dst)
    finally:
        dst.close()


def _sqlite_restore_from(source: Path) -> None:
    """Replace every page of the site's database by the archive's (WAL-safe, unlike a copy)."""
    connections.close_all()
    connection.ensure_connection()
    src = sqlite3.connect(source)
    try:
        src.backup(connection.connection)
    finally:
        src.close()
    connections.close_all()


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = db["NAME"]
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if not tool:
        raise BackupError(
            f"{name} was not found. Install PostgreSQL's client tools of the server's version "
            "(Debian: apt-get install postgresql-client-15, or the version of your server)."
        )
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    tool_major = int(match[1]) if match else 0
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"{name} is version {tool_major} but the server is PostgreSQL {server_major}: "
            f"install postgresql-client-{server_major} (a {name} at least as new as the server)."
        )
    return tool


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_dump(target: Path) -> dict[str, int]:
    """Dump on an exported snapshot and count the rows in that same snapshot."""
    import psycopg

    tool = _pg_tool("pg_dump")
    env = _pg_env()
    with psycopg.connect("", **_pg_connect_kwargs()) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = _pg_counts(cursor)
        result = subprocess.run(  # noqa: S603  (our own arguments, no shell)
            [tool, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
             f"--file={target}"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        conn.rollback()
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


def _pg_connect_kwargs() -> dict:
    db = settings.DATABASES["default"]
    kwargs = {"dbname": db["NAME"]}
    names = (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password"))
    for key, name in names:
        if db.get(key):
            kwargs[name] = str(db[key])
    return kwargs


def _storage_is_local() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def _walk_storage(storage, top: str = "") -> list[str]:
    if not top and not Path(storage.location).is_dir():
        return []
    directories, files = storage.listdir(top)
    names = [f"{top}/{f}" if top else f for f in files]
    for directory in directories:
        path = f"{top}/{directory}" if top else directory
        if path == PROBE_DIR:
            continue
        names.extend(_walk_storage(storage, path))
    return sorted(names)


def create_backup(trigger: str = "manual", target: DirectoryTarget | None = None) -> Path:
    """Take a backup now; return the archive's path. Records a BackupRun either way."""
    from komunitas.core.models import BackupRun

    if connection.in_atomic_block:
        # SQLite's backup would wait forever for this connection's own transaction, and
        # pg_dump would not see its rows: a backup is taken outside any transaction.
        raise BackupError("A backup cannot be taken inside a database transaction.")
    run = BackupRun.objects.create(trigger=trigger)
    try:
        path = _create_archive(target or get_target())
    except Exception as error:
        run.finished_at = timezone.now()
        run.error = f"{type(error).__name__}: {error}"[:4000]
        run.save(update_fields=["finished_at", "error"])
        raise
    run.finished_at = timezone.now()
    run.ok = True
    run.archive = path.name
    run.size = path.stat().st_size
    run.save(update_fields=["finished_at", "ok", "archive", "size"])
    return path


def _create_archive(target: DirectoryTarget) -> Path:
    created = timezone.now()
    vendor = connection.vendor
    name = f"komunitas-{created:%Y%m%d-%H%M%S}-{created.microsecond:06d}.tar.gz"
    target.directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.directory, prefix=".backup-") as tmp:
        staging = Path(tmp)
        if vendor == "sqlite":
            db_name = "database.sqlite3"
            _sqlite_backup_to(staging / db_name)
            counts = _sqlite_counts(staging / db_name)
        elif vendor == "postgresql":
            db_name = "database.dump"
            counts = _pg_dump(staging / db_name)
        else:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
        checksums = {db_name: sha256_file(staging / db_name)}
        archive_path = staging / name
        files_note = {"storage": default_storage.__class__.__name__, "count": 0}
        with tarfile.open(archive_path, "w:gz", compresslevel=6) as tar:
            tar.add(staging / db_name, arcname=db_name)
            if _storage_is_local():
                for file_name in _walk_storage(default_storage):
                    arcname = f"media/{file_name}"
                    info = tarfile.TarInfo(arcname)
                    info.size = default_storage.size(file_name)
                    info.mtime = int(created.timestamp())
                    with default_storage.open(file_name, "rb") as f:
                        reader = _HashingReader(f)
                        tar.addfile(info, reader)
                    checksums[arcname] = reader.sha.hexdigest()
                    files_note["count"] += 1
            else:
                files_note["skipped"] = (
                    "Uploaded files are on object storage, which this archive does not hold: "
                    "keep them with the provider's versioning or replication."
                )
            manifest = {
                "format": FORMAT_VERSION,
                "app": "komunitas",
                "version": _app_version(),
                "created": created.isoformat(),
                "database": {"vendor": vendor, "file": db_name, "tables": counts},
                "files": files_note,
                "checksums": checksums,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(data))
        return target.put(archive_path)


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("komunitas")
    except PackageNotFoundError:
        return "unknown"


# --- Retention ----------------------------------------------------------------------------------


def prune(target: DirectoryTarget, keep_daily: int, keep_weekly: int) -> list[str]:
    """Keep the newest archive of each of the last ``keep_daily`` days that have one and of each
    of the last ``keep_weekly`` ISO weeks; delete the rest. The newest archive always stays."""
    archives = target.list()
    keep: set[str] = set()
    days: list = []
    weeks: list = []
    for archive in archives:  # newest first
        day = archive.created.date()
        week = day.isocalendar()[:2]
        if day not in days and len(days) < keep_daily:
            days.append(day)
            keep.add(archive.name)
        if week not in weeks and len(weeks) < keep_weekly:
            weeks.append(week)
            keep.add(archive.name)
    if archives:
        keep.add(archives[0].name)
    deleted = []
    for archive in archives:
        if archive.name not in keep:
            target.delete(archive)
            deleted.append(archive.name)
    return deleted


def scheduled_backup(now: dt.datetime) -> Path | None:
    """The periodic job: one backup and the retention, when BACKUP_SCHEDULE is on."""
    if not settings.BACKUP_SCHEDULE:
        return None
    target = get_target()
    path = create_backup("scheduled", target)
    prune(target, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY)
    return path


# --- Restoring ----------------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        try:
            member = tar.getmember("manifest.json")
        except KeyError:
            raise BackupError(f"{archive} has no manifest.json: not a Komunitas backup.") from None
        manifest = json.load(tar.extractfile(member))
    if manifest.get("app") != "komunitas" or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{archive} is not a Komunitas backup of format {FORMAT_VERSION}.")
    return manifest


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _extract_verified(archive: Path, manifest: dict, into: Path) -> None:
    """Extract every file named in the manifest and check its sha256; refuse anything else."""
    expected = manifest["checksums"]
    seen = set()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if member.name == "manifest.json":
                continue
            if not member.isfile() or not _safe_name(member.name) or member.name not in expected:
                raise BackupError(f"Unexpected entry in the archive: {member.name!r}")
            out = into / member.name
            out.parent.mkdir(parents=True, exist_ok=True)
            sha = hashlib.sha256()
            with tar.extractfile(member) as src, open(out, "wb") as dst:
                for block in iter(lambda src=src: src.read(CHUNK), b""):
                    sha.update(block)
                    dst.write(block)
            if sha.hexdigest() != expected[member.name]:
                raise BackupError(f"Checksum mismatch for {member.name}: the archive is damaged.")
            seen.add(member.name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"The archive lacks {', '.join(sorted(missing))}.")


def database_is_empty() -> bool:
    connection.ensure_connection()
    return not connection.introspection.table_names()


def media_is_empty() -> bool:
    if not _storage_is_local():
        return True
    return not _walk_storage(default_storage)


def restore_backup(archive: Path, *, force: bool = False, log=print) -> dict:
    """Restore ``archive`` into this installation's (empty) database and storage."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    manifest = read_manifest(archive)
    vendor = connection.vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"The archive holds a {manifest['database']['vendor']} database; this installation "
            f"uses {vendor}. Restore it with the same DATABASE_URL setting."
        )
    if not force:
        if not database_is_empty():
            raise BackupError(
                "The database is not empty. Restore into an empty database (a new DATA_DIR or a "
                "new PostgreSQL database), or pass --force to replace it."
            )
        if not media_is_empty():
            raise BackupError(
                f"The media folder {settings.MEDIA_ROOT} is not empty; pass --force to replace it."
            )
    with tempfile.TemporaryDirectory(prefix="komunitas-restore-") as tmp:
        staging = Path(tmp)
        log("Checking the archive's checksums")
        _extract_verified(archive, manifest, staging)
        log("Restoring the database")
        db_file = staging / manifest["database"]["file"]
        if vendor == "sqlite":
            _sqlite_restore_from(db_file)
        else:
            _restore_postgresql(db_file, force)
        files = sorted(n for n in manifest["checksums"] if n.startswith("media/"))
        log(f"Restoring {len(files)} uploaded files")
        if force and _storage_is_local():
            shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
        for arcname in files:
            name = arcname.removeprefix("media/")
            with open(staging / arcname, "rb") as f:
                saved = default_storage.save(name, File(f, name=name))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}.")
    log("Checking row counts and files")
    verify_restored(manifest)
    return manifest


def _restore_postgresql(db_file: Path, force: bool) -> None:
    tool = _pg_tool("pg_restore")
    if force:
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names():
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connections.close_all()
    result = subprocess.run(  # noqa: S603  (our own arguments, no shell)
        [tool, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={settings.DATABASES['default']['NAME']}", str(db_file)],
        env=_pg_env(), capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def current_counts(tables) -> dict[str, int]:
    connections.close_all()
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def verify_restored(manifest: dict) -> None:
    expected = manifest["database"]["tables"]
    counts = current_counts(expected)
    wrong = {t: (expected[t], counts[t]) for t in expected if counts[t] != expected[t]}
    if wrong:
        raise BackupError(f"Row counts differ after the restore (expected, found): {wrong}")
    for arcname, sha in manifest["checksums"].items():
        if not arcname.startswith("media/"):
            continue
        with default_storage.open(arcname.removeprefix("media/"), "rb") as f:
            digest = hashlib.sha256()
            for block in iter(lambda f=f: f.read(CHUNK), b""):
                digest.update(block)
        if digest.hexdigest() != sha:
            raise BackupError(f"{arcname} differs after the restore.")
