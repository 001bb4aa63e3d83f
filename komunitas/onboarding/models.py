"""Bulk onboarding: a file of teachers (an ``ImportBatch``), one ``Enrolment`` per imported row,
and a teacher's request to add a school that is not imported yet (``SchoolRequest``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Regency, School


class ImportBatch(models.Model):
    """One uploaded file: checked first (``CHECKED`` or ``INVALID`` with its errors), then
    imported at once in one transaction (``IMPORTED``). The file is kept until it is imported,
    so the import reads exactly what the preview showed."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("has errors")
        CHECKED = "checked", _("checked, ready to import")
        IMPORTED = "imported", _("imported")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # The kabupaten/kota the uploader acts for: a Dinas account's own; empty for an operator.
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency or city"),
    )
    file_name = models.CharField(_("file name"), max_length=200)
    source = models.BinaryField(_("file"), blank=True, default=b"")
    encoding = models.CharField(_("read as"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    to_create = models.PositiveIntegerField(_("new accounts"), default=0)
    to_update = models.PositiveIntegerField(_("existing accounts"), default=0)
    created = models.PositiveIntegerField(_("accounts created"), default=0)
    updated = models.PositiveIntegerField(_("accounts updated"), default=0)
    invited = models.PositiveIntegerField(_("invitations queued"), default=0)
    # [[line, reason], ...]: at most ONBOARDING_MAX_REPORTED_ERRORS; error_count is the total.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("onboarding:batch", args=[self.pk])


class Enrolment(models.Model):
    """A teacher brought in by a batch: the account, the communities they join when they first
    set their password (or at once, for an account already in use), and the invitation mail."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("batch")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("teacher"),
    )
    line = models.PositiveIntegerField(_("line"))
    created_account = models.BooleanField(_("new account"), default=False)
    community_ids = models.JSONField(_("communities"), default=list, blank=True)
    mail = models.ForeignKey(
        "notifications.Mail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation mail"),
    )
    joined_at = models.DateTimeField(_("joined communities at"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "line"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["batch", "user"], name="enrolment_once_per_batch")
        ]

    def __str__(self):
        return f"{self.batch_id}:{self.line}"


class SchoolRequest(models.Model):
    """A teacher asks for a school that is not imported yet; the operator or the Dinas of the
    school's kabupaten/kota approves (the school is added and becomes the teacher's) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="school_requests",
        verbose_name=_("asked by"),
    )
    npsn = models.CharField(_("NPSN"), max_length=8)
    name = models.CharField(_("school name"), max_length=200)
    level = models.CharField(_("level (jenjang)"), max_length=4, choices=School.Level.choices)
    school_status = models.CharField(_("status"), max_length=6, choices=School.Status.choices)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="+", verbose_name=_("regency or city")
    )
    status = models.CharField(
        _("answer"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    school = models.ForeignKey(
        School,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("school request")
        verbose_name_plural = _("school requests")

    def __str__(self):
        return f"{self.npsn} {self.name}"

    def get_absolute_url(self):
        return reverse("onboarding:school_request", args=[self.pk])
