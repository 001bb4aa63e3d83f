"""Workflows that cross apps: scheduling and changing meetings tells the members (notifications),
publishing minutes, and the reminders a periodic job sends."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from komunitas.communities.models import Community
from komunitas.meetings import notifications as kinds
from komunitas.meetings.models import ActionItem, Meeting
from komunitas.notifications.services import announce

REMINDERS = (
    # (kind, how long before the start, the field that says it was sent)
    (kinds.REMINDER_1H, datetime.timedelta(hours=1), "reminded_1h_at"),
    (kinds.REMINDER_24H, datetime.timedelta(hours=24), "reminded_24h_at"),
)


def event_title(meeting: Meeting) -> str:
    """The meeting's title with its time in its own zone, as a notification shows it."""
    when = date_format(meeting.local_start, "D j M Y, H.i")
    return f"{meeting.title} · {when} {meeting.zone_name}"


URGENT_WITHIN = datetime.timedelta(hours=24)


def starts_soon(meeting: Meeting, now=None) -> bool:
    """Whether the meeting starts within 24 hours (and has not started yet)."""
    now = now or timezone.now()
    return now < meeting.starts_at <= now + URGENT_WITHIN


def _announce(kind: str, meeting: Meeting, *, by):
    """Record the event; about a meeting that starts within 24 hours it is *urgent*: members who
    take the kind in a digest get it at once, unless their quiet hours last until the start
    (see komunitas.notifications.kinds.effective_delivery)."""
    urgent = {"urgent_until": meeting.starts_at.isoformat()} if starts_soon(meeting) else {}
    announce(
        kind,
        actor=by,
        target=meeting,
        title=event_title(meeting),
        url=meeting.get_absolute_url(),
        **urgent,
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


# --- scheduling


@transaction.atomic
def schedule_from_rhythm(
    *, community: Community, by, dates: list[datetime.date], **fields
) -> list[Meeting]:
    """Create a meeting for each chosen rhythm date that has none yet; tell the members."""
    wanted = set(dates)
    if not wanted:
        return []
    horizon = (max(wanted) - min(wanted)).days // 7 + 40
    made = []
    for planned in rhythm_plan(community, start=min(wanted), count=horizon):
        if planned.date not in wanted or planned.meeting is not None:
            continue
        meeting = Meeting(
            community=community,
            starts_at=planned.starts_at,
            zone=community.rhythm_zone,
            rhythm_date=planned.date,
            created_by=by,
            facilitator=by,
            **fields,
        )
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:  # another fasilitator scheduled the same date just now
            continue
        _announce(kinds.SCHEDULED, meeting, by=by)
        made.append(meeting)
    return made


@transaction.atomic
def create_meeting(*, meeting: Meeting, by) -> Meeting:
    meeting.created_by = by
    soon = starts_soon(meeting)
    if soon:  # its announcement, at once, is the day-before reminder: no second mail
        meeting.reminded_24h_at = timezone.now()
    meeting.save()
    _announce(kinds.SCHEDULED, meeting, by=by)
    return meeting


NOTABLE_CHANGES = {"starts_at", "duration_minutes", "zone", "mode", "place", "online_link"}


@transaction.atomic
def update_meeting(*, meeting: Meeting, changed: list[str], by) -> Meeting:
    """Save a changed meeting; a change of time or place is announced and reminders re-armed."""
    if "starts_at" in changed or "duration_minutes" in changed:
        meeting.reschedule(meeting.starts_at, duration_minutes=meeting.duration_minutes)
    meeting.bump_sequence()
    meeting.save()
    if NOTABLE_CHANGES & set(changed) and not meeting.has_ended():
        _announce(kinds.CHANGED, meeting, by=by)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, reason: str, by) -> Meeting:
    meeting.cancel(reason=reason)
    _announce(kinds.CANCELLED, meeting, by=by)
    return meeting


@transaction.atomic
def publish_minutes(*, meeting: Meeting, by) -> Meeting:
    """Publish the minutes: members and partners can read them, action items reach owners."""
    meeting.publish_minutes(by=by)
    return meeting


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
            with transaction.atomic():
                claim = {field: now}
                if kind == kinds.REMINDER_1H:  # a day-before reminder is pointless by now
                    claim["reminded_24h_at"] = now
                claimed = Meeting.objects.filter(pk=meeting.pk, **{f"{field}__isnull": True})
                if claimed.update(**claim):
                    _announce(kind, meeting, by=None)
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
