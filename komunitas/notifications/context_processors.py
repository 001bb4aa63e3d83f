from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import SimpleLazyObject

from komunitas.notifications.models import Notification


def unread_count():
    """The unread count as an expression on the user: the login backend adds it to the query
    that loads the signed-in person (``accounts.backends.REQUEST_USER_ANNOTATIONS``)."""
    counted = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def unread(request):
    """The unread count in the navigation: counted when the person was loaded, else one query
    when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counted = getattr(user, "unread_notifications_count", None)
    if counted is not None:
        return {"unread_notifications": counted}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        )
    }
