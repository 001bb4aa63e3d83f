"""Reports of a community by its readers, which operators handle on the moderation page.

What operators do (dismiss a report, delete or restore a community) is written to the community's
``LogEntry`` log with the reason they gave, so every decision can be accounted for.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models.community import Community


class ModerationError(Exception):
    """A moderation step that cannot be taken now; the message is for the person."""


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        HARMFUL = "harmful", _("Harmful, hateful or harassing content")
        PRIVACY = "privacy", _("It exposes someone's personal data")
        MISLEADING = "misleading", _("It pretends to be someone it is not")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DISMISSED = "dismissed", _("dismissed")
        ACTED = "acted", _("acted on")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="community_reports",
        verbose_name=_("community"),
    )
    reporter = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("what is wrong"), max_length=12, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("handled at"))
    note = models.TextField(_("operator's reason"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("community report")
        verbose_name_plural = _("community reports")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "reporter"],
                condition=models.Q(status="open"),
                name="report_one_open_per_reporter",
            ),
        ]
        indexes = [models.Index(fields=["status", "community"])]

    def __str__(self):
        return f"{self.community} · {self.get_reason_display()}"
