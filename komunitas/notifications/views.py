from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import User
from komunitas.lib.http import is_htmx
from komunitas.notifications import actions, kinds
from komunitas.notifications.forms import PreferencesForm
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.mail import group_notifications
from komunitas.notifications.models import Event, JobRun, Mail, Notification
from komunitas.notifications.periodic import uses_rq
from komunitas.notifications.unsubscribe import read_unsubscribe_token
from komunitas.permissions import can, require


def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "groups": group_notifications(page.object_list),
        "can_operate": can(request.user, "notifications.operate"),
    }
    return render(request, "notifications/list.html", context)


def open_notification(request, pk):
    notification = get_object_or_404(Notification.objects.select_related("event"), pk=pk)
    require(request.user, "notification.open", notification)
    actions.do_open_notification(notification=notification, user=request.user)
    target = notification.event.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@require_POST
def mark_all_read(request):
    count = actions.do_mark_all_read(user=request.user)
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
        actions.do_save_preferences(user=request.user, **form.choices())
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    status = 400 if form.is_bound else 200
    return render(request, "notifications/preferences.html", {"form": form}, status=status)


def _unsubscribe_choice(kind_key: str):
    """What a token stops: one kind of event, or a whole digest ("digest:daily")."""
    digests = {
        "digest:daily": (Delivery.DAILY, gettext_lazy("the daily digest")),
        "digest:weekly": (Delivery.WEEKLY, gettext_lazy("the weekly digest")),
    }
    if kind_key in digests:
        return digests[kind_key]
    if kind_key in {k.key for k in kinds.all_kinds()}:
        return None, kinds.get(kind_key).label
    return None


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop one kind of mail, or a digest. GET asks to confirm; POST (also RFC 8058 one-click)
    does it. The signed token is the only credential: no login."""
    payload = read_unsubscribe_token(token)
    user = User.objects.filter(pk=payload[0], is_active=True).first() if payload else None
    choice = _unsubscribe_choice(payload[1]) if user else None
    if choice is None:
        return render(request, "notifications/unsubscribe_failed.html", status=400)
    digest, label = choice
    done = request.method == "POST"
    if done:
        actions.do_unsubscribe(user=user, kind_key=payload[1], digest=digest or "")
    with translation.override(user.language):  # the member's language, as in their mail
        context = {"label": str(label), "done": done}
        return render(request, "notifications/unsubscribe.html", context)


def _task_counts() -> tuple[int, int] | None:
    """Tasks waiting and tasks that failed, on the database or on Redis; None if unreachable."""
    try:
        if uses_rq():
            import django_rq

            queue = django_rq.get_queue("default")
            return queue.count, queue.failed_job_registry.count
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        counts = dict(
            DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.FAILED]
            )
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return counts.get(TaskResultStatus.READY, 0), counts.get(TaskResultStatus.FAILED, 0)
    except Exception:  # Redis down: the page still shows the outbox
        return None


def queue(request):
    """The operators' view of the outbox: counts, failures with their errors, the last mail."""
    require(request.user, "notifications.operate")
    status = request.GET.get("status")
    if status not in Mail.Status.values:
        status = Mail.Status.FAILED
    counts = dict(Mail.objects.values_list("status").annotate(n=Count("pk")).order_by())
    mails = Mail.objects.filter(status=status).select_related("recipient")
    order = "-sent_at" if status in (Mail.Status.SENT, Mail.Status.SKIPPED) else "due_at"
    page = Paginator(mails.order_by(order, "-pk"), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": [(value, label, counts.get(value, 0)) for value, label in Mail.Status.choices],
        "tasks": _task_counts(),
        "jobs": JobRun.objects.all(),
        "fan_outs_waiting": Event.objects.waiting().count(),
        "failed_events": Event.objects.filter(fanned_out_at__isnull=True, failed_at__isnull=False)
        .select_related(None)
        .order_by("-created_at")[:30],
    }
    return render(request, "notifications/queue.html", context)


@require_POST
def resend(request, pk):
    require(request.user, "notifications.operate")
    mail = get_object_or_404(Mail, pk=pk)
    if actions.do_resend_mail(mail=mail):
        messages.success(request, _("The mail is queued again."))
    else:
        messages.error(request, _("Only a failed mail can be sent again."))
    return redirect(f"{reverse('notifications:queue')}?status={Mail.Status.FAILED}")


@require_POST
def fan_out_again(request, pk):
    """Give a fan-out that was given up fresh attempts, starting now."""
    require(request.user, "notifications.operate")
    event = get_object_or_404(Event, pk=pk)
    if actions.do_fan_out_again(event=event):
        messages.success(request, _("The notification is handed out again."))
    else:
        messages.error(request, _("Only a notification that failed to be handed out can be."))
    return redirect("notifications:queue")
