"""The community's log: what happened in a community, in one place.

Every change that someone may need to hear about (a join request, an invitation, a partner's
commitment) or that must be accountable (a removal with its reason, an operator opening a private
community) is one ``LogEntry`` row, written by ``write_log`` inside the same transaction as the
change. It is the audit trail, not the notifications: those are ``notifications.Event`` rows,
written with ``notifications.services.announce`` by the same action (communities/actions.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.accounts.models import Regency, User


class LogEntry(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY_STARTED = "community_started", _("community started")
        MEMBER_JOINED = "member_joined", _("member joined")
        MEMBER_LEFT = "member_left", _("member left")
        MEMBER_REMOVED = "member_removed", _("member removed")
        ROLE_CHANGED = "role_changed", _("role changed")
        JOIN_REQUESTED = "join_requested", _("asked to join")
        JOIN_APPROVED = "join_approved", _("join request approved")
        JOIN_DECLINED = "join_declined", _("join request declined")
        INVITED = "invited", _("invited by e-mail")
        INVITATION_LINK_CREATED = "invitation_link_created", _("invitation link created")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
        COMMITMENT_CHANGED = "commitment_changed", _("partner commitment changed")
        OPERATOR_ACCESS = "operator_access", _("operator opened a private community")
        COMMUNITY_REPORTED = "community_reported", _("community reported")
        REPORT_DISMISSED = "report_dismissed", _("report dismissed")
        COMMUNITY_DELETED = "community_deleted", _("community deleted")
        COMMUNITY_RESTORED = "community_restored", _("community restored")
        STAKEHOLDER_LINKED = "stakeholder_linked", _("stakeholder linked to an account")
        STAKEHOLDER_UNLINKED = "stakeholder_unlinked", _("stakeholder unlinked from an account")
        STAKEHOLDER_DECLINED = "stakeholder_declined", _("person declined being a stakeholder")

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log_entries",
        verbose_name=_("community"),
    )
    # The kabupaten/kota of a change to its shared district map (no community then).
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency or city"),
    )
    kind = models.CharField(
        pgettext_lazy("community log entry", "what"), max_length=32, choices=Kind.choices
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    subject_user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about"),
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("community log entry")
        verbose_name_plural = _("community log entries")
        indexes = [models.Index(fields=["community", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.community_id or self.regency_id}"


def write_log(
    kind: str, *, community, actor=None, subject_user=None, reason="", regency=None, **data
):
    """Write down that something happened; call inside the transaction of the change.

    A change to a district map has no community but its ``regency``. Only the row is written:
    the action that changes something announces it itself when someone needs to hear of it
    (communities/actions.py).
    """
    return LogEntry.objects.create(
        kind=kind,
        community=community,
        regency=regency,
        actor=actor,
        subject_user=subject_user,
        reason=reason,
        data=data,
    )
