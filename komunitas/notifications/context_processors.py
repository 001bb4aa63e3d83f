from django.utils.functional import SimpleLazyObject

from komunitas.notifications.models import Notification


def unread(request):
    """The unread count in the navigation: one query, and only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
