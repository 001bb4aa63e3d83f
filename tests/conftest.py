import importlib

import pytest
from django.apps import apps

from komunitas.accounts.models import User
from tests.factories import make_school, make_user


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    """Hash passwords quickly in tests; one test checks that production uses Argon2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
