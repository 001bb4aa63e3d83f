from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import User
from komunitas.lib.http import is_htmx
from komunitas.notifications import kinds
from komunitas.notifications.forms import PreferencesForm
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Notification, Preference
from komunitas.notifications.unsubscribe import read_unsubscribe_token
from komunitas.permissions import require


def _groups(notifications):
    """Group a page of notifications by kind and thing: '3 new replies in ...'."""
    key = lambda n: (n.event.kind, n.event.target_type_id, n.event.target_id)  # noqa: E731
    groups = []
    for _key, items in groupby(notifications, key=key):
        items = list(items)
        first = items[0]
        groups.append(
            {
                "first": first,
                "count": len(items),
                "unread": any(n.read_at is None for n in items),
                "text": first.event.kind_spec.describe(first.event, len(items)),
            }
        )
    return groups


def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    context = {"page": page, "groups": _groups(page.object_list)}
    return render(request, "notifications/list.html", context)


def open_notification(request, pk):
    notification = get_object_or_404(Notification.objects.select_related("event"), pk=pk)
    require(request.user, "notification.open", notification)
    Notification.objects.filter(
        recipient=request.user,
        event__kind=notification.event.kind,
        event__target_type=notification.event.target_type_id,
        event__target_id=notification.event.target_id,
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    target = notification.event.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require_POST
def mark_all_read(request):
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if is_htmx(request):
        return render(request, "notifications/badge.html", {"unread_notifications": 0})
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


def badge(request):
    return render(request, "notifications/badge.html")


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    status = 400 if form.is_bound else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop one kind of mail. GET asks to confirm; POST (also RFC 8058 one-click) does it."""
    payload = read_unsubscribe_token(token)
    user = User.objects.filter(pk=payload[0], is_active=True).first() if payload else None
    kind_key = payload[1] if payload else None
    if user is None or kind_key not in {k.key for k in kinds.all_kinds()}:
        return render(request, "notifications/unsubscribe_failed.html", status=400)
    kind = kinds.get(kind_key)
    done = request.method == "POST"
    if done:
        Preference.objects.update_or_create(
            user=user, kind=kind.key, defaults={"delivery": Delivery.IN_APP}
        )
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
