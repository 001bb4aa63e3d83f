"""Reports of a community by its readers, which operators handle on the moderation page.

What operators do (dismiss a report, delete or restore a community) is written to the community's
``LogEntry`` log with the reason they gave, so every decision can be accounted for.
"""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models.community import Community
from komunitas.communities.models.log import LogEntry, write_log


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

    @transaction.atomic
    def dismiss(self, *, by, note: str):
        """Close the report without acting on the community; the reason is logged."""
        note = note.strip()
        if not note:
            raise ModerationError(_("Say why the report is dismissed; it goes into the log."))
        now = timezone.now()
        updated = Report.objects.filter(pk=self.pk, status=self.Status.OPEN).update(
            status=self.Status.DISMISSED, handled_by=by, handled_at=now, note=note
        )
        if not updated:
            raise ModerationError(_("This report was already handled."))
        self.status, self.handled_by, self.handled_at, self.note = (
            self.Status.DISMISSED,
            by,
            now,
            note,
        )
        write_log(
            LogEntry.Kind.REPORT_DISMISSED,
            community=self.community,
            actor=by,
            reason=note,
            report_id=self.pk,
        )


@transaction.atomic
def report_community(community, *, by, reason: str, details: str = "") -> Report:
    """A reader reports a community to the operators (once at a time per reader)."""
    already = ModerationError(_("You already reported this community; an operator will look."))
    if community.community_reports.open().filter(reporter=by).exists():
        raise already
    try:
        with transaction.atomic():
            report = Report.objects.create(
                community=community, reporter=by, reason=reason, details=details.strip()
            )
    except IntegrityError:  # the same reader, twice at the same moment
        raise already from None
    write_log(
        LogEntry.Kind.COMMUNITY_REPORTED,
        community=community,
        actor=by,
        reason=details.strip(),
        report_id=report.pk,
        report_reason=reason,
    )
    return report
