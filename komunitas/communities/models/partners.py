"""Partners (mitra) and what they commit to give a community (dukungan)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models.community import Community

PARTNER_ACCOUNT_ROLES = (User.Role.KEPALA_SEKOLAH, User.Role.PENGAWAS, User.Role.DINAS)


class CommitmentQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class SupportCommitment(models.Model):
    class Kind(models.TextChoices):
        TIME = "time", _("Time for meetings")
        ROOM = "room", _("A room")
        SPEAKER = "speaker", _("A speaker (narasumber)")
        FUNDS = "funds", _("Funds")
        RECOGNITION = "recognition", _("Recognition or certificates")
        POLICY = "policy", _("A policy")
        OTHER = "other", _("Other support")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        DELIVERED = "delivered", _("Delivered")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("community")
    )
    partner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind of support"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("support commitment")
        verbose_name_plural = _("support commitments")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.partner}"
