"""The lesson studies' periodic job: the day-before reminders, recorded once each."""

from datetime import timedelta

from komunitas.lessonstudy.actions import send_due_reminders
from komunitas.notifications.periodic import periodic_job


@periodic_job("lessonstudy.reminders", every=timedelta(minutes=15))
def record_due_reminders(now):
    return send_due_reminders(now)
