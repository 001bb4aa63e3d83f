from komunitas.permissions import rule


@rule("notification.open")
def _open(user, notification):
    return notification.recipient_id == user.pk
