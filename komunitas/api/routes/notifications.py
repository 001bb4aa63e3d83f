"""The caller's notifications: the list (as the notification centre) and marking read."""

from django.shortcuts import get_object_or_404
from ninja import Field as F
from ninja import Query, Router

from komunitas.api.auth import require_write
from komunitas.api.paging import page
from komunitas.api.routes.common import READ_ERRORS, WRITE_ERRORS, Id, Paging
from komunitas.api.schemas import NotificationOut, NotificationPage
from komunitas.lib.http import absolute
from komunitas.notifications import actions
from komunitas.notifications.models import Notification
from komunitas.permissions import require

router = Router()


class NotificationFilters(Paging):
    unread: bool = F(False, description="only the unread ones")


def notification_out(notification) -> dict:
    url = notification.event.url
    return {
        "id": notification.pk,
        "kind": notification.event.kind,
        "title": notification.event.title,
        "url": absolute(url) if url.startswith("/") else url,
        "created_at": notification.created_at,
        "read": notification.read_at is not None,
    }


@router.get("", response={200: NotificationPage, **READ_ERRORS}, summary="My notifications")
def notification_list(request, filters: Query[NotificationFilters]):
    notifications = Notification.objects.for_user(request.user).select_related("event")
    if filters.unread:
        notifications = notifications.unread()
    notifications = notifications.order_by("-created_at", "-pk")
    rows, following = page(request, notifications, cursor=filters.cursor, limit=filters.limit)
    return {"items": [notification_out(n) for n in rows], "next": following}


@router.post("/{pk}/read", response={200: NotificationOut, **WRITE_ERRORS},
             summary="Mark read")  # fmt: skip
def mark_read(request, pk: Id):
    """Mark the notification read (and the caller's other unread ones about the same thing,
    as opening it on the site does)."""
    require_write(request)
    notification = get_object_or_404(
        Notification.objects.select_related("event").filter(recipient=request.user), pk=pk
    )
    require(request.user, "notification.open", notification)
    actions.do_open_notification(notification=notification, user=request.user)
    notification.refresh_from_db(fields=["read_at"])
    return notification_out(notification)
