"""What meetings read across models: the community's rhythm (RFC 5545) and how well it is kept,
the open follow-ups of earlier meetings, the reminders' schedule, and the periodic task that
finds due reminders (each is claimed and announced by ``actions.do_send_reminder``).

Every change of state is in actions.py."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import task

from komunitas.communities.models import Community
from komunitas.meetings import actions
from komunitas.meetings import notifications as kinds
from komunitas.meetings.models import ActionItem, Meeting

REMINDERS = (
    # (kind, how long before the start, the field that says it was sent)
    (kinds.REMINDER_1H, datetime.timedelta(hours=1), "reminded_1h_at"),
    (kinds.REMINDER_24H, datetime.timedelta(hours=24), "reminded_24h_at"),
)


# --- the rhythm


@dataclass
class Planned:
    """One date the rhythm gives, and the meeting already scheduled for it, if any."""

    date: datetime.date
    starts_at: datetime.datetime
    meeting: Meeting | None


def rhythm_starts(community: Community, *, start: datetime.date, count: int):
    """The next ``count`` starts the community's rhythm gives, as aware datetimes in its zone."""
    rule = community.rhythm_rule(start)
    if rule is None:
        return []
    zone = zoneinfo.ZoneInfo(community.rhythm_zone)
    since = datetime.datetime.combine(start, datetime.time.min)
    starts = []
    for moment in rule.xafter(since, count=count, inc=True):
        starts.append(moment.replace(tzinfo=zone))
    return starts


def rhythm_plan(community: Community, *, start: datetime.date, count: int) -> list[Planned]:
    starts = rhythm_starts(community, start=start, count=count)
    dates = [moment.date() for moment in starts]
    existing = {
        meeting.rhythm_date: meeting
        for meeting in community.meetings.filter(rhythm_date__in=dates, deleted_at__isnull=True)
    }
    return [Planned(moment.date(), moment, existing.get(moment.date())) for moment in starts]


def rhythm_adherence(community: Community, *, today: datetime.date, months: int = 3) -> dict:
    """Held versus planned over the last ``months`` months.

    Planned: the dates the rhythm gave in that period (or, without a rhythm, the meetings that
    were scheduled). Held: meetings that took place (not cancelled), whatever their date.
    """
    since = today - datetime.timedelta(days=round(months * 30.44))
    rule = community.rhythm_rule(since)
    window = community.meetings.alive().filter(
        starts_at__date__gte=since, starts_at__date__lt=today
    )
    counts = window.aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.SCHEDULED)), scheduled=Count("pk")
    )
    held = counts["held"]
    if rule is None:
        planned = counts["scheduled"]
    else:
        start = datetime.datetime.combine(since, datetime.time.min)
        end = datetime.datetime.combine(today, datetime.time.min)
        planned = len(rule.between(start, end, inc=True))
    percent = round(100 * min(held, planned) / planned) if planned else None
    return {"held": held, "planned": planned, "percent": percent, "months": months}


def open_items_before(meeting: Meeting):
    """Open action items of earlier meetings of the same community (“tindak lanjut pertemuan
    sebelumnya”), shown on this meeting's page until done."""
    return (
        ActionItem.objects.open()
        .published()
        .filter(
            meeting__community_id=meeting.community_id, meeting__starts_at__lt=meeting.starts_at
        )
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )


# --- reminders


@task()
def send_due_reminders() -> int:
    """Record the reminder events that are due; return how many. Safe to run at any time, as
    often as you like and in several processes at once: each reminder is claimed with a
    conditional update, so it is recorded once. Run it every few minutes (see docs/meetings.md).
    """
    now = timezone.now()
    sent = 0
    earliest = now
    for kind, before, field in REMINDERS:
        due = (
            Meeting.objects.alive()
            .scheduled()
            .filter(
                starts_at__gt=earliest, starts_at__lte=now + before, **{f"{field}__isnull": True}
            )
            .select_related("community")
        )
        for meeting in due:
            if actions.do_send_reminder(meeting=meeting, kind=kind, field=field, now=now):
                sent += 1
        earliest = now + before  # the next, longer reminder only for meetings further away
    return sent


def upcoming_reminders(meeting: Meeting, now=None) -> list[dict]:
    """The reminders of a meeting: when each is due and what became of it.

    ``status`` is "sent", "skipped" (never sent: its time had passed when the meeting was booked,
    or the hour's reminder went first, see send_due_reminders), "due" or "coming".
    """
    now = now or timezone.now()
    items = []
    for kind, before, field in reversed(REMINDERS):
        sent_at = getattr(meeting, field)
        due_at = meeting.starts_at - before
        skipped = kind == kinds.REMINDER_24H and (
            (sent_at is not None and sent_at == meeting.reminded_1h_at)
            or (sent_at is None and (meeting.reminded_1h_at or due_at < meeting.created_at))
        )
        if skipped:
            status, sent_at = "skipped", None
        else:
            status = "sent" if sent_at else "due" if due_at <= now else "coming"
        items.append(
            {"kind": kind, "due_at": due_at, "sent_at": sent_at, "past": due_at <= now,
             "status": status}
        )  # fmt: skip
    return items
