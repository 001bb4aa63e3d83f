from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.lib.formats import moment


class Heartbeat(models.Model):
    """A process that says it is alive: each worker writes its own row every half minute
    (``worker:<host>:<pid>``); ``/readyz`` reads the freshest."""

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    seen_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("seen at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name


class BackupRun(models.Model):
    """One run of ``komunitas backup`` (by hand, scheduled or by the demo), for the operators'
    backups page. The archives themselves are the files in BACKUP_DIR."""

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("by hand")
        SCHEDULED = "scheduled", _("scheduled")
        DEMO = "demo", _("demo")

    started_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("started at")
    )
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    trigger = models.CharField(
        max_length=10, choices=Trigger.choices, default=Trigger.MANUAL, verbose_name=_("trigger")
    )
    ok = models.BooleanField(default=False, verbose_name=_("ok"))
    archive = models.CharField(max_length=300, blank=True, verbose_name=_("archive"))
    size = models.PositiveBigIntegerField(default=0, verbose_name=_("size"))
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("backup run")
        verbose_name_plural = _("backup runs")

    def __str__(self):
        return f"{moment(self.started_at)} {self.archive or self.error[:40]}"


class Submission(models.Model):
    """A form a member sent that created something, by the key the form carried: a retry of the
    same form (after a timeout, an error page, or from the offline queue) is answered with the
    first result instead of creating it again (``core/submissions.py``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    key = models.CharField(max_length=32, verbose_name=_("key"))
    location = models.CharField(
        max_length=500, verbose_name=_("location")
    )  # where the first submission led
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="submission_once_per_key")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
