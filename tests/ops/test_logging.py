"""Request and worker logs: one line each, JSON with LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone

from komunitas.lib.logging import JsonFormatter
from komunitas.notifications.periodic import periodic_job, run_periodic_job, unregister

pytestmark = pytest.mark.django_db


def _records(caplog, name):
    return [r for r in caplog.records if r.name == name]


def test_a_request_is_one_line_with_its_id_user_status_duration_and_queries(
    member_client, member, caplog, settings
):
    settings.SLOW_REQUEST_MS = 600_000  # a cold first page on a busy machine is not slow here
    caplog.set_level(logging.INFO, logger="komunitas.request")
    response = member_client.get("/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    assert response["X-Request-ID"] == "lb-7f3a.42"
    (record,) = _records(caplog, "komunitas.request")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "lb-7f3a.42"
    assert line["user_id"] == member.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["duration_ms"] > 0
    assert line["queries"] > 0
    assert line["level"] == "INFO"


def test_an_unsafe_request_id_is_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="komunitas.request")
    response = client.get("/privasi/", HTTP_X_REQUEST_ID="x" * 300)
    generated = response["X-Request-ID"]
    assert len(generated) == 32 and generated != "x" * 300
    response = client.get("/privasi/", HTTP_X_REQUEST_ID='bad id"<script>')
    assert response["X-Request-ID"].isalnum()
    (record, _) = _records(caplog, "komunitas.request")
    assert record.user_id is None  # anonymous


def test_a_slow_request_is_a_warning_with_its_query_count(member_client, settings, caplog):
    settings.SLOW_REQUEST_MS = 0
    caplog.set_level(logging.INFO, logger="komunitas.request")
    member_client.get("/")
    (record,) = _records(caplog, "komunitas.request")
    assert record.levelno == logging.WARNING
    assert record.slow is True and record.queries > 0
    assert "slow" in record.getMessage()


def test_lines_logged_during_a_request_carry_its_id(client, caplog):
    from komunitas.lib.logging import request_id_var

    seen = []
    original = client.handler.get_response

    def spy(request):
        seen.append(request_id_var.get())
        return original(request)

    client.handler.get_response = spy
    client.get("/privasi/", HTTP_X_REQUEST_ID="abc123")
    assert seen == [""]  # set inside the middleware, not before it
    caplog.set_level(logging.INFO)
    formatter = JsonFormatter()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    token = request_id_var.set("abc123")
    try:
        assert json.loads(formatter.format(record))["request_id"] == "abc123"
    finally:
        request_id_var.reset(token)


@pytest.mark.django_db(transaction=True)  # the worker closes its connections (PostgreSQL)
def test_the_worker_logs_each_job(caplog):
    ran = []

    @periodic_job("tests.logged", every=timezone.timedelta(hours=1))
    def logged(now):
        ran.append(now)

    try:
        run_periodic_job.enqueue("tests.logged", timezone.now().isoformat())
        caplog.set_level(logging.INFO, logger="komunitas.worker")
        call_command("worker", batch=True, verbosity=0)
    finally:
        unregister("tests.logged")
    assert ran
    records = _records(caplog, "komunitas.worker")
    (record,) = [r for r in records if r.job == "periodic:tests.logged"]
    line = json.loads(JsonFormatter().format(record))
    assert line["outcome"] == "successful"
    assert line["duration_ms"] >= 0
    assert line["task_id"]
    assert line["request_id"] == line["task_id"]


def test_log_format_json_writes_json_lines(tmp_path):
    """The settings wire LOG_FORMAT=json to the formatter; plain stays the default."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('komunitas.test').warning('hello %s', 'there', extra={'n': 3})"
    )
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "komunitas.settings"}
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", script], env={**env, "LOG_FORMAT": "json"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = json.loads(out.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello there" and line["n"] == 3 and line["level"] == "WARNING"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert "WARNING komunitas.test hello there" in out.stderr
    bad = subprocess.run(
        [sys.executable, "-c", script], env={**env, "LOG_FORMAT": "xml"},
        capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode and "LOG_FORMAT must be plain or json" in bad.stderr
