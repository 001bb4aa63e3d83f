import datetime
import zoneinfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.notifications import kinds
from komunitas.notifications.kinds import Delivery


class EventQuerySet(models.QuerySet):
    def waiting(self):
        """Events whose fan-out has not finished and has not been given up."""
        return self.filter(fanned_out_at__isnull=True, failed_at__isnull=True)

    def run_again(self) -> int:
        """Give failed fan-outs fresh attempts, due now; return how many."""
        return self.filter(fanned_out_at__isnull=True, failed_at__isnull=False).update(
            failed_at=None, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )


class Event(models.Model):
    """Something that happened, recorded once in the transaction of the change."""

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target (kind)")
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target (id)"))
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("address"), max_length=500)
    data = models.JSONField(
        default=dict, blank=True, verbose_name=_("data")
    )  # details the kind's wording may use
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created at")
    )
    fanned_out_at = models.DateTimeField(null=True, blank=True, verbose_name=_("fanned out at"))
    # The thread the event belongs to, for kinds whose mail is gathered (Kind.batch).
    batch_key = models.CharField(_("thread"), max_length=80, blank=True, default="", db_default="")
    # The fan-out is retried until it is done (services.retry_fan_out): how often it was tried
    # again, when it is next looked at, the last error, and when it was given up (operators
    # can run it again from the queue page or with ``komunitas resend_failed --event``).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="", db_default="")
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(fanned_out_at__isnull=True, failed_at__isnull=True),
                name="event_fan_out_waiting",
            ),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.kind}: {self.title}"

    @property
    def kind_spec(self) -> kinds.Kind:
        return kinds.get(self.kind)


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user).select_related("event__actor")


class Notification(models.Model):
    """One member's copy of an event; unique per event and member, so fan-out is idempotent."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("event")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    delivery = models.CharField(max_length=12, choices=Delivery.choices, verbose_name=_("delivery"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))
    # The digest that carries it, or the mail "at once" about its thread that gathered it.
    digest = models.ForeignKey(
        "Mail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_items",
        verbose_name=_("digest"),
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(fields=["delivery", "digest", "read_at"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.recipient_id}: {self.event}"


class Preference(models.Model):
    """How a member wants to hear of one kind of event; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(max_length=60, verbose_name=_("kind"))
    delivery = models.CharField(max_length=12, choices=Delivery.choices, verbose_name=_("delivery"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.delivery}"


class QuietHours(models.Model):
    """Hours of a member's day, in their own zone, when no mail should arrive; mail waits."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiet_hours",
        verbose_name=_("user"),
    )
    starts = models.TimeField(_("quiet from"))
    ends = models.TimeField(_("quiet until"))

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")), name="quiet_hours_not_empty"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.starts}-{self.ends}"

    def end_of_quiet(self, moment: datetime.datetime, zone: str) -> datetime.datetime | None:
        """When the quiet period around ``moment`` ends, or None if ``moment`` is not quiet.

        The hours are read in the member's zone; a period may run over midnight (22.00-06.00).
        """
        local = moment.astimezone(zoneinfo.ZoneInfo(zone))
        now = local.timetz().replace(tzinfo=None)
        if self.starts < self.ends:
            quiet = self.starts <= now < self.ends
        else:
            quiet = now >= self.starts or now < self.ends
        if not quiet:
            return None
        end = local.replace(hour=self.ends.hour, minute=self.ends.minute, second=0, microsecond=0)
        if end <= local:
            end += datetime.timedelta(days=1)
        return end


class MailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=Mail.Status.PENDING, due_at__lte=now or timezone.now())

    def resend(self) -> int:
        """Put the failed ones back in the queue with fresh attempts; return how many."""
        return self.filter(status=Mail.Status.FAILED).update(
            status=Mail.Status.PENDING, attempts=0, due_at=timezone.now(), last_error=""
        )


class Mail(models.Model):
    """One e-mail to send: a notification at once, a member's daily or weekly digest, or a
    transactional mail (verification, password reset, invitation; see ``mail.queue_mail``).

    A transactional mail is rendered when it is queued (in the recipient's language) and its
    subject and bodies are kept here until it is sent; quiet hours and preferences do not apply
    to it, and it may go to an address without an account (an invitation).

    The outbox is what operators watch. A mail is claimed (PENDING -> SENDING) with a conditional
    update before it is sent, so two workers never send it twice; a failed send is retried later
    with a growing delay, and after the last attempt it is FAILED with the error kept.
    """

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", _("notification")
        DAILY = "daily", _("daily digest")
        WEEKLY = "weekly", _("weekly digest")
        TRANSACTIONAL = "transactional", _("account or invitation mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not needed any more")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )  # empty only for a transactional mail to an address without an account
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    notification = models.OneToOneField(
        Notification,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail",
        verbose_name=_("notification"),
    )
    period = models.CharField(_("period"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    claim = models.CharField(
        max_length=32, blank=True, verbose_name=_("claimed by worker")
    )  # which worker's batch holds it
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # A transactional mail: where it goes, which templates made it, and what they rendered (the
    # bodies are emptied once it is sent, so no link in them is kept).
    to_address = models.EmailField(_("address"), blank=True, default="", db_default="")
    template = models.CharField(_("template"), max_length=60, blank=True, default="", db_default="")
    subject = models.CharField(
        pgettext_lazy("mail", "subject"), max_length=300, blank=True, default="", db_default=""
    )
    body_text = models.TextField(_("text"), blank=True, default="", db_default="")
    body_html = models.TextField(_("HTML text"), blank=True, default="", db_default="")

    objects = MailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "period"],
                condition=models.Q(kind__in=["daily", "weekly"]),
                name="mail_one_digest_per_period",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.kind} to {self.recipient_id or self.to_address} ({self.status})"

    @property
    def address(self) -> str:
        """Where the mail goes: the transactional mail's address, else the member's."""
        return self.to_address or (self.recipient.email if self.recipient else "")

    def resend(self) -> bool:
        """Put this mail back in the queue if it failed; False if it had not."""
        return bool(Mail.objects.filter(pk=self.pk).resend())


class JobRun(models.Model):
    """When a periodic job last ran and is next due; claimed with a conditional update."""

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    next_run_at = models.DateTimeField(verbose_name=_("next run at"))
    last_started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last started at"))
    last_finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last finished at")
    )
    last_error = models.TextField(blank=True, verbose_name=_("last error"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self):
        return self.name
