""" "Saya terapkan di kelas": a member reports having applied something in their class.

This is the one model for that evidence (aim 5 of DESIGN.md). Its target is generic: a good
practice or a solved question here, a library resource, a meeting's follow-up... An app makes its
model a target with ``register_target`` (see ``komunitas/discussions/applying.py``), which says
which permission gives the right to read the target and to report applying it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase


def application_photo_path(instance, filename):
    return f"diterapkan/{timezone.now():%Y/%m}/{filename}"


class ClassroomApplicationQuerySet(models.QuerySet):
    def for_target(self, obj):
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=obj.pk
        ).select_related("member", "phase")

    def summary_for(self, objs) -> dict:
        """``{obj.pk: {"total": n, "better": n, "same": n, "worse": n}}`` in one query.

        All ``objs`` must be of one model; objects nobody applied get zeros.
        """
        objs = list(objs)
        empty = {"total": 0, **dict.fromkeys(ClassroomApplication.Outcome.values, 0)}
        summary = {obj.pk: dict(empty) for obj in objs}
        if not objs:
            return summary
        target_type = ContentType.objects.get_for_model(objs[0])
        rows = (
            self.filter(target_type=target_type, target_id__in=list(summary))
            .values("target_id", "outcome")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts = summary[row["target_id"]]
            counts[row["outcome"]] += row["n"]
            counts["total"] += row["n"]
        return summary


class ClassroomApplication(models.Model):
    class Outcome(models.TextChoices):
        BETTER = "better", _("Better for my pupils")
        SAME = "same", _("About the same")
        WORSE = "worse", _("Worse for my pupils")

    class Source(models.TextChoices):
        DIRECT = "direct", _("Reported directly")
        FOLLOW_UP = "follow_up", _("Reported in a follow-up")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="classroom_applications",
        verbose_name=_("member"),
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classroom_applications",
        verbose_name=_("community"),
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("target (kind)")
    )
    target_id = models.PositiveBigIntegerField(verbose_name=_("target (id)"))
    target = GenericForeignKey("target_type", "target_id")
    reply = models.ForeignKey(
        "discussions.Reply",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("the solution applied"),
    )
    applied_on = models.DateField(_("when I applied it"))
    class_name = models.CharField(
        _("class"), max_length=60, help_text=_("For example: 4B, or Kelas 1 SD Negeri Depok 1.")
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("phase")
    )
    what_happened = models.TextField(_("what happened"), max_length=5000)
    outcome = models.CharField(_("outcome for the pupils"), max_length=8, choices=Outcome.choices)
    note = models.TextField(_("note on the outcome"), max_length=2000, blank=True)
    photo = models.ImageField(_("photo"), upload_to=application_photo_path, blank=True)
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.DIRECT, verbose_name=_("source")
    )
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created at")
    )

    objects = ClassroomApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_on", "-created_at", "-pk"]
        verbose_name = _("applied in class")
        verbose_name_plural = _("applied in class")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["member", "-created_at"]),
        ]

    def __str__(self):
        """What was applied and when, as a reader names it: “Kartu pilihan, 3 Mei 2026”."""
        return f"{self.target or self.get_target_kind()}, {date_format(self.applied_on, 'j M Y')}"

    def get_target_kind(self) -> str:
        return str(self.target_type.model_class()._meta.verbose_name)
