"""One log line per task the worker runs (``komunitas.worker``): job name, task id, duration and
outcome, as JSON fields with LOG_FORMAT=json; lines logged meanwhile carry the task's id."""

import logging
import time

from django_tasks.signals import task_finished, task_started

from komunitas.lib.logging import request_id_var

logger = logging.getLogger("komunitas.worker")
_started: dict[str, tuple[float, object]] = {}


def _job_name(task_result) -> str:
    path = task_result.task.module_path
    if path.endswith(".run_periodic_job") and task_result.args:
        return f"periodic:{task_result.args[0]}"  # the periodic job's own name
    return path


def on_started(sender, task_result, **kwargs):
    _started[task_result.id] = (time.perf_counter(), request_id_var.set(str(task_result.id)))


def on_finished(sender, task_result, **kwargs):
    start, token = _started.pop(task_result.id, (None, None))
    duration = (time.perf_counter() - start) * 1000 if start is not None else None
    outcome = str(task_result.status).rsplit(".", 1)[-1].lower()
    job = _job_name(task_result)
    logger.log(
        logging.INFO if outcome == "successful" else logging.ERROR,
        "task %s %s %s",
        job,
        outcome,
        f"{duration:.0f}ms" if duration is not None else "",
        extra={
            "job": job,
            "task_id": str(task_result.id),
            "request_id": str(task_result.id),
            "duration_ms": round(duration, 1) if duration is not None else None,
            "outcome": outcome,
        },
    )
    if token is not None:
        try:
            request_id_var.reset(token)
        except ValueError:  # finished in another context (RQ callbacks)
            request_id_var.set("")


def connect() -> None:
    task_started.connect(on_started, dispatch_uid="komunitas.worker_log.started")
    task_finished.connect(on_finished, dispatch_uid="komunitas.worker_log.finished")
