from komunitas.accounts.rules import is_operator
from komunitas.permissions import rule


@rule("notification.open")
def _open(user, notification):
    return notification.recipient_id == user.pk


@rule("notifications.operate")
def _operate(user, _obj):
    """The outbox: who got which mail, and why one failed."""
    return is_operator(user)
