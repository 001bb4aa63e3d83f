"""The polls' periodic job: close the polls whose closing date passed, and tell the members."""

from datetime import timedelta

from komunitas.notifications.periodic import periodic_job
from komunitas.polls.actions import do_close_due_polls


@periodic_job("polls.close_due", every=timedelta(minutes=5))
def close_due_polls(now):
    return do_close_due_polls(now=now)
