import contextlib
import importlib
import io
import os
import sqlite3

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from komunitas.accounts.models import User
from komunitas.reads import recorder
from tests.factories import make_school, make_user

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    """Hash passwords quickly in tests; one test checks that production uses Argon2."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # Reads are remembered per process and written by flush() (komunitas/reads/recorder.py):
    # no flusher thread in tests, and each test starts with nothing remembered.
    settings.READS_FLUSH_SECONDS = 0
    recorder.forget()


@pytest.fixture
def school(db):
    return make_school()


@pytest.fixture
def member(db, school):
    """Bu Siti, a guru with a verified account."""
    return make_user("siti@contoh.test", full_name="Siti Rahayu", school=school)


@pytest.fixture
def fasilitator(db, school):
    return make_user(
        "ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK, school=school
    )


@pytest.fixture
def outsider(db):
    """Pak Budi, signed in but with nothing to do with the others."""
    return make_user("budi@contoh.test", full_name="Budi Santoso")


@pytest.fixture
def operator(db):
    return make_user(
        "operator@contoh.test", full_name="Operator", role=User.Role.OPERATOR, is_staff=True
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the code left for after the commit (mail, tasks), as a real request would.

    Usage: ``with commit(): client.post(...)``.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def mailed(commit, run_worker):
    """Like ``commit``, then the worker runs what was queued, so the outbox's mail is sent as in
    production (queued in the request, sent by the worker): ``with mailed(): client.post(...)``,
    then read ``mailoutbox``."""

    @contextlib.contextmanager
    def run():
        with commit():
            yield
        run_worker()

    return run


@pytest.fixture
def run_worker(monkeypatch):
    """Run ``komunitas worker --batch`` (the real database-queue worker) in the test process.

    Between tasks the worker closes connections that are not in autocommit mode; inside a test's
    transaction that would be the test's own connection, so that one library call does nothing
    here. Everything else, claiming and running the queued tasks, is the worker's own code.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("worker", batch=True, verbosity=0)


@pytest.fixture
def reference_data(transactional_db):
    """Regions, phases and subjects, which the data migration loads and each flush wipes."""
    migration = importlib.import_module("komunitas.accounts.migrations.0002_load_reference_data")
    Phase = apps.get_model("accounts", "Phase")
    if not Phase.objects.exists():
        migration.load(apps, None)


# --- The demo, built once per test process --------------------------------------------------
# Building the demo district takes seconds; many tests only look at it (or change it inside their
# own transaction). The first of them in a process (an xdist worker) copies the empty test
# database, builds the demo in the copy and keeps it; each test that takes ``demo`` then runs on
# the copy inside a transaction that is rolled back, exactly as ``db`` does on the empty one.
# A test marked ``django_db`` gets ``db`` before any fixture, on the empty database: take
# ``demo`` instead of the marker.


def _point_default_at(name):
    """Make the default connection use the database ``name`` from its next query on."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        # Closing an in-memory database destroys it: keep the connection aside, unclosed.
        held, connection.connection = connection.connection, None
    else:
        connection.close()
        held = None
    previous = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    return previous, held


def _point_back(previous, held):
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        if connection.connection is not None:
            connection.connection.close()  # the copy lives on in its keeper's connection
        connection.connection = held
    else:
        connection.close()
    connection.settings_dict["NAME"] = previous


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A copy of the test database holding the demo, built once in this process, and its files.

    Gives the database's name and the folder of the demo's uploads (its MEDIA_ROOT).
    """
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    connection = connections[DEFAULT_DB_ALIAS]
    keeper = None
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            # Another in-memory database, alive as long as its keeper's connection is open.
            name = f"file:memorydb_demo_{os.getpid()}?mode=memory&cache=shared"
            keeper = sqlite3.connect(name, uri=True)
            connection.ensure_connection()
            connection.connection.backup(keeper)  # the migrated, empty test database
        else:
            name = f"{connection.settings_dict['NAME']}_demo"
            connection.creation.clone_test_db(suffix="demo", verbosity=0, autoclobber=True)
        previous, held = _point_default_at(name)
        try:
            Phase = apps.get_model("accounts", "Phase")
            if not Phase.objects.exists():  # a flush of a transactional test wiped it
                migration = importlib.import_module(
                    "komunitas.accounts.migrations.0002_load_reference_data"
                )
                migration.load(apps, None)
            # As in a test: one transaction (so no backup), quick password hashes, its own files.
            quick = override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media)
            with quick, transaction.atomic():
                call_command("demo", stdout=io.StringIO())
        finally:
            _point_back(previous, held)
    yield name, media
    with django_db_blocker.unblock():
        if keeper is not None:
            keeper.close()
        else:
            connection.creation.destroy_test_db(suffix="demo", verbosity=0)


@pytest.fixture
def _on_demo_database(demo_database, settings):
    name, media = demo_database
    settings.MEDIA_ROOT = media
    previous, held = _point_default_at(name)
    yield
    _point_back(previous, held)


@pytest.fixture
def demo(_on_demo_database, db):
    """The demo district, built once per process; what the test changes is rolled back."""
