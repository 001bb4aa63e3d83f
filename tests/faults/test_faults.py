"""Fault tests on a real site (gunicorn, workers, an SQLite file or a PostgreSQL database of its
own): a worker killed in a fan-out, the database's write lock held while replies are posted, 64
writers at once. Every acknowledged write is stored once and its notifications are delivered;
every refused write stored nothing and said so."""

import os
import signal
import sqlite3
import threading
import time

import psycopg
import pytest

from tests.faults.conftest import Browser

pytestmark = pytest.mark.faults

PASSWORD = "kata-sandi-rahasia-123"


def _query(site, sql: str) -> list:
    if site.vendor == "sqlite":
        with sqlite3.connect(site.sqlite_file, timeout=30) as connection:
            return connection.execute(sql).fetchall()
    with psycopg.connect(site.database_url) as connection:
        return connection.execute(sql).fetchall()


def test_a_worker_killed_in_the_middle_of_a_fan_out_notifies_everyone_once_after_restart(site):
    members = 3000
    site.scenario("setup", members)
    site.scenario("announce")
    worker = site.worker()
    deadline = time.monotonic() + 120
    running = []
    while time.monotonic() < deadline and not running:
        running = _query(
            site,
            "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
            "AND task_path LIKE '%fan_out'",
        )
        time.sleep(0.01)
    assert running, "the worker never started the fan-out"
    time.sleep(0.2)  # into the fan-out
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    after_kill = site.scenario("counts")
    announcement = [e for e in after_kill["events"] if e["kind"] == "discussions.announcement"]
    assert announcement[0]["fanned_out_at"] is None, "the fan-out finished before the kill"
    announced = after_kill["by_kind"].get("discussions.announcement", 0)
    assert announced in (0, members)  # all or nothing, never half

    # The periodic retry, ten minutes on (it also queues the events of the setup's question,
    # which no worker handed out).
    assert site.scenario("retry", 10)["queued"] >= 1
    site.manage("worker", "--batch")
    done = site.scenario("counts")
    assert done["by_kind"]["discussions.announcement"] == members
    assert done["per_recipient_event"] == []  # nobody twice


def _hold_write_lock(site):
    """Another process's writer holds the lock until the returned function is called."""
    if site.vendor == "sqlite":
        connection = sqlite3.connect(site.sqlite_file, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        return lambda: (connection.execute("ROLLBACK"), connection.close())
    connection = psycopg.connect(site.database_url)
    connection.execute("LOCK TABLE discussions_reply IN EXCLUSIVE MODE")
    return lambda: (connection.rollback(), connection.close())


def test_a_reply_refused_for_a_held_write_lock_is_stored_once_when_sent_again(site):
    setup = site.scenario("setup", 3)
    # Writers wait one second for the lock (PostgreSQL: lock_timeout, through libpq's PGOPTIONS).
    port = site.serve(SQLITE_BUSY_TIMEOUT="1", PGOPTIONS="-c lock_timeout=1000")
    browser = Browser(port)
    browser.login("guru0@contoh.test", PASSWORD)
    action = f"/diskusi/{setup['post']}/balas/"
    fields = {**browser.form(f"/diskusi/{setup['post']}/", action), "body": "Jawaban saya."}

    release = _hold_write_lock(site)
    try:
        status, headers, html = browser.request("POST", action, fields)
    finally:
        release()
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert "Jawaban saya." in html  # nothing typed is lost
    assert site.scenario("counts")["replies"] == []  # and nothing was stored

    first = browser.request("POST", action, fields)  # "Kirim lagi": the same fields
    again = browser.request("POST", action, fields)  # and once more (a double tap)
    assert first[0] == again[0] == 302
    assert first[1]["Location"] == again[1]["Location"]
    site.manage("worker", "--batch")
    counts = site.scenario("counts")
    assert counts["replies"] == ["Jawaban saya."]
    assert counts["by_kind"]["discussions.reply"] == 1  # the question's author hears, once


def test_64_concurrent_writers_lose_and_duplicate_nothing(site):
    setup = site.scenario("setup", 64)
    port = site.serve(workers=2, threads=8)
    action = f"/diskusi/{setup['post']}/balas/"
    acknowledged, refused, errors = [], [], []

    def write(n):
        browser = Browser(port)
        browser.login(f"guru{n}@contoh.test", PASSWORD)
        for k in range(3):
            fields = {**browser.form(f"/diskusi/{setup['post']}/", action)}
            fields["body"] = f"Balasan {n}-{k}"
            for _attempt in range(20):
                status, _headers, _html = browser.request("POST", action, fields)
                if status == 302:
                    acknowledged.append(fields["body"])
                    break
                if status != 503:
                    errors.append((n, k, status))
                    break
                refused.append(fields["body"])
                time.sleep(0.5)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    stored = site.scenario("counts")["replies"]
    assert sorted(stored) == sorted(acknowledged)  # 0 lost, 0 duplicated
    assert len(acknowledged) == 64 * 3
