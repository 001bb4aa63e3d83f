"""Reports from members and the moderation log: who did what to which post or reply, when, why."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", _("hid")
        UNHIDE = "unhide", _("showed again")
        LOCK = "lock", _("locked")
        UNLOCK = "unlock", _("unlocked")
        PIN = "pin", _("pinned")
        UNPIN = "unpin", _("unpinned")
        FEATURE = "feature", _("featured")
        UNFEATURE = "unfeature", _("stopped featuring")
        MOVE = "move", _("moved")
        DELETE = "delete", pgettext_lazy("moderation action", "deleted")
        RESOLVE_REPORT = "resolve_report", _("acted on a report")
        DISMISS_REPORT = "dismiss_report", _("dismissed a report")
        REVEAL_AUTHOR = "reveal_author", _("looked up who wrote an anonymous post")

    FLAG_ACTIONS = {
        ("locked", True): Action.LOCK,
        ("locked", False): Action.UNLOCK,
        ("pinned", True): Action.PIN,
        ("pinned", False): Action.UNPIN,
        ("featured", True): Action.FEATURE,
        ("featured", False): Action.UNFEATURE,
    }

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="moderation_log",
        verbose_name=_("community"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(
        pgettext_lazy("log entry", "what"), max_length=16, choices=Action.choices
    )
    post = models.ForeignKey(
        "discussions.Post",
        on_delete=models.CASCADE,
        related_name="moderation_log",
        verbose_name=_("post"),
    )
    reply = models.ForeignKey(
        "discussions.Reply",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="moderation_log",
        verbose_name=_("reply"),
    )
    reason = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} · {self.post_id}"

    @classmethod
    def record(cls, action, *, by, post, reply=None, reason="", community=None, data=None):
        return cls.objects.create(
            community=community or post.community,
            actor=by,
            action=action,
            post=post,
            reply=reply,
            reason=reason,
            data=data or {},
        )


class Report(models.Model):
    """A member tells the facilitators that a post or a reply breaks the community's norms."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        RUDE = "rude", _("Rude or hurtful")
        PRIVACY = "privacy", _("Exposes a pupil's or someone's private data")
        WRONG = "wrong", _("Wrong or dangerous advice")
        OFF_TOPIC = "off_topic", _("Off topic for this community")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting")
        RESOLVED = "resolved", _("acted on")
        DISMISSED = "dismissed", _("dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_reports",
        verbose_name=_("reporter"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("community"),
    )
    post = models.ForeignKey(
        "discussions.Post", on_delete=models.CASCADE, related_name="reports", verbose_name=_("post")
    )
    reply = models.ForeignKey(
        "discussions.Reply",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reply"),
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("what is wrong"), max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created at")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=Q(reply__isnull=True, status="open"),
                name="report_post_once_open",
            ),
            models.UniqueConstraint(
                fields=["reporter", "reply"],
                condition=Q(reply__isnull=False, status="open"),
                name="report_reply_once_open",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.post_id}/{self.reply_id}"

    @property
    def target(self):
        return self.reply or self.post

    def decide(self, status, *, by) -> bool:
        """Close the report (acted on or dismissed); once only: False when it was closed."""
        now = timezone.now()
        updated = Report.objects.filter(pk=self.pk, status=self.Status.OPEN).update(
            status=status, decided_by=by, decided_at=now
        )
        if not updated:
            return False
        self.status, self.decided_by, self.decided_at = status, by, now
        return True
