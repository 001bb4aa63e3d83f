"""Record events and turn them into notifications, outside the request.

``record_event`` runs inside the transaction of the change; once it commits, the ``fan_out``
task finds who may hear of it and writes their notifications; ``deliver_email`` mails those who
want it at once. Both tasks are idempotent: running one twice notifies and mails nobody twice.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from komunitas.accounts.models import User
from komunitas.lib import emails
from komunitas.notifications import kinds
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Event, Notification, Preference
from komunitas.notifications.unsubscribe import make_unsubscribe_token
from komunitas.permissions import can


def record_event(kind: str, *, actor, target, title: str, url: str) -> Event:
    """Record that something happened; the people who may see it hear of it after the commit."""
    kinds.get(kind)  # fail early on a kind nobody registered
    event = Event.objects.create(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        title=title[:300],
        url=url,
    )
    transaction.on_commit(lambda: fan_out.enqueue(event.pk))
    return event


def deliveries_for(users, kind: kinds.Kind) -> dict[int, str]:
    """How each of these members wants to hear of this kind: their choice or the default."""
    chosen = dict(
        Preference.objects.filter(user__in=users, kind=kind.key).values_list("user_id", "delivery")
    )
    return {user.pk: chosen.get(user.pk, kind.default) for user in users}


@task()
def fan_out(event_id: int) -> int:
    """Write one notification per member who may see the event; return how many were new."""
    event = Event.objects.select_related("actor").filter(pk=event_id).first()
    if event is None or event.fanned_out_at is not None:
        return 0
    spec = event.kind_spec
    target = event.target
    if target is None:
        return 0
    audience = [
        user
        for user in spec.audience(event).filter(is_active=True).exclude(pk=event.actor_id)
        if can(user, spec.action, target)
    ]
    wanted = deliveries_for(audience, spec)
    rows = [
        Notification(event=event, recipient=user, delivery=wanted[user.pk])
        for user in audience
        if wanted[user.pk] != Delivery.NEVER
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    Event.objects.filter(pk=event.pk).update(fanned_out_at=timezone.now())
    immediate = Notification.objects.filter(
        event=event, delivery=Delivery.IMMEDIATELY, emailed_at__isnull=True
    ).values_list("pk", flat=True)
    for notification_id in immediate:
        deliver_email.enqueue(notification_id)
    return len(created)


@task()
def deliver_email(notification_id: int) -> bool:
    """Mail one notification, once: the row is claimed before sending and released on failure."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("event__actor", "recipient").get(
        pk=notification_id
    )
    try:
        send_notification_email(notification)
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True


def send_notification_email(notification: Notification) -> None:
    recipient: User = notification.recipient
    event = notification.event
    token = make_unsubscribe_token(recipient, event.kind)
    unsubscribe_url = emails.absolute(reverse("notifications:unsubscribe", args=[token]))
    emails.send(
        "notification",
        recipient.email,
        {
            "recipient": recipient,
            "event": event,
            "text": event.kind_spec.describe(event, 1),
            "link": emails.absolute(reverse("notifications:open", args=[notification.pk])),
            "unsubscribe_url": unsubscribe_url,
            "kind_label": event.kind_spec.label,
        },
        language=recipient.language,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
