"""/healthz and /readyz as a load balancer sees them: plain HTTP, any Host, 200 or 503."""

import datetime as dt

import pytest
from django.utils import timezone

from komunitas.core.health import beat
from komunitas.core.models import Heartbeat
from komunitas.notifications.periodic import run_periodic_job

pytestmark = pytest.mark.django_db

PROBE = {"HTTP_HOST": "10.20.30.40"}  # the server's IP: not in ALLOWED_HOSTS, no X-Forwarded-Proto


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["komunitas.example.id"]


def test_healthz_answers_a_plain_http_probe_with_any_host_without_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", **PROBE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert client.head("/healthz", **PROBE).status_code == 200


def test_other_pages_keep_the_redirect_and_the_host_check(client):
    assert client.get("/privasi/", HTTP_HOST="komunitas.example.id").status_code == 301
    assert client.get("/privasi/", **PROBE).status_code == 400
    assert client.get("/healthz/x", **PROBE).status_code == 400
    # Only GET and HEAD are answered early; a POST goes the usual way (and is refused).
    assert client.post("/readyz", **PROBE).status_code == 400


def test_readyz_reports_every_check(client):
    beat()
    response = client.get("/readyz", **PROBE)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "migrations", "storage", "worker", "queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["worker"]["age_seconds"] < 5
    assert Heartbeat.objects.filter(name="readyz").exists()  # the database took a write


def test_queue_depth_and_the_oldest_waiting_task(client):
    run_periodic_job.enqueue("nothing.here", timezone.now().isoformat())
    run_periodic_job.enqueue("nothing.else", timezone.now().isoformat())
    queue = client.get("/readyz", **PROBE).json()["checks"]["queue"]
    assert queue["waiting"] == 2
    assert queue["oldest_age_seconds"] is not None and queue["oldest_age_seconds"] >= 0


def test_a_stale_worker_is_reported_and_fails_only_when_required(client, settings):
    Heartbeat.objects.create(name="worker:old:1", seen_at=timezone.now() - dt.timedelta(minutes=10))
    response = client.get("/readyz", **PROBE)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"]["error"] == "heartbeat too old"
    settings.READYZ_REQUIRE_WORKER = True
    response = client.get("/readyz", **PROBE)
    assert response.status_code == 503
    assert response.json()["status"] == "fail"


def test_no_worker_at_all(client):
    worker = client.get("/readyz", **PROBE).json()["checks"]["worker"]
    assert worker == {**worker, "ok": False, "error": "no worker heartbeat", "last_seen": None}


def test_a_cache_that_keeps_nothing_is_a_503(client, settings):
    beat()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/readyz", **PROBE)
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_storage_that_cannot_be_written_is_a_503(client, settings, tmp_path):
    beat()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }
    response = client.get("/readyz", **PROBE)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"]["ok"] is False and checks["database"]["ok"] is True


@pytest.mark.django_db(transaction=True)  # the worker closes its connections (PostgreSQL)
def test_the_worker_writes_its_heartbeat():
    from django.core.management import call_command

    call_command("worker", batch=True, verbosity=0)
    assert Heartbeat.objects.filter(name__startswith="worker:").exists()


def test_readyz_fails_and_names_redis_when_the_cache_is_unreachable(client, settings):
    """The site keeps serving without Redis (ResilientRedisCache); the probe says why it is not
    ready instead of "the cache did not keep a value"."""
    from tests.core.test_degraded import _closed_port

    settings.CACHES = {
        "default": {
            "BACKEND": "komunitas.lib.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    beat()
    response = client.get("/readyz", **PROBE)
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["error"] == "redis unreachable"
