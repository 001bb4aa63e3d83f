"""Record events and turn them into notifications, outside the request.

``announce`` runs inside the transaction of the change: the event row is written with the
change or not at all. Once it commits, the ``fan_out`` task finds who may hear of it, writes
their notifications and puts the mail of those who want it at once in the outbox (``mail.py``)
in one transaction; digests gather the rest (``digests.py``).

Delivered at least once, applied exactly once: queueing the task after the commit may fail
(the queue is down, the database is locked) and a worker may die in the middle, so the periodic
job ``notifications.retry_fan_out`` queues again every event not fanned out a while after it
was recorded, with back-off, and gives up after ``FAN_OUT_RETRY_DELAYS`` with the error kept for
the operators' queue page. Running a fan-out twice notifies and mails nobody twice (one
notification per event and member, one mail per notification).
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from komunitas.notifications import kinds
from komunitas.notifications import mail as outbox
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Event, Mail, Notification, Preference, QuietHours
from komunitas.notifications.periodic import periodic_job
from komunitas.permissions import can

logger = logging.getLogger(__name__)

# After the first try (queued on commit), how long until each further try of a fan-out that did
# not finish; then it is FAILED for the operators.
FAN_OUT_RETRY_DELAYS = [
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]


def announce(kind: str, *, actor, target, title: str, url: str, **data) -> Event:
    """Record that something happened; the people who may see it hear of it after the commit.

    ``data`` (JSON) keeps details the kind's wording uses, e.g. a new role or a reason."""
    spec = kinds.get(kind)  # fail early on a kind nobody registered
    now = timezone.now()
    event = Event.objects.create(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        title=title[:300],
        url=url,
        data=data,
        batch_key=spec.batch(target) if spec.batch else "",
        created_at=now,
        next_attempt_at=now + timedelta(seconds=settings.NOTIFICATIONS_FAN_OUT_GRACE_SECONDS),
    )

    def queue_fan_out():
        fan_out.enqueue(event.pk)

    # robust: the change is committed; if the queue cannot take the task now, the periodic
    # retry does, and the member still gets the page that says their change was saved.
    transaction.on_commit(queue_fan_out, robust=True)
    return event


def deliveries_for(audience, kind: kinds.Kind) -> dict[int, str]:
    """How each member of ``audience`` (a queryset) wants to hear of this kind: their choice,
    else the kind's default; one query however many they are."""
    chosen = Preference.objects.filter(kind=kind.key, user__in=audience.values("pk"))
    return defaultdict(lambda: kind.default, chosen.values_list("user_id", "delivery"))


def prepare_permission_checks(target, users) -> None:
    """Load in bulk what the permission rules will ask about each recipient.

    A community (or anything that belongs to one through ``.community``) learns the memberships
    of all of them in one query, so checking 5,000 members costs one query, not 5,000.
    """
    community = target if hasattr(target, "remember_memberships") else None
    if community is None:
        community = getattr(target, "community", None)
    if hasattr(community, "remember_memberships"):
        community.remember_memberships(users)


@task()
def fan_out(event_id: int) -> int:
    """Write one notification per member who may see the event and queue the mail of those who
    want it at once; return how many notifications were new.

    Idempotent (unique notification per event and member, unique mail per notification) and
    bounded: the number of queries grows with the audience only by its batches of 500. A
    failure is kept on the event (for the operators) and the periodic retry tries again.
    """
    try:
        return notify(event_id)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"[:2000]
        Event.objects.filter(pk=event_id).update(last_error=message)
        raise


@periodic_job("notifications.retry_fan_out", every=timedelta(minutes=1))
def retry_fan_out(now: datetime) -> int:
    """Queue again the fan-out of every event that was not done in time; give up on those
    tried ``len(FAN_OUT_RETRY_DELAYS)`` times more. Return how many were queued.

    Each event is claimed with a conditional update (its attempts as read), so two workers
    running this at once queue it once."""
    waiting = Event.objects.waiting().filter(next_attempt_at__lte=now)
    waiting.filter(attempts__gte=len(FAN_OUT_RETRY_DELAYS)).update(failed_at=now)
    due = waiting.filter(attempts__lt=len(FAN_OUT_RETRY_DELAYS)).order_by("next_attempt_at")
    queued = 0
    for pk, attempts in due.values_list("pk", "attempts")[:1000]:
        claimed = Event.objects.filter(pk=pk, attempts=attempts, fanned_out_at__isnull=True).update(
            attempts=attempts + 1, next_attempt_at=now + FAN_OUT_RETRY_DELAYS[attempts]
        )
        if claimed:
            fan_out.enqueue(pk)
            queued += 1
    if queued:
        logger.warning("Queued %s fan-out(s) again", queued)
    return queued


def notify(event_id: int, *, mail: bool = True) -> int:
    """The work of ``fan_out``; ``mail=False`` writes the notifications only (the demo)."""
    event = Event.objects.select_related("actor").filter(pk=event_id).first()
    if event is None:
        return 0
    if event.fanned_out_at is not None:  # a repeated task: only finish the mail
        if mail:
            _create_immediate_mail(event)
            _queue_immediate_mail(event)
        return 0
    spec = event.kind_spec
    target = event.target
    if target is None:
        return 0
    candidates = spec.audience(event).filter(is_active=True).exclude(pk=event.actor_id)
    audience = list(candidates)
    (spec.prepare or prepare_permission_checks)(target, audience)
    audience = [user for user in audience if can(user, spec.action, target)]
    wanted = deliveries_for(candidates, spec)
    rows = [
        Notification(
            event=event,
            recipient=user,
            delivery=kinds.effective_delivery(wanted[user.pk], event.data),
        )
        for user in audience
        if wanted[user.pk] != Delivery.NEVER
    ]
    # All or nothing: a worker killed in the middle leaves the event waiting for the retry.
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        if mail:
            _create_immediate_mail(event)
        Event.objects.filter(pk=event.pk).update(fanned_out_at=timezone.now(), last_error="")
    if mail:
        _queue_immediate_mail(event)
    return len(created)


def _queue_immediate_mail(event: Event) -> None:
    """Queue the delivery of the event's mails that are due now (the periodic
    ``notifications.send_due_mail`` sends them too if this does not happen)."""
    outbox.enqueue(
        Mail.objects.due(timezone.now())
        .filter(notification__event=event)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _create_immediate_mail(event: Event) -> None:
    """Put one mail per notification of the event that should go at once (and has none yet)
    in the outbox, due now or after the recipient's quiet hours.

    For a kind whose mail is gathered by thread (``Kind.batch``), a notification first joins a
    mail about the same thread still waiting for its recipient; the others get a mail due after
    ``NOTIFICATIONS_BATCH_MINUTES``, which gathers what comes meanwhile."""
    now = timezone.now()
    immediate = Notification.objects.filter(
        event=event, delivery=Delivery.IMMEDIATELY, mail__isnull=True, digest__isnull=True
    )
    delay = timedelta(0)
    if event.batch_key:
        delay = timedelta(minutes=settings.NOTIFICATIONS_BATCH_MINUTES)
        # Only a mail due a minute from now or later: none of them can be in a worker's hands.
        waiting = Mail.objects.filter(
            recipient=OuterRef("recipient"),
            kind=Mail.Kind.NOTIFICATION,
            status=Mail.Status.PENDING,
            due_at__gt=now + timedelta(minutes=1),
            notification__event__batch_key=event.batch_key,
        )
        immediate.update(digest=Subquery(waiting.values("pk")[:1]))
    rows = immediate.filter(digest__isnull=True).values_list(
        "pk", "recipient_id", "recipient__time_zone"
    )
    quiet = {
        q.user_id: q for q in QuietHours.objects.filter(user__notifications__event=event).distinct()
    }
    mails = [
        Mail(
            recipient_id=recipient_id,
            kind=Mail.Kind.NOTIFICATION,
            notification_id=notification_id,
            due_at=max(outbox.due_time(zone, quiet.get(recipient_id), now), now + delay),
        )
        for notification_id, recipient_id, zone in rows
    ]
    urgent_until = event.data.get("urgent_until")
    if urgent_until:
        # Quiet hours hold an urgent mail too; one they would hold past the moment it is about
        # (the meeting has begun) is not written at all: the notification waits in the app.
        deadline = datetime.fromisoformat(urgent_until)
        mails = [m for m in mails if m.due_at < deadline]
    Mail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=500)
