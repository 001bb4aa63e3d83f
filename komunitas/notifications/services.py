"""Record events and turn them into notifications, outside the request.

``record_event`` runs inside the transaction of the change; once it commits, the ``fan_out``
task finds who may hear of it, writes their notifications and puts the mail of those who want
it at once in the outbox (``mail.py``); digests gather the rest (``digests.py``). Every task is
idempotent: running one twice notifies and mails nobody twice.
"""

from collections import defaultdict
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from komunitas.notifications import kinds
from komunitas.notifications import mail as outbox
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Event, Mail, Notification, Preference, QuietHours
from komunitas.permissions import can


def record_event(kind: str, *, actor, target, title: str, url: str, **data) -> Event:
    """Record that something happened; the people who may see it hear of it after the commit.

    ``data`` (JSON) keeps details the kind's wording uses, e.g. a new role or a reason."""
    kinds.get(kind)  # fail early on a kind nobody registered
    event = Event.objects.create(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        title=title[:300],
        url=url,
        data=data,
    )
    transaction.on_commit(lambda: fan_out.enqueue(event.pk))
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
    bounded: the number of queries grows with the audience only by its batches of 500.
    """
    return notify(event_id)


def notify(event_id: int, *, mail: bool = True) -> int:
    """The work of ``fan_out``; ``mail=False`` writes the notifications only (the demo)."""
    event = Event.objects.select_related("actor").filter(pk=event_id).first()
    if event is None:
        return 0
    if event.fanned_out_at is not None:  # a repeated task: only finish queueing the mail
        if mail:
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
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        Event.objects.filter(pk=event.pk).update(fanned_out_at=timezone.now())
    if mail:
        _queue_immediate_mail(event)
    return len(created)


def _queue_immediate_mail(event: Event) -> None:
    """Put one mail per notification of the event that should go at once (and has none yet)
    in the outbox, due now or after the recipient's quiet hours; queue those due now."""
    now = timezone.now()
    immediate = (
        Notification.objects.filter(event=event, delivery=Delivery.IMMEDIATELY, mail__isnull=True)
        .select_related(None)
        .values_list("pk", "recipient_id", "recipient__time_zone")
    )
    quiet = {
        q.user_id: q for q in QuietHours.objects.filter(user__notifications__event=event).distinct()
    }
    mails = [
        Mail(
            recipient_id=recipient_id,
            kind=Mail.Kind.NOTIFICATION,
            notification_id=notification_id,
            due_at=outbox.due_time(zone, quiet.get(recipient_id), now),
        )
        for notification_id, recipient_id, zone in immediate
    ]
    urgent_until = event.data.get("urgent_until")
    if urgent_until:
        # Quiet hours hold an urgent mail too; one they would hold past the moment it is about
        # (the meeting has begun) is not written at all: the notification waits in the app.
        deadline = datetime.fromisoformat(urgent_until)
        mails = [m for m in mails if m.due_at < deadline]
    Mail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=500)
    outbox.enqueue(
        Mail.objects.due(now)
        .filter(notification__event=event)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def stop_digest(user, delivery: str) -> None:
    """Take every kind the member gets in this digest out of it (they still see it in the app)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    for kind in kinds.all_kinds():
        if chosen.get(kind.key, kind.default) == delivery:
            Preference.objects.update_or_create(
                user=user, kind=kind.key, defaults={"delivery": Delivery.IN_APP}
            )
