"""Rencana belajar: a member's learning plan, its goals and steps, and the check-ins that keep
it going at the cadence the member chose."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.journeys.models.visibility import OwnWritingQuerySet, Visibility


class PlanQuerySet(OwnWritingQuerySet):
    def active(self):
        return self.alive().filter(status=LearningPlan.Status.ACTIVE)

    def stalled(self, weeks: int, *, now=None):
        """Active plans with no check-in (or, never checked in, no start) for ``weeks`` weeks."""
        since = (now or timezone.now()) - datetime.timedelta(weeks=weeks)
        return self.active().filter(last_activity_at__lt=since)

    def checkin_due(self, today=None):
        return self.active().filter(next_checkin_on__lte=today or timezone.localdate())


class LearningPlan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("in progress")
        DONE = "done", _("achieved")
        STOPPED = "stopped", _("stopped")

    class Cadence(models.IntegerChoices):
        WEEKLY = 7, _("every week")
        FORTNIGHTLY = 14, _("every two weeks")
        MONTHLY = 30, _("every month")

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="learning_plans", verbose_name=_("owner")
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
        help_text=_("The community that accompanies this plan."),
    )
    title = models.CharField(_("title"), max_length=200)
    support_needed = models.TextField(
        _("support I need"),
        max_length=2000,
        blank=True,
        help_text=_("From my pendamping, my principal, the community…"),
    )
    pendamping = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompanied_plans",
        verbose_name=_("pendamping"),
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MENTOR,
    )
    checkin_every = models.PositiveSmallIntegerField(
        _("check in"), choices=Cadence.choices, default=Cadence.FORTNIGHTLY
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    # BAGJA (DESIGN.md §1b), when the member plans the guided way.
    bagja_question = models.TextField(_("Buat pertanyaan utama"), max_length=2000, blank=True)
    bagja_lessons = models.TextField(_("Ambil pelajaran"), max_length=2000, blank=True)
    bagja_dream = models.TextField(_("Gali mimpi"), max_length=2000, blank=True)
    bagja_plan = models.TextField(_("Jabarkan rencana"), max_length=4000, blank=True)
    bagja_execution = models.TextField(_("Atur eksekusi"), max_length=2000, blank=True)

    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    last_checkin_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last check-in at")
    )
    last_activity_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("last activity at")
    )
    next_checkin_on = models.DateField(null=True, blank=True, verbose_name=_("next check-in due"))
    reminded_for = models.DateField(null=True, blank=True, verbose_name=_("reminded for"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.next_checkin_on is None and self.status == self.Status.ACTIVE:
            start = timezone.localdate(self.created_at) if self.created_at else None
            self.next_checkin_on = (start or timezone.localdate()) + datetime.timedelta(
                days=self.checkin_every
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("journeys:plan", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE and self.deleted_at is None

    @property
    def uses_bagja(self) -> bool:
        return any(
            (
                self.bagja_question,
                self.bagja_lessons,
                self.bagja_dream,
                self.bagja_plan,
                self.bagja_execution,
            )
        )

    def checkin_is_due(self, today=None) -> bool:
        return bool(
            self.is_active
            and self.next_checkin_on
            and self.next_checkin_on <= (today or timezone.localdate())
        )

    # A check-in is recorded by journeys.actions.do_record_checkin.

    def set_status(self, status):
        self.status = status
        self.finished_at = timezone.now() if status != self.Status.ACTIVE else None
        if status == self.Status.ACTIVE:
            self.last_activity_at = timezone.now()
            self.next_checkin_on = timezone.localdate() + datetime.timedelta(
                days=self.checkin_every
            )
        self.save()

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class Goal(models.Model):
    """One practice to improve, why, and how the pupils will show it worked."""

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    practice = models.CharField(
        _("the practice I want to improve"),
        max_length=300,
        help_text=_("For example: giving feedback that helps every pupil take the next step."),
    )
    why = models.TextField(_("why"), max_length=2000, blank=True)
    success_indicators = models.TextField(
        _("success indicators for my pupils"),
        max_length=2000,
        blank=True,
        help_text=_("What my pupils will do or show when it works."),
    )
    concern = models.ForeignKey(
        "discussions.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("a concern I posted"),
        help_text=_("If the goal answers a concern (kekhawatiran) you shared in a community."),
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.practice


class Step(models.Model):
    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan")
    )
    description = models.CharField(_("step"), max_length=300)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("done at"))

    class Meta:
        ordering = [models.F("target_on").asc(nulls_last=True), "pk"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.description

    @property
    def is_late(self) -> bool:
        return not self.done_at and bool(self.target_on) and self.target_on < timezone.localdate()

    def toggle(self):
        self.done_at = None if self.done_at else timezone.now()
        self.save(update_fields=["done_at"])


def evidence_path(instance, filename):
    return f"journeys/checkins/{timezone.now():%Y/%m}/{filename}"


class CheckIn(models.Model):
    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        STUCK = "stuck", _("Stuck")
        DONE = "done", _("Done")

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("plan")
    )
    author = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    status = models.CharField(_("how it goes"), max_length=10, choices=Status.choices)
    note = models.TextField(_("notes"), max_length=4000, blank=True)
    evidence = models.FileField(_("evidence photo"), upload_to=evidence_path, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    response = models.TextField(_("response of the pendamping"), max_length=4000, blank=True)
    responded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responded by"),
    )
    responded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("responded at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self):
        return f"{self.plan} · {self.get_status_display()}"
