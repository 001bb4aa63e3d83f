"""The RQ backend on a real Redis, end to end: enqueue, an RQ worker in burst mode, mail out.

Redis must run at TEST_REDIS_URL (default redis://127.0.0.1:6379/15, a database of its own so
that the burst worker only sees this test's jobs). Without it the test fails: install and start
Redis (Debian/Ubuntu: ``sudo apt-get install redis-server``).
"""

import os

import pytest
import redis
from django.core.management import call_command

from komunitas.communities.actions import do_ask_to_join
from komunitas.notifications.models import Mail, Notification
from tests.factories import make_user

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def rq_backend(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(
            f"This test needs Redis at {REDIS_URL} ({error}). Install and start Redis "
            "(Debian/Ubuntu: sudo apt-get install redis-server) or set TEST_REDIS_URL."
        )
    settings.REDIS_URL = REDIS_URL
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    # Run jobs in this process (no fork), so they see the test's database transaction.
    settings.RQ = {"WORKER_CLASS": "rq.worker.SimpleWorker"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    import django_rq

    django_rq.get_queue("default").empty()
    yield django_rq.get_queue("default")


@pytest.mark.django_db
def test_a_notification_goes_through_redis_and_an_rq_worker(
    rq_backend, public_community, fasilitator, commit, mailoutbox
):
    with commit():
        do_ask_to_join(community=public_community, user=make_user())
    assert rq_backend.count == 1  # fan_out waits in Redis, nothing ran in the request
    assert not Notification.objects.exists()

    call_command("worker", batch=True)

    assert rq_backend.count == 0
    assert Notification.objects.get().recipient == fasilitator
    assert Mail.objects.get().status == Mail.Status.SENT
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]
