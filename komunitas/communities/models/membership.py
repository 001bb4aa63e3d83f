"""Who belongs to a community and in which role, and how they came in or left.

The one invariant: an active community always has at least one active fasilitator. Every method
that ends or changes a membership locks the community row and checks it, so two fasilitators who
leave at the same moment cannot both succeed.
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models.community import Community
from komunitas.communities.models.log import LogEntry, write_log


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

    def _check_not_last_fasilitator(self):
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

    @transaction.atomic
    def leave(self):
        self._check_not_last_fasilitator()
        self.status, self.ended_at = self.Status.LEFT, timezone.now()
        self.save(update_fields=["status", "ended_at"])
        write_log(
            LogEntry.Kind.MEMBER_LEFT,
            community=self.community,
            actor=self.user,
            subject_user=self.user,
        )

    @transaction.atomic
    def remove(self, *, by, reason: str):
        """Remove the member (soft): they keep seeing why, and the removal is logged."""
        reason = reason.strip()
        if not reason:
            raise MembershipError(_("Say why the member is removed; they will see the reason."))
        self._check_not_last_fasilitator()
        self.status, self.ended_at = self.Status.REMOVED, timezone.now()
        self.removed_by, self.removal_reason = by, reason
        self.save(update_fields=["status", "ended_at", "removed_by", "removal_reason"])
        # The removal wins over every earlier way back: waiting join requests end with it, and
        # invitations made before it no longer let the member in (Invitation.removal_wins).
        self.community.join_requests.filter(
            user=self.user, status=JoinRequest.Status.PENDING
        ).update(status=JoinRequest.Status.WITHDRAWN, decided_by=by, decided_at=self.ended_at)
        write_log(
            LogEntry.Kind.MEMBER_REMOVED,
            community=self.community,
            actor=by,
            subject_user=self.user,
            reason=reason,
        )

    @transaction.atomic
    def change_role(self, role: str, *, by):
        if role == self.role:
            return
        if role not in self.Role.values:
            raise MembershipError(_("That role does not exist."))
        if self.role == self.Role.FASILITATOR:
            self._check_not_last_fasilitator()
        old, self.role = self.role, role
        self.save(update_fields=["role"])
        write_log(
            LogEntry.Kind.ROLE_CHANGED,
            community=self.community,
            actor=by,
            subject_user=self.user,
            old=old,
            new=role,
        )


@transaction.atomic
def add_member(
    community, user, *, role=Membership.Role.ANGGOTA, by=None, reactivate_removed=True
) -> Membership:
    """Make ``user`` an active member, or change the role of a returning one.

    A removed member comes back only through a fasilitator (an approval or an invitation):
    pass ``reactivate_removed=False`` for self-service joins.
    """
    membership, created = Membership.objects.select_for_update().get_or_create(
        community=community, user=user, defaults={"role": role}
    )
    if not created:
        if membership.is_active:
            return membership
        if membership.status == Membership.Status.REMOVED and not reactivate_removed:
            raise MembershipError(
                _("You were removed from this community. Ask a fasilitator to invite you again.")
            )
        membership.role, membership.status = role, Membership.Status.ACTIVE
        membership.joined_at, membership.ended_at = timezone.now(), None
        membership.removed_by, membership.removal_reason = None, ""
        membership.save()
    write_log(
        LogEntry.Kind.MEMBER_JOINED,
        community=community,
        actor=by or user,
        subject_user=user,
        role=role,
    )
    community.forget_membership_cache()
    return membership


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

    @transaction.atomic
    def approve(self, *, by) -> Membership:
        removed = self.community.memberships.filter(
            user=self.user, status=Membership.Status.REMOVED, ended_at__gte=self.created_at
        )
        if removed.exists():
            raise MembershipError(
                _("This member was removed after asking. Invite them again if they may return.")
            )
        self._decide(self.Status.APPROVED, by=by)
        write_log(
            LogEntry.Kind.JOIN_APPROVED, community=self.community, actor=by, subject_user=self.user
        )
        return add_member(self.community, self.user, by=by)

    @transaction.atomic
    def decline(self, *, by, reason: str):
        reason = reason.strip()
        if not reason:
            raise MembershipError(_("Say why; the teacher who asked will see the reason."))
        self.decline_reason = reason
        self._decide(self.Status.DECLINED, by=by)
        write_log(
            LogEntry.Kind.JOIN_DECLINED,
            community=self.community,
            actor=by,
            subject_user=self.user,
            reason=reason,
        )

    def _decide(self, status, *, by):
        # A conditional update: two fasilitators answering at once cannot both decide.
        now = timezone.now()
        updated = JoinRequest.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=status,
            decided_by=by,
            decided_at=now,
            decline_reason=self.decline_reason,
        )
        if not updated:
            raise MembershipError(_("This request was already answered."))
        self.status, self.decided_by, self.decided_at = status, by, now


def join(community, user) -> Membership:
    """Join an open community one can see."""
    if community.join_policy != Community.JoinPolicy.OPEN:
        raise MembershipError(_("This community does not take members without approval."))
    return add_member(community, user, reactivate_removed=False)


@transaction.atomic
def ask_to_join(community, user, *, message: str = "") -> JoinRequest:
    if community.join_policy != Community.JoinPolicy.APPROVAL:
        raise MembershipError(_("This community takes new members by invitation only."))
    if community.membership_of(user):
        raise MembershipError(_("You are already a member."))
    if community.memberships.filter(user=user, status=Membership.Status.REMOVED).exists():
        raise MembershipError(
            _("You were removed from this community. Ask a fasilitator to invite you again.")
        )
    pending = community.join_requests.filter(user=user, status=JoinRequest.Status.PENDING)
    if pending.exists():
        raise MembershipError(_("You already asked to join; a fasilitator will answer soon."))
    request = JoinRequest.objects.create(community=community, user=user, message=message.strip())
    write_log(
        LogEntry.Kind.JOIN_REQUESTED,
        community=community,
        actor=user,
        subject_user=user,
        request_id=request.pk,
    )
    return request


@transaction.atomic
def start_community(community, *, by) -> Community:
    """Save a new community; the person who starts it becomes its first fasilitator."""
    community.created_by = by
    community.save()
    add_member(community, by, role=Membership.Role.FASILITATOR, by=by)
    write_log(LogEntry.Kind.COMMUNITY_STARTED, community=community, actor=by)
    return community
