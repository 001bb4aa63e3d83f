"""Daily and weekly digests: one mail per member and period with what they chose to get that way.

A period starts at ``NOTIFICATIONS_DIGEST_HOUR`` (07.00 by default) in the member's own zone:
every morning for the daily digest, on Monday morning for the weekly one. The periodic job
``notifications.digests`` looks every few minutes for zones whose period has begun, creates one
``Mail`` per member who has digest notifications from before that moment (a unique constraint on
member, kind and period makes a second run add nothing), attaches those notifications to it and
queues it. A member with nothing new gets no mail; a job that was down catches up when it returns.
"""

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.notifications import mail as outbox
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Mail, Notification, QuietHours
from komunitas.notifications.periodic import periodic_job

FREQUENCIES = {Mail.Kind.DAILY: Delivery.DAILY, Mail.Kind.WEEKLY: Delivery.WEEKLY}


def current_period(kind: str, now: datetime, zone: str) -> tuple[str, datetime]:
    """The key and start of the digest period that ``now`` falls in, in ``zone``."""
    hour = settings.NOTIFICATIONS_DIGEST_HOUR
    tz = zoneinfo.ZoneInfo(zone)
    day = (now.astimezone(tz) - timedelta(hours=hour)).date()
    if kind == Mail.Kind.WEEKLY:
        day -= timedelta(days=day.weekday())
        year, week, _ = day.isocalendar()
        key = f"{year}-W{week:02d}"
    else:
        key = day.isoformat()
    return key, datetime.combine(day, time(hour), tzinfo=tz)


def create_digests(kind: str, now: datetime, zone: str) -> list[int]:
    """Create the digests of the current period in ``zone``; return the ids of those due now."""
    period, start = current_period(kind, now, zone)
    pending = Notification.objects.filter(
        delivery=FREQUENCIES[kind],
        digest__isnull=True,
        read_at__isnull=True,
        created_at__lt=start,
        recipient__time_zone=zone,
        recipient__is_active=True,
    )
    recipients = pending.values("recipient_id")
    quiet = {q.user_id: q for q in QuietHours.objects.filter(user__in=recipients)}
    users = User.objects.filter(pk__in=recipients).exclude(
        pk__in=Mail.objects.filter(kind=kind, period=period).values("recipient_id")
    )
    Mail.objects.bulk_create(
        [
            Mail(
                recipient=user,
                kind=kind,
                period=period,
                due_at=outbox.due_time(user.time_zone, quiet.get(user.pk), now),
            )
            for user in users.only("pk", "time_zone")
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    # Attach every pending notification to its member's digest of this period, in one statement;
    # only to a digest still waiting, so nothing joins a mail that already went out.
    waiting = Mail.objects.filter(
        recipient=OuterRef("recipient"), kind=kind, period=period, status=Mail.Status.PENDING
    )
    pending.update(digest=Subquery(waiting.values("pk")[:1]))
    return list(Mail.objects.due(now).filter(kind=kind, period=period).values_list("pk", flat=True))


@periodic_job("notifications.digests", every=timedelta(minutes=10))
def send_digests(now: datetime) -> int:
    now = timezone.now()
    due = []
    for kind in FREQUENCIES:
        for zone in User.Zone.values:
            due += create_digests(kind, now, zone)
    outbox.enqueue(due)
    return len(due)
