"""The changes of the notifications app: the only way its state changes (docs/architecture.md,
"Actions"). A notification is written by the fan-out (``services.fan_out``) from what the apps
``announce``; what a member or an operator does with them is here."""

from django.db import transaction
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.notifications import kinds, services
from komunitas.notifications import mail as outbox
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Event, Mail, Notification, Preference, QuietHours


@transaction.atomic
def do_open_notification(*, notification: Notification, user: User) -> None:
    """Opening a notification reads it, and the member's other unread ones about the same thing
    (a busy thread: one visit reads them all)."""
    Notification.objects.filter(
        recipient=user,
        event__kind=notification.event.kind,
        event__target_type=notification.event.target_type_id,
        event__target_id=notification.event.target_id,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


@transaction.atomic
def do_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the member read; return how many there were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def do_save_preferences(*, user: User, deliveries: dict[str, str], quiet_from, quiet_until) -> None:
    """Store how the member hears of each kind (``deliveries``: kind key → delivery; empty values
    are left as they are) and their quiet hours (both ends, or neither to have none)."""
    for key, delivery in deliveries.items():
        if delivery:
            Preference.objects.update_or_create(
                user=user, kind=key, defaults={"delivery": delivery}
            )
    if quiet_from is None:
        QuietHours.objects.filter(user=user).delete()
    else:
        QuietHours.objects.update_or_create(
            user=user, defaults={"starts": quiet_from, "ends": quiet_until}
        )


@transaction.atomic
def do_unsubscribe(*, user: User, kind_key: str = "", digest: str = "") -> None:
    """Stop the mail of one kind (it stays in the app), or a whole digest (``digest``: the
    delivery, daily or weekly): what the link in a mail does."""
    if digest:
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
        for kind in kinds.all_kinds():
            if chosen.get(kind.key, kind.default) == digest:
                Preference.objects.update_or_create(
                    user=user, kind=kind.key, defaults={"delivery": Delivery.IN_APP}
                )
    else:
        Preference.objects.update_or_create(
            user=user, kind=kind_key, defaults={"delivery": Delivery.IN_APP}
        )


@transaction.atomic
def do_resend_mail(*, mail: Mail) -> bool:
    """An operator sends a failed mail again (fresh attempts, now); False if it had not failed."""
    if not mail.resend():
        return False
    transaction.on_commit(lambda: outbox.enqueue([mail.pk]), robust=True)
    return True


@transaction.atomic
def do_fan_out_again(*, event: Event) -> bool:
    """An operator gives a fan-out that was given up fresh attempts, starting now; False if it
    had not failed."""
    if not Event.objects.filter(pk=event.pk).run_again():
        return False
    transaction.on_commit(lambda: services.fan_out.enqueue(event.pk), robust=True)
    return True
