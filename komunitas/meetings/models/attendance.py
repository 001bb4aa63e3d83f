"""Who says they will come (RSVP), who came (attendance), and the log of every change to it."""

from django.db import models
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.meetings.models.meeting import Meeting


class CheckInError(Exception):
    """A self check-in that is refused; the message is for the member."""


class RsvpQuerySet(models.QuerySet):
    def counts(self, user=None) -> dict:
        """How many answered each way, and ``user``'s own answer as ``mine``: one query."""
        totals = self.aggregate(
            mine=Max("answer", filter=Q(user=getattr(user, "pk", None))),
            **{answer: Count("pk", filter=Q(answer=answer)) for answer in Rsvp.Answer.values},
        )
        counts = {answer: totals[answer] or 0 for answer in Rsvp.Answer.values}
        counts["mine"] = totals["mine"]
        return counts


class Rsvp(models.Model):
    class Answer(models.TextChoices):
        YES = "hadir", _("Attending (hadir)")
        MAYBE = "mungkin", _("Maybe (mungkin)")
        NO = "tidak", _("Not attending (tidak hadir)")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="meeting_rsvps", verbose_name=_("user")
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now, verbose_name=_("answered at"))

    objects = RsvpQuerySet.as_manager()

    class Meta:
        ordering = ["answer", "user__full_name"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_once")]

    def __str__(self):
        return f"{self.user} · {self.meeting}: {self.answer}"


class Attendance(models.Model):
    class Method(models.TextChoices):
        MARKED = "marked", _("Marked by the fasilitator")
        CODE = "code", _("Checked in with the code")
        QR = "qr", _("Checked in with the QR code")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="meeting_attendances", verbose_name=_("member")
    )
    method = models.CharField(_("how"), max_length=8, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in"), default=timezone.now)
    late = models.BooleanField(_("late"), default=False)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["member__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.member} @ {self.meeting}"

    @staticmethod
    def expected_members(meeting: Meeting):
        """The members who may attend: every active member of the community."""
        return User.objects.filter(
            memberships__community_id=meeting.community_id,
            memberships__status=Membership.Status.ACTIVE,
        )


class AttendanceLog(models.Model):
    """Every check-in and every change to attendance, with who did it and when."""

    class Action(models.TextChoices):
        CHECK_IN = "check_in", _("checked in")
        LATE_CHECK_IN = "late_check_in", _("checked in late")
        MARKED = "marked", _("marked present")
        UNMARKED = "unmarked", _("marked absent")
        CORRECTED_PRESENT = "corrected_present", _("corrected to present")
        CORRECTED_ABSENT = "corrected_absent", _("corrected to absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance_log", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    action = models.CharField(
        pgettext_lazy("log entry", "what"), max_length=20, choices=Action.choices
    )
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("attendance log entry")
        verbose_name_plural = _("attendance log")

    def __str__(self):
        return f"{self.member} {self.action} @ {self.meeting}"
