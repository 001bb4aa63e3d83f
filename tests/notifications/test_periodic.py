"""Periodic jobs: each runs once per slot, however many workers look, and again after a failure."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from komunitas.notifications import periodic
from komunitas.notifications.models import JobRun

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)


@pytest.fixture
def hourly():
    """A job that notes when it ran, and fails while ``broken`` holds something."""
    runs, broken = [], []

    @periodic.periodic_job("tests.hourly", every=timedelta(hours=1))
    def job(now):
        if broken:
            raise RuntimeError(broken[0])
        runs.append(now)

    yield runs, broken
    periodic.unregister("tests.hourly")


def test_a_job_runs_once_per_interval_however_often_workers_look(hourly, run_jobs):
    runs, _ = hourly
    with time_machine.travel(START, tick=False) as clock:
        run_jobs()
        run_jobs()  # a second worker looks at the same moment
        clock.shift(timedelta(minutes=59))
        run_jobs()
        assert runs == [START]
        clock.shift(timedelta(minutes=1))
        run_jobs()
    assert runs == [START, START + timedelta(hours=1)]


def test_a_failing_job_keeps_its_error_and_runs_again_at_its_next_slot(hourly, run_jobs):
    runs, broken = hourly
    broken.append("The district server is down")
    with time_machine.travel(START, tick=False) as clock:
        run_jobs()
        assert "The district server is down" in JobRun.objects.get(name="tests.hourly").last_error
        broken.clear()
        clock.shift(timedelta(hours=1))
        run_jobs()
    assert runs == [START + timedelta(hours=1)]
    assert JobRun.objects.get(name="tests.hourly").last_error == ""


def test_the_registry_refuses_a_name_twice(hourly):
    with pytest.raises(ValueError, match="already registered"):
        periodic.periodic_job("tests.hourly", every=timedelta(hours=1))(lambda now: None)


def test_run_jobs_says_what_it_started(hourly, capsys):
    with time_machine.travel(START, tick=False):
        call_command("run_jobs")
    out = capsys.readouterr().out
    assert "tests.hourly" in out
    assert "notifications.digests" in out
    assert "notifications.send_due_mail" in out


@pytest.mark.django_db(transaction=True)
def test_a_long_running_workers_scheduler_queues_due_jobs_from_its_own_thread(hourly):
    """`komunitas worker` looks for due jobs in a thread beside the task loop."""
    import threading

    from django_tasks_db.models import DBTaskResult

    from komunitas.notifications.management.commands import worker

    stop = threading.Event()
    stop.set()  # look once, then stop
    thread = threading.Thread(target=worker._schedule, args=(stop,))
    thread.start()
    thread.join(timeout=30)

    assert not thread.is_alive()
    assert JobRun.objects.filter(name="tests.hourly").exists()
    queued = DBTaskResult.objects.filter(task_path__endswith="run_periodic_job")
    assert queued.count() == len(periodic.all_jobs())
