"""The meetings' periodic job: the worker's scheduler records due reminders every five minutes."""

from datetime import timedelta

from komunitas.meetings.services import send_due_reminders
from komunitas.notifications.periodic import periodic_job


@periodic_job("meetings.reminders", every=timedelta(minutes=5))
def record_due_reminders(now):
    """Reminders a day and an hour before each meeting (each is claimed, so recorded once)."""
    return send_due_reminders.call()
