"""Value follow-up: two and six weeks after a member bookmarks a good practice (or attends a
meeting), the platform asks once "did you try it in class, and what happened for your pupils?".
The answer becomes a ClassroomApplication (source FOLLOW_UP), the value-creation ledger.

One row per member, thing and moment (a unique constraint), written when the question is decided,
asked or not, so nobody is ever asked twice about the same thing at the same moment.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community


def follow_up_question(reason: str, title: str) -> str:
    """The question, worded for what is asked about: one tries a good practice in class, but
    what one learned at a meeting."""
    if reason == FollowUp.Reason.MEETING:
        return gettext(
            "Did you try in class what you learned at the meeting “%(title)s”? "
            "What happened for your pupils?"
        ) % {"title": title}
    return gettext("Did you try “%(title)s” in class? What happened for your pupils?") % {
        "title": title
    }


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(
            status=FollowUp.Status.ASKED,
            answered_at__isnull=True,
            dismissed_at__isnull=True,
        )


class FollowUp(models.Model):
    class Reason(models.TextChoices):
        BOOKMARK = "bookmark", _("bookmarked a good practice")
        MEETING = "meeting", _("attended a meeting")

    class Status(models.TextChoices):
        ASKED = "asked", pgettext_lazy("follow-up status", "asked")
        SKIPPED = "skipped", _("not asked")

    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("member")
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target (kind)")
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target (id)"))
    target = GenericForeignKey("target_type", "target_id")
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    reason = models.CharField(max_length=10, choices=Reason.choices, verbose_name=_("reason"))
    weeks = models.PositiveSmallIntegerField(_("weeks after"))
    since = models.DateTimeField(_("bookmarked or attended"))
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.ASKED, verbose_name=_("status")
    )
    skip_reason = models.CharField(max_length=40, blank=True, verbose_name=_("skip reason"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered at"))
    dismissed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dismissed at"))
    application = models.ForeignKey(
        "discussions.ClassroomApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("value follow-up")
        verbose_name_plural = _("value follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "target_type", "target_id", "weeks"],
                name="follow_up_once",
            )
        ]
        indexes = [models.Index(fields=["member", "status", "answered_at"])]

    def __str__(self):
        return f"{self.member_id} · {self.target_type_id}:{self.target_id} · {self.weeks}w"

    def get_absolute_url(self):
        return reverse("journeys:follow_up", args=[self.pk])

    def question(self, title: str = "") -> str:
        return follow_up_question(self.reason, title or str(self.target or ""))

    @property
    def is_open(self) -> bool:
        return (
            self.status == self.Status.ASKED
            and self.answered_at is None
            and self.dismissed_at is None
        )

    def answered(self, application):
        self.application, self.answered_at = application, timezone.now()
        self.save(update_fields=["application", "answered_at"])

    def dismiss(self):
        self.dismissed_at = timezone.now()
        self.save(update_fields=["dismissed_at"])
