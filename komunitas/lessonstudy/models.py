"""A lesson study (and a classroom visit, kunjungan kelas) of a community.

The group plans one lesson together around a question it studies; one member teaches it while
others observe, each writing their own notes on a shared sheet; a reflection meeting of the
community (komunitas.meetings) discusses the notes, and its published minutes conclude the study.
Stages: planned → observing (the lesson is taught) → reflection → concluded.
"""

import datetime
import os
import uuid
import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase, Subject, User
from komunitas.communities.models import Community, Membership
from komunitas.meetings.models import Meeting

PEERS = (Membership.Role.FASILITATOR, Membership.Role.ANGGOTA)


def plan_upload_to(study, filename):
    """A random name: the stored name says nothing and cannot be guessed."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"lessonstudy/{study.community_id}/{uuid.uuid4().hex}{extension}"


class LessonStudyQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True, community__deleted_at__isnull=True)

    def visible_to(self, user):
        """The lesson studies of the communities the user may see (rules: lesson_study.view)."""
        return self.alive().filter(community__in=Community.objects.visible_to(user))

    def with_participant(self, user):
        """Those the user teaches or observes."""
        return self.filter(Q(teacher=user) | Q(observations__observer=user)).distinct()


class LessonStudy(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OBSERVING = "observing", _("Taught, observation notes")
        REFLECTION = "reflection", _("Reflection")
        CONCLUDED = "concluded", _("Concluded")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="lesson_studies",
        verbose_name=_("community"),
    )
    title = models.CharField(_("lesson title"), max_length=160)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phase"),
    )
    class_name = models.CharField(
        _("class"), max_length=60, blank=True, help_text=_("For example: Kelas 4B.")
    )
    learning_goal = models.TextField(_("learning goal"), max_length=2000)
    research_question = models.TextField(
        _("research question"),
        max_length=2000,
        help_text=_("What the group wants to learn by watching this lesson."),
    )
    lesson_plan = models.TextField(
        _("lesson plan (modul ajar)"),
        max_length=20000,
        blank=True,
        help_text=_("Markdown: the steps of the lesson, or attach the plan as a file."),
    )
    lesson_plan_file = models.FileField(
        _("lesson plan file"), upload_to=plan_upload_to, max_length=200, blank=True
    )
    lesson_plan_filename = models.CharField(
        _("name of the lesson plan file"), max_length=200, blank=True, editable=False
    )
    teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="lesson_studies_taught",
        verbose_name=_("teacher"),
    )
    starts_at = models.DateTimeField(_("lesson starts"))
    zone = models.CharField(
        _("time zone"), max_length=20, choices=User.Zone.choices, default=User.Zone.WIB
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        default=70,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("School and classroom."))
    status = models.CharField(
        _("stage"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    reflection_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lesson_studies",
        verbose_name=_("reflection meeting"),
    )
    conclusion = models.TextField(_("conclusion"), max_length=5000, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = LessonStudyQuerySet.as_manager()
    # The observers' ids once a page or an action loaded them (rules.is_observer reads it).
    observer_ids: set[int]

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("lesson study")
        verbose_name_plural = _("lesson studies")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=480),
                name="lessonstudy_duration_range",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "starts_at"]),
            models.Index(fields=["status", "reminded_at", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessonstudy:detail", args=[self.pk])

    # --- time

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone)

    @property
    def zone_name(self) -> str:
        return User.Zone(self.zone).name

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    # --- state

    @property
    def is_concluded(self) -> bool:
        return self.status == self.Status.CONCLUDED

    def role_of(self, user) -> str | None:
        return self.community.role_of(user)

    def is_peer(self, user) -> bool:
        """A fasilitator or anggota of the community (not a partner, not an outsider)."""
        return self.role_of(user) in PEERS


class Observation(models.Model):
    """One observer of a lesson study and their notes (only they write them)."""

    study = models.ForeignKey(
        LessonStudy,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("lesson study"),
    )
    observer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="observations", verbose_name=_("observer")
    )
    focus = models.CharField(
        _("focus"),
        max_length=200,
        blank=True,
        help_text=_("For example: the group by the window, or pupils who need more support."),
    )
    students_did = models.TextField(_("what the students did"), max_length=5000, blank=True)
    evidence = models.TextField(_("evidence of learning"), max_length=5000, blank=True)
    questions = models.TextField(_("questions for the reflection"), max_length=5000, blank=True)
    written_at = models.DateTimeField(_("notes written at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["study", "observer"], name="lessonstudy_observe_once")
        ]

    def __str__(self):
        return f"{self.study_id} · {self.observer_id}"

    @property
    def has_notes(self) -> bool:
        return bool(self.students_did or self.evidence or self.questions)


class LogEntry(models.Model):
    """What happened to a lesson study and who did it (the audit trail, never shown to
    partners)."""

    class Action(models.TextChoices):
        PLANNED = "planned", _("planned")
        CHANGED = "changed", _("changed the plan")
        TAUGHT = "taught", _("marked as taught")
        REFLECTION = "reflection", _("linked the reflection meeting")
        CONCLUDED = "concluded", _("concluded")
        DELETED = "deleted", _("deleted")

    study = models.ForeignKey(
        LessonStudy, on_delete=models.CASCADE, related_name="log", verbose_name=_("lesson study")
    )
    action = models.CharField(_("what"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lesson study log entry")
        verbose_name_plural = _("lesson study log entries")

    def __str__(self):
        return f"{self.get_action_display()} · {self.study_id}"
