"""What a meeting leaves behind: action items, documentation photos and the members' feedback."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.meetings.models.meeting import Meeting


class ActionItemQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True, meeting__deleted_at__isnull=True)

    def visible_to(self, user):
        """The action items the user may read: those of minutes they may read (rules.py:
        action_item.view)."""
        return self.alive().filter(meeting__in=Meeting.objects.minutes_visible_to(user))

    def open(self):
        return self.alive().exclude(status=ActionItem.Status.DONE)

    def published(self):
        """Items of minutes that were published: only those reach owners' home pages."""
        return self.filter(meeting__minutes_published_at__isnull=False)


class ActionItem(models.Model):
    """A follow-up (tindak lanjut) agreed at a meeting: who does what by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    description = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("who")
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done at"))
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.description

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return not self.is_done and self.due_date is not None and self.due_date < today

    def set_status(self, status: str):
        self.status = status
        self.done_at = timezone.now() if status == self.Status.DONE else None
        self.save(update_fields=["status", "done_at", "updated_at"])

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


def photo_path(photo, filename):
    return f"meetings/{photo.meeting_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("meeting")
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("documentation photo")
        verbose_name_plural = _("documentation photos")

    def __str__(self):
        return self.caption or f"{self.meeting} #{self.pk}"

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class FeedbackQuerySet(models.QuerySet):
    def summary(self) -> dict:
        """How many answered, the mean usefulness and how many chose each score: one query."""
        totals = self.aggregate(
            count=Count("pk"),
            average=Avg("usefulness"),
            **{f"score_{n}": Count("pk", filter=Q(usefulness=n)) for n in range(1, 6)},
        )
        totals["scores"] = [(n, totals.pop(f"score_{n}")) for n in range(5, 0, -1)]
        return totals


class Feedback(models.Model):
    """A member's reflection after a meeting and how useful it was to them."""

    class Form(models.TextChoices):
        STB = "stb", _("Sampaikan–Tanyakan–Berikan")
        FOUR_F = "4f", _("Refleksi 4F (Facts, Feelings, Findings, Future)")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    form = models.CharField(_("reflection model"), max_length=4, choices=Form.choices)
    sampaikan = models.TextField(_("Sampaikan: what I want to say"), max_length=2000, blank=True)
    tanyakan = models.TextField(_("Tanyakan: what I want to ask"), max_length=2000, blank=True)
    berikan = models.TextField(_("Berikan: the suggestion I give"), max_length=2000, blank=True)
    facts = models.TextField(_("Facts: what happened"), max_length=2000, blank=True)
    feelings = models.TextField(_("Feelings: how I felt"), max_length=2000, blank=True)
    findings = models.TextField(_("Findings: what I learned"), max_length=2000, blank=True)
    future = models.TextField(_("Future: what I will do"), max_length=2000, blank=True)
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was it?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="feedback_once"),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5),
                name="feedback_usefulness_range",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.meeting}"

    def answers(self) -> list[tuple[str, str]]:
        """The filled parts of the chosen model, as (label, text)."""
        names = (
            ["sampaikan", "tanyakan", "berikan"]
            if self.form == self.Form.STB
            else ["facts", "feelings", "findings", "future"]
        )
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in names
            if getattr(self, name)
        ]
