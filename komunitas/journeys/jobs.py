"""The periodic work of learning journeys: reminders of due check-ins and the value follow-ups.

Both are idempotent, so running them often, late or twice is safe: a check-in reminder claims
its plan with a conditional UPDATE; a follow-up is one row per member, thing and moment under a
unique constraint, written whether the question is asked or not.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from komunitas.discussions.models import Bookmark, ClassroomApplication, Post
from komunitas.journeys.models import FollowUp, LearningPlan
from komunitas.journeys.notifications import announce_checkin_due, announce_follow_up
from komunitas.meetings.models import Attendance, Meeting
from komunitas.notifications.periodic import periodic_job
from komunitas.permissions import can

FOLLOW_UP_WEEKS = (2, 6)
# A follow-up is still asked this long after its moment (if the jobs did not run for a while);
# older bookmarks and meetings are never asked about, so a first deployment does not flood anyone.
FOLLOW_UP_GRACE = datetime.timedelta(days=14)


def remind_due_checkins(today=None) -> int:
    """Announce every check-in that fell due and was not announced yet; return how many."""
    today = today or timezone.localdate()
    due = (
        LearningPlan.objects.checkin_due(today)
        .filter(Q(reminded_for__isnull=True) | Q(reminded_for__lt=F("next_checkin_on")))
        .filter(owner__is_active=True)
        .only("pk", "title", "next_checkin_on", "owner_id")
    )
    sent = 0
    for plan in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                LearningPlan.objects.filter(pk=plan.pk, next_checkin_on=plan.next_checkin_on)
                .filter(Q(reminded_for__isnull=True) | Q(reminded_for__lt=plan.next_checkin_on))
                .update(reminded_for=plan.next_checkin_on)
            )
            if claimed:
                announce_checkin_due(plan)
                sent += 1
    return sent


def _why_not_ask(member, target, community, apply_action) -> str:
    """Why this member is not asked about this thing, or "" to ask."""
    if not member.is_active:
        return "inactive"
    if community is None or community.deleted_at or community.role_of(member) is None:
        return "left_community"
    if not can(member, apply_action, target):
        return "cannot_apply"
    if (
        ClassroomApplication.objects.for_target(target).filter(member=member).exists()
        or FollowUp.objects.filter(
            member=member,
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            answered_at__isnull=False,
        ).exists()
    ):
        return "already_applied"
    return ""


def _decide(*, member, target, community, reason, weeks, since, apply_action, skip="") -> bool:
    """Write the one follow-up row of this member, thing and moment; True if it asks.

    ``skip`` is a reason not to ask that the caller already knows (a cancelled meeting)."""
    skip = skip or _why_not_ask(member, target, community, apply_action)
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                member=member,
                target=target,
                community=community,
                reason=reason,
                weeks=weeks,
                since=since,
                status=FollowUp.Status.SKIPPED if skip else FollowUp.Status.ASKED,
                skip_reason=skip,
            )
            if not skip:
                announce_follow_up(follow_up)
    except IntegrityError:  # decided already, by another run
        return False
    return not skip


def _bookmarks_due(weeks: int, now):
    moment = now - datetime.timedelta(weeks=weeks)
    decided = FollowUp.objects.filter(
        member=OuterRef("user"),
        target_type=ContentType.objects.get_for_model(Post),
        target_id=OuterRef("post_id"),
        weeks=weeks,
    )
    return (
        Bookmark.objects.filter(
            created_at__lte=moment,
            created_at__gt=moment - FOLLOW_UP_GRACE,
            post__kind=Post.Kind.GOOD_PRACTICE,
        )
        .exclude(Exists(decided))
        .select_related("user", "post__community")
        .order_by("pk")
    )


def _attendances_due(weeks: int, now):
    """Who attended a meeting that started ``weeks`` weeks ago (within the grace period) and was
    not decided about yet at that moment. Cancelled and deleted meetings are included here so
    that their rows are written as skipped."""
    moment = now - datetime.timedelta(weeks=weeks)
    decided = FollowUp.objects.filter(
        member=OuterRef("member"),
        target_type=ContentType.objects.get_for_model(Meeting),
        target_id=OuterRef("meeting_id"),
        weeks=weeks,
    )
    return (
        Attendance.objects.filter(
            meeting__starts_at__lte=moment,
            meeting__starts_at__gt=moment - FOLLOW_UP_GRACE,
        )
        .exclude(Exists(decided))
        .select_related("member", "meeting__community")
        .order_by("pk")
    )


def _meeting_gone(meeting) -> str:
    if meeting.is_cancelled or meeting.deleted_at:
        return "meeting_cancelled"
    return ""


def ask_follow_ups(now=None) -> int:
    """Ask, once, "did you try it in class?" two and six weeks after a member bookmarked a good
    practice or attended a meeting; return how many were asked."""
    now = now or timezone.now()
    asked = 0
    for weeks in FOLLOW_UP_WEEKS:
        for bookmark in _bookmarks_due(weeks, now).iterator(chunk_size=200):
            asked += _decide(
                member=bookmark.user,
                target=bookmark.post,
                community=bookmark.post.community,
                reason=FollowUp.Reason.BOOKMARK,
                weeks=weeks,
                since=bookmark.created_at,
                apply_action="post.apply",
            )
        for attendance in _attendances_due(weeks, now).iterator(chunk_size=200):
            meeting = attendance.meeting
            asked += _decide(
                member=attendance.member,
                target=meeting,
                community=meeting.community,
                reason=FollowUp.Reason.MEETING,
                weeks=weeks,
                since=meeting.starts_at,
                apply_action="meeting.apply",
                skip=_meeting_gone(meeting),
            )
    return asked


@periodic_job("journeys.checkin_reminders", every=datetime.timedelta(hours=1))
def checkin_reminders_job(now):
    return remind_due_checkins(timezone.localdate(now))


@periodic_job("journeys.follow_ups", every=datetime.timedelta(hours=1))
def follow_ups_job(now):
    return ask_follow_ups(now)


def run_all(now=None) -> dict:
    return {"checkin_reminders": remind_due_checkins(), "follow_ups": ask_follow_ups(now)}


@task()
def run_journeys_jobs() -> dict:
    """Everything periodic of this app at once (the worker runs the jobs by itself; this is for
    running them by hand)."""
    return run_all()
