"""What insights keeps of its own: the monthly roll-up of reads, the value-creation stories
members write, and the reports built for partners (the daily reads are ``reads.ReadActivity``).

Everything else insights shows is computed from the other apps' rows (see measures.py).
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Community, Membership
from komunitas.lib.formats import moment


class ReadMonth(models.Model):
    """Read activity older than READ_ACTIVITY_RETENTION_DAYS, rolled up (insights/retention.py):
    per community and month, how many members read and on how many member-days; no one named."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="+", verbose_name=_("community")
    )
    month = models.DateField(verbose_name=_("month"))  # its first day
    readers = models.PositiveIntegerField(default=0, verbose_name=_("readers"))
    read_days = models.PositiveIntegerField(default=0, verbose_name=_("read days"))

    class Meta:
        verbose_name = _("monthly read activity")
        verbose_name_plural = _("monthly read activity")
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="read_month_once")
        ]

    def __str__(self):
        return f"{self.community_id} · {self.month:%Y-%m}: {self.readers}"


class StoryQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Stories this user may read: their own, those of the communities they belong to as
        fasilitator or anggota, and, when the author shared it with partners, those of the
        partners whose scope holds it (a mitra of the community, the dinas of its regency, the
        principal and the pengawas of the author's school). Operators read all."""
        from komunitas.accounts.rules import is_operator

        if not user.is_authenticated:
            return self.none()
        alive = self.alive()
        if is_operator(user):
            return alive
        member_of = Membership.objects.filter(
            user=user,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
        ).values("community_id")
        partner_of = Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, role=Membership.Role.MITRA
        ).values("community_id")
        shared = Q(community_id__in=partner_of)
        role = getattr(user, "role", "")
        if role == "dinas" and user.regency_id:
            shared |= Q(community__regency_id=user.regency_id)
        if role == "kepala_sekolah" and user.school_id:
            shared |= Q(author__school_id=user.school_id)
        if role == "pengawas":
            shared |= Q(author__school__supervisors=user)
        return alive.filter(
            Q(author=user) | Q(community_id__in=member_of) | (Q(shared_with_partners=True) & shared)
        ).distinct()


class Story(models.Model):
    """A value-creation story (Wenger-Trayner): from an activity of the community to what the
    member got from it, what they did with it, and what changed for their pupils."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="stories", verbose_name=_("community")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stories",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=160)
    activity = models.TextField(
        _("the activity"),
        max_length=3000,
        help_text=_("What happened in the community: a meeting, a discussion, a good practice."),
    )
    gained = models.TextField(
        _("what I got from it"),
        max_length=3000,
        help_text=_("An idea, a tool, confidence, a contact: the value you took away."),
    )
    applied = models.TextField(
        _("what I did with it"),
        max_length=3000,
        help_text=_("How you used it in your class or your school."),
    )
    changed = models.TextField(
        _("what changed for my pupils"),
        max_length=3000,
        help_text=_("What you saw change for the pupils, and how you know."),
    )
    shared_with_partners = models.BooleanField(
        _("share with partners"),
        default=False,
        help_text=_(
            "Partners (the principal, the pengawas, the Dinas Pendidikan) may read this story "
            "and it may appear in their reports. Without it only the community reads it."
        ),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("value-creation story")
        verbose_name_plural = _("value-creation stories")
        indexes = [models.Index(fields=["community", "created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("insights:story", args=[self.pk])

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


class StoryLink(models.Model):
    """A post, a meeting or an "applied in class" record that a story tells of."""

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="links", verbose_name=_("story")
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target (kind)")
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target (id)"))
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        verbose_name = _("story link")
        verbose_name_plural = _("story links")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "target_type", "target_id"], name="story_link_unique"
            )
        ]

    def __str__(self):
        return f"{self.story_id} → {self.target_type_id}:{self.target_id}"


def report_path(report, filename):
    return f"insights/reports/{report.pk}/{filename}"


class Report(models.Model):
    """A *Laporan Komunitas Praktisi* for a scope and a period, built as PDF, XLSX and CSV."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    scope_kind = models.CharField(max_length=12, verbose_name=_("scope kind"))
    scope_ref = models.CharField(max_length=60, blank=True, verbose_name=_("scope reference"))
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(blank=True, verbose_name=_("error"))
    pdf = models.FileField(upload_to=report_path, blank=True, verbose_name=_("PDF"))
    xlsx = models.FileField(upload_to=report_path, blank=True, verbose_name=_("XLSX"))
    csv = models.FileField(upload_to=report_path, blank=True, verbose_name=_("CSV"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("insights:report", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def claim(self) -> bool:
        """Take a queued report for building; False when another worker has it already."""
        taken = Report.objects.filter(pk=self.pk, status=self.Status.QUEUED).update(
            status=self.Status.RUNNING, progress=1
        )
        if taken:
            self.status, self.progress = self.Status.RUNNING, 1
        return bool(taken)

    def set_progress(self, percent: int):
        self.progress = max(1, min(99, percent))
        Report.objects.filter(pk=self.pk).update(progress=self.progress)

    def finish(self):
        self.status, self.progress, self.finished_at = self.Status.DONE, 100, timezone.now()
        self.save(update_fields=["status", "progress", "finished_at", "pdf", "xlsx", "csv"])

    def fail(self, error: str):
        self.status, self.finished_at, self.error = self.Status.FAILED, timezone.now(), error
        self.save(update_fields=["status", "finished_at", "error"])


class Snapshot(models.Model):
    """The figures of one dashboard (a scope and a rolling period of ``days``), as plain JSON.

    Counting a district takes seconds; a page reads the snapshot in one query instead. A snapshot
    older than ``INSIGHTS_REFRESH_SECONDS`` (or of an earlier day) is still shown while the
    background worker computes a new one; stored in the database, it serves every app server.
    """

    scope_key = models.CharField(max_length=80, verbose_name=_("scope key"))
    days = models.PositiveSmallIntegerField(verbose_name=_("days"))
    period_start = models.DateField(verbose_name=_("period start"))
    period_end = models.DateField(verbose_name=_("period end"))
    data = models.JSONField(verbose_name=_("data"))
    computed_at = models.DateTimeField(verbose_name=_("computed at"))
    refresh_requested_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("refresh requested at")
    )

    class Meta:
        verbose_name = _("figures snapshot")
        verbose_name_plural = _("figures snapshots")
        constraints = [
            models.UniqueConstraint(fields=["scope_key", "days"], name="snapshot_once_per_scope")
        ]

    def __str__(self):
        return f"{self.scope_key} · {self.days} · {moment(self.computed_at)}"

    def is_stale(self, period, *, max_age: int) -> bool:
        age = (timezone.now() - self.computed_at).total_seconds()
        return self.period_end != period.end or age > max_age

    def claim_refresh(self) -> bool:
        """Mark a refresh as asked for; False when one was asked for in the last ten minutes."""
        now = timezone.now()
        recent = now - datetime.timedelta(minutes=10)
        claimed = (
            Snapshot.objects.filter(pk=self.pk)
            .filter(Q(refresh_requested_at__isnull=True) | Q(refresh_requested_at__lt=recent))
            .update(refresh_requested_at=now)
        )
        return bool(claimed)
