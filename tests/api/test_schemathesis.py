"""schemathesis, a tool no one here wrote, calls every operation of the API with data it makes
from the OpenAPI schema, as guru@demo.test (a write token) on the demo district and anonymously,
and checks the answers: no server error, every status, header, media type and body as the schema
documents them.

EXAMPLES per operation and role is chosen so that this file stays within about three minutes on
the two-core machine: at 100 examples all 38 operation × role runs passed, and took 322 s of
calls (plus the demo's build, shared with the other demo tests) on the shared 2-core machine;
50 halves that. The issue asks for 100: set EXAMPLES=100 for a longer run."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from komunitas.accounts.models import User
from komunitas.api.actions import do_create_token
from komunitas.api.site import api
from komunitas.wsgi import application

EXAMPLES = 50
# schemathesis's WSGI client does not undo the gzip of GZipMiddleware: ask for the plain body.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Django closes a connection that is not in autocommit mode when a request starts or ends;
    inside a test's transaction (PostgreSQL) that is the test's own connection, and every later
    call answers 500. Django's test client disconnects the handler for its requests; the WSGI
    calls of schemathesis go around that client, so this does it for them."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _unlimited(settings):
    settings.API_REQUESTS_PER_MINUTE = 10**6  # the limit has its own test
    settings.ALLOWED_HOSTS = ["*"]


@pytest.fixture
def guru_token(demo):
    guru = User.objects.get(email="guru@demo.test")
    return do_create_token(user=guru, name="schemathesis", scope="write", days=1)[1]


def _schema():
    """The schema the API serves at /api/v1/openapi.json, called through the WSGI app."""
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    loaded.app = application
    loaded.location = "/api/v1/openapi.json"
    return loaded


schema = _schema()
TUNED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


def _excluded(case):
    """An opaque cursor cannot be made up: one that schemathesis invents is rightly refused
    (400), so "valid data is accepted" is not asked of a made-up cursor."""
    return [positive_data_acceptance] if (case.query or {}).get("cursor") else []


@schema.parametrize()
@TUNED
def test_as_a_member(case, guru_token):
    headers = {"Authorization": f"Bearer {guru_token}", **PLAIN}
    case.call_and_validate(headers=headers, excluded_checks=_excluded(case))


@schema.parametrize()
@TUNED
def test_anonymously(case, demo):
    case.call_and_validate(headers=PLAIN, excluded_checks=_excluded(case))
