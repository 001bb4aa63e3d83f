"""The members' data rights: a copy of everything kept about them, and the erasure's audit row."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def export_path(export, filename):
    return f"accounts/exports/{uuid.uuid4().hex}.zip"


class DataExportQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(expires_at__lt=now or timezone.now())


class DataExport(models.Model):
    """A ZIP of JSON files and uploads about one member, built by the worker, kept for a while."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("user"),
    )
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress"))
    file = models.FileField(upload_to=export_path, blank=True, verbose_name=_("file"))
    size = models.PositiveBigIntegerField(default=0, verbose_name=_("size"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("expires at"))

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("accounts:data_export", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_available(self) -> bool:
        return (
            self.status == self.Status.DONE
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    def claim(self) -> bool:
        """Take a queued export; False when another worker has it already."""
        taken = DataExport.objects.filter(pk=self.pk, status=self.Status.QUEUED).update(
            status=self.Status.RUNNING, progress=1
        )
        if taken:
            self.status, self.progress = self.Status.RUNNING, 1
        return bool(taken)

    def set_progress(self, percent: int):
        self.progress = max(1, min(99, percent))
        DataExport.objects.filter(pk=self.pk).update(progress=self.progress)

    def finish(self):
        now = timezone.now()
        self.status, self.progress, self.finished_at = self.Status.DONE, 100, now
        self.expires_at = now + datetime.timedelta(days=settings.ACCOUNT_EXPORT_DAYS)
        self.size = self.file.size
        self.save(update_fields=["status", "progress", "finished_at", "expires_at", "file",
                                 "size"])  # fmt: skip

    def fail(self, error: str):
        self.status, self.finished_at, self.error = self.Status.FAILED, timezone.now(), error
        self.save(update_fields=["status", "finished_at", "error"])

    def discard(self):
        """Delete the ZIP from the storage and the row (expired, or the account is erased)."""
        if self.file:
            self.file.delete(save=False)
        self.delete()


class Erasure(models.Model):
    """That an account was erased: no name, no address, only the number, when, how and by whom
    (the person themself or an operator on request)."""

    class Choice(models.TextChoices):
        KEEP = "keep", _("Contributions kept as “Mantan anggota”")
        REMOVE = "remove", _("Contributions removed")

    class By(models.TextChoices):
        SELF = "self", _("the member")
        OPERATOR = "operator", _("an operator, on request")

    account_id = models.PositiveIntegerField(_("account number"), db_index=True)
    erased_at = models.DateTimeField(_("erased at"), default=timezone.now)
    choice = models.CharField(_("contributions"), max_length=6, choices=Choice.choices)
    by = models.CharField(_("by"), max_length=8, choices=By.choices)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("account erasure")
        verbose_name_plural = _("account erasures")

    def __str__(self):
        return f"#{self.account_id} {self.erased_at:%Y-%m-%d}"
