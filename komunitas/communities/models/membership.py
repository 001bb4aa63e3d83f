"""Who belongs to a community and in which role, and how they came in or left.

The one invariant: an active community always has at least one active fasilitator. Every action
that ends or changes a membership (communities/actions.py) locks the community row and checks it
(``check_not_last_fasilitator``), so two fasilitators who leave at the same moment cannot both
succeed.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models.community import Community


class MembershipError(Exception):
    """A membership change that the rules do not allow; the message is for the person."""


class LastFacilitatorError(MembershipError):
    def __init__(self):
        super().__init__(
            _("A community always needs a fasilitator. Make someone else fasilitator first.")
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        FASILITATOR = "fasilitator", _("Fasilitator")
        ANGGOTA = "anggota", _("Member (anggota)")
        MITRA = "mitra", _("Partner (mitra)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")
        REMOVED = "removed", _("removed")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("community")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.ANGGOTA)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    removed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    removal_reason = models.TextField(_("reason for the removal"), blank=True)

    class Meta:
        ordering = ["role", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="removed") | ~models.Q(removal_reason=""),
                name="membership_removal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["community", "status", "role"])]

    def __str__(self):
        return f"{self.user} · {self.community} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_fasilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FASILITATOR

    def check_not_last_fasilitator(self):
        """Lock the community and refuse when this is its only active fasilitator."""
        Community.objects.select_for_update().filter(pk=self.community_id).first()
        if not self.is_fasilitator:
            return
        others = Membership.objects.filter(
            community_id=self.community_id,
            status=self.Status.ACTIVE,
            role=self.Role.FASILITATOR,
        ).exclude(pk=self.pk)
        if not others.exists():
            raise LastFacilitatorError

    def end(self, status, *, by=None, reason: str = ""):
        """End the membership (left or removed); see actions.do_leave, do_remove_member."""
        self.status, self.ended_at = status, timezone.now()
        self.removed_by, self.removal_reason = by, reason
        self.save(update_fields=["status", "ended_at", "removed_by", "removal_reason"])

    def reactivate(self, *, role):
        """Make an ended membership active again, in ``role`` (see actions.do_add_member)."""
        self.role, self.status = role, self.Status.ACTIVE
        self.joined_at, self.ended_at = timezone.now(), None
        self.removed_by, self.removal_reason = None, ""
        self.save()


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("community"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("user")
    )
    message = models.TextField(_("message to the fasilitators"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=models.Q(status="pending"),
                name="joinrequest_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.community}"

    def decide(self, status, *, by, reason: str = ""):
        """Answer the request (see actions.do_approve_join_request, do_decline_join_request)."""
        # A conditional update: two fasilitators answering at once cannot both decide.
        now = timezone.now()
        updated = JoinRequest.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=status,
            decided_by=by,
            decided_at=now,
            decline_reason=reason,
        )
        if not updated:
            raise MembershipError(_("This request was already answered."))
        self.status, self.decided_by, self.decided_at = status, by, now
        self.decline_reason = reason
