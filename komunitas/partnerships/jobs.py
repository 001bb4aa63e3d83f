"""The reminders' periodic job: every hour, support due soon or overdue is announced once."""

from datetime import timedelta

from komunitas.notifications.periodic import periodic_job
from komunitas.partnerships.actions import do_send_reminders


@periodic_job("partnerships.reminders", every=timedelta(hours=1))
def send_reminders(now):
    return do_send_reminders(now=now)
