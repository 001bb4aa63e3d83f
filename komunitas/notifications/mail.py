"""The outbox: every mail is a ``Mail`` row, sent once, retried with back-off, never in quiet hours.

Every mail the site sends goes through here: notifications and digests (made by the fan-out and
the digest jobs), and transactional mail (verification, address change, password reset,
invitations), which any app queues with ``komunitas.lib.emails.queue_mail``. Quiet hours do not
hold transactional mail back; it is rendered when queued, sent after the commit by a worker,
retried like the rest.

``deliver_mail`` takes a batch of mail ids. Each mail is claimed with a conditional update
(PENDING and due -> SENDING) before it is sent, so a task that runs twice, or two workers that
get the same batch, send it once. A send that raises is retried after ``RETRY_DELAYS`` (1 minute,
5 minutes, 30 minutes, 2 hours); after ``MAX_ATTEMPTS`` the mail is FAILED with the error, for the
operators' queue page, where it can be sent again. The periodic job ``notifications.send_due_mail``
sends what became due (retries, mail held back by quiet hours) and picks up mail left SENDING by a
worker that died.
"""

import logging
import secrets
import time
import zoneinfo
from datetime import datetime, timedelta
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import get_connection
from django.db import OperationalError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from komunitas.lib import emails
from komunitas.notifications.digest_sections import sections_for
from komunitas.notifications.kinds import Delivery, effective_delivery
from komunitas.notifications.models import Mail, Notification, Preference, QuietHours
from komunitas.notifications.periodic import periodic_job
from komunitas.notifications.unsubscribe import make_unsubscribe_token
from komunitas.permissions import can

logger = logging.getLogger(__name__)

RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
STALE_AFTER = timedelta(minutes=15)  # a mail SENDING for longer belongs to a worker that died
BATCH = 500  # mails per delivery task


def due_time(zone: str, quiet: QuietHours | None, now: datetime) -> datetime:
    """When a mail to a member in ``zone`` may go: now, or at the end of their quiet hours."""
    if quiet is None:
        return now
    return quiet.end_of_quiet(now, zone) or now


def store_transactional(
    *, to: str, template: str, subject: str, text: str, html: str, recipient=None
) -> Mail:
    """Keep a rendered transactional mail in the outbox and send it after the commit.

    Called by ``komunitas.lib.emails.queue_mail`` (the one function every app calls). The mail is
    a PENDING ``Mail`` row due now whatever the quiet hours; a worker sends it after the commit;
    a failure is retried (``RETRY_DELAYS``), then shown on the operators' queue page.
    """
    mail = Mail.objects.create(
        recipient=recipient,
        kind=Mail.Kind.TRANSACTIONAL,
        to_address=to,
        template=template,
        subject=subject[:300],
        body_text=text,
        body_html=html,
    )
    transaction.on_commit(lambda: enqueue([mail.pk]), robust=True)
    return mail


emails.use_outbox(store_transactional)


def enqueue(mail_ids) -> None:
    """Queue delivery tasks for these mails, ``BATCH`` mails per task."""
    mail_ids = list(mail_ids)
    for start in range(0, len(mail_ids), BATCH):
        deliver_mail.enqueue(mail_ids[start : start + BATCH])


@task()
def deliver_mail(mail_ids: list[int]) -> int:
    """Send each of these mails that is still waiting and due; return how many went out."""
    return send_batch(mail_ids)


def send_batch(mail_ids) -> int:
    """Claim the due mails among ``mail_ids`` in one update, send them over one connection.

    What the permission checks and the preferences need is loaded once for the batch, so a
    batch of 500 mails about one event costs a handful of queries plus one update per mail.
    """
    now = timezone.now()
    claim = secrets.token_hex(16)
    Mail.objects.due(now).filter(pk__in=mail_ids).update(
        status=Mail.Status.SENDING, claimed_at=now, claim=claim, attempts=F("attempts") + 1
    )
    mails = list(
        Mail.objects.filter(pk__in=mail_ids, claim=claim, status=Mail.Status.SENDING)
        .select_related("recipient", "notification__event__actor")
        .order_by("pk")
    )
    if not mails:
        return 0
    _prepare(mails)
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the mail server is down: every mail of the batch waits
        logger.warning("Mail server unreachable for %s mail(s): %s", len(mails), error)
        for mail in mails:
            _failed(mail, error)
        return 0
    sent = 0
    try:
        for mail in mails:
            sent += _send_one(mail, connection)
    finally:
        try:
            connection.close()
        except Exception:  # the server went away; what was sent is recorded
            logger.warning("Closing the mail connection failed", exc_info=True)
    return sent


def message_id(mail: Mail) -> str:
    """The mail's Message-ID, the same at every attempt: if a crash after the mail server took it
    makes us send it again, the receiver sees the same message and shows it once."""
    domain = urlsplit(settings.SITE_URL).hostname or "komunitas.invalid"
    return f"<outbox.{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"


def _prepare(mails: list[Mail]) -> None:
    """Share one event (and its target) between the mails about it, prime the permission checks
    for all their recipients at once, and read their preferences in one query."""
    from komunitas.notifications.services import prepare_permission_checks

    by_event: dict[int, list[Mail]] = {}
    for mail in mails:
        if mail.notification_id:
            by_event.setdefault(mail.notification.event_id, []).append(mail)
    for group in by_event.values():
        event = group[0].notification.event
        for mail in group:
            mail.notification.event = event
            mail.notification.recipient = mail.recipient
        target = event.target
        if target is not None:
            (event.kind_spec.prepare or prepare_permission_checks)(
                target, [mail.recipient for mail in group]
            )
    chosen = Preference.objects.filter(
        user__in={mail.recipient_id for mail in mails},
        kind__in={group[0].notification.event.kind for group in by_event.values()},
    ).values_list("user_id", "kind", "delivery")
    preferences = {(user_id, kind): delivery for user_id, kind, delivery in chosen}
    for mail in mails:
        mail.preferences = preferences


def _send_one(mail: Mail, connection) -> bool:
    try:
        sent = _render_and_send(mail, connection)
    except Exception as error:  # any failure of rendering or the mail server: retry later
        logger.exception("Mail %s failed (attempt %s)", mail.pk, mail.attempts)
        _failed(mail, error)
        return False
    status = Mail.Status.SENT if sent else Mail.Status.SKIPPED
    _mark_done(mail, status)
    return sent


def _mark_done(mail: Mail, status: str) -> None:
    """Record the mail as sent (or not needed), trying again while the database is busy: a mail
    left SENDING is sent again by the rescue (with the same Message-ID). A transactional mail's
    bodies are emptied: the links in them (a password reset) are not kept once sent."""
    done = {"body_text": "", "body_html": ""} if mail.kind == Mail.Kind.TRANSACTIONAL else {}
    for attempt in range(3):
        try:
            Mail.objects.filter(pk=mail.pk).update(
                status=status, sent_at=timezone.now(), last_error="", **done
            )
            return
        except OperationalError:
            if attempt == 2:
                logger.exception("Mail %s was sent but could not be marked sent", mail.pk)
                return
            time.sleep(0.5 * (attempt + 1))


def _failed(mail: Mail, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.FAILED, last_error=message)
    else:
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.PENDING,
            due_at=timezone.now() + RETRY_DELAYS[mail.attempts - 1],
            last_error=message,
        )


def _render_and_send(mail: Mail, connection) -> bool:
    """Send the mail; False when there is nothing left to say (read meanwhile, no longer
    allowed to see it, switched off)."""
    if mail.kind == Mail.Kind.TRANSACTIONAL:
        return _send_transactional(mail, connection)
    if not mail.recipient.is_active:
        return False
    recipient = mail.recipient
    with (
        timezone.override(zoneinfo.ZoneInfo(recipient.time_zone)),
        translation.override(recipient.language),
    ):
        if mail.kind == Mail.Kind.NOTIFICATION:
            return _send_notification(mail, connection)
        return _send_digest(mail, connection)


def _send_transactional(mail: Mail, connection) -> bool:
    """Send the mail as rendered when it was queued (no quiet hours, no preferences)."""
    emails.send_rendered(
        mail.to_address,
        mail.subject,
        mail.body_text,
        mail.body_html,
        headers={"Message-ID": message_id(mail)},
        connection=connection,
    )
    return True


def _still_wanted(notification: Notification) -> bool:
    event = notification.event
    spec = event.kind_spec
    target = event.target
    return target is not None and can(notification.recipient, spec.action, target)


def _gathered(mail: Mail) -> list[Notification]:
    """The unread notifications this mail speaks of, oldest first: its own, and for a kind
    gathered by thread those that joined it while it waited; only what the member may still
    see."""
    items = [mail.notification]
    if mail.notification.event.batch_key:
        joined = mail.digest_items.select_related("event__actor").order_by("created_at", "pk")
        for notification in joined:
            notification.recipient = mail.recipient
            items.append(notification)
    return [n for n in items if n.read_at is None and _still_wanted(n)]


def _send_notification(mail: Mail, connection) -> bool:
    event = mail.notification.event
    chosen = mail.preferences.get((mail.recipient_id, event.kind), event.kind_spec.default)
    if effective_delivery(chosen, event.data) != Delivery.IMMEDIATELY:
        return False  # the member changed their mind (or unsubscribed) since
    wanted = _gathered(mail)
    if not wanted:
        return False
    notification, event = wanted[0], wanted[-1].event  # open the oldest, name the newest
    unsubscribe_url = emails.absolute(
        reverse(
            "notifications:unsubscribe", args=[make_unsubscribe_token(mail.recipient, event.kind)]
        )
    )
    emails.send(
        "notification",
        mail.recipient.email,
        {
            "recipient": mail.recipient,
            "event": event,
            "text": event.kind_spec.describe(event, len(wanted)),
            "link": emails.absolute(reverse("notifications:open", args=[notification.pk])),
            "unsubscribe_url": unsubscribe_url,
            "kind_label": event.kind_spec.label,
        },
        language=mail.recipient.language,
        headers={**_unsubscribe_headers(unsubscribe_url), "Message-ID": message_id(mail)},
        connection=connection,
    )
    return True


def group_notifications(notifications) -> list[dict]:
    """Group notifications by kind and thing: '3 new replies in ...', newest group first."""

    def key(n):
        if n.event.batch_key:  # replies to one thread are one group
            return (n.event.kind, n.event.batch_key)
        return (n.event.kind, n.event.target_type_id, n.event.target_id)

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


def _send_digest(mail: Mail, connection) -> bool:
    items = (
        mail.digest_items.filter(read_at__isnull=True)
        .select_related("event__actor", "event__target_type")
        .order_by("event__kind", "event__target_type_id", "event__target_id", "-created_at")
    )
    wanted = []
    for notification in items:
        notification.recipient = mail.recipient
        if _still_wanted(notification):
            wanted.append(notification)
    if not wanted:
        return False
    weekly = mail.kind == Mail.Kind.WEEKLY
    since = mail.created_at - (timedelta(days=7) if weekly else timedelta(days=1))
    sections = sections_for(mail.recipient, weekly=weekly, since=since)
    for section in sections:
        for item in section["items"]:
            item["link"] = emails.absolute(item["url"])
    token = make_unsubscribe_token(mail.recipient, f"digest:{mail.kind}")
    unsubscribe_url = emails.absolute(reverse("notifications:unsubscribe", args=[token]))
    groups = group_notifications(wanted)
    for group in groups:
        group["link"] = emails.absolute(reverse("notifications:open", args=[group["first"].pk]))
    emails.send(
        "digest",
        mail.recipient.email,
        {
            "recipient": mail.recipient,
            "weekly": weekly,
            "groups": groups,
            "sections": sections,
            "centre": emails.absolute(reverse("notifications:list")),
            "settings_url": emails.absolute(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe_url,
        },
        language=mail.recipient.language,
        headers={**_unsubscribe_headers(unsubscribe_url), "Message-ID": message_id(mail)},
        connection=connection,
    )
    return True


def _unsubscribe_headers(url: str) -> dict:
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@periodic_job("notifications.send_due_mail", every=timedelta(minutes=1))
def send_due_mail(now: datetime) -> int:
    """Queue what became due (retries, mail after quiet hours) and rescue abandoned sends."""
    now = timezone.now()
    stale = Mail.objects.filter(status=Mail.Status.SENDING, claimed_at__lt=now - STALE_AFTER)
    for mail in stale.select_related(None).only("pk", "attempts"):
        _failed(mail, RuntimeError(gettext("The worker stopped while sending.")))
    due = list(Mail.objects.due(now).order_by("due_at").values_list("pk", flat=True)[:10_000])
    enqueue(due)
    return len(due)


KEEP_TASK_RESULTS_DAYS = 14


@periodic_job("notifications.prune", every=timedelta(days=1))
def prune(now: datetime) -> None:
    """Forget mail older than MAIL_RETENTION_DAYS (sent, skipped or failed: the operators saw
    the failures meanwhile; what still waits stays), notifications older than
    NOTIFICATION_RETENTION_DAYS, expired sessions and old task results (the privacy page states
    the periods)."""
    from django.core.management import call_command

    from komunitas.notifications.models import Notification
    from komunitas.notifications.periodic import uses_rq

    done = [Mail.Status.SENT, Mail.Status.SKIPPED, Mail.Status.FAILED]
    mail_before = timezone.now() - timedelta(days=settings.MAIL_RETENTION_DAYS)
    Mail.objects.filter(status__in=done, created_at__lt=mail_before).delete()
    before = timezone.now() - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    Notification.objects.filter(created_at__lt=before).delete()
    call_command("clearsessions", verbosity=0)  # expired logins (SESSION_COOKIE_AGE)
    if not uses_rq():  # Redis keeps results only for a while by itself
        call_command("prune_db_task_results", min_age_days=KEEP_TASK_RESULTS_DAYS, verbosity=0)
