"""Every change of a community's state, and who hears of it.

The ``do_*`` functions here are the only way to change the rows of this app: the views (after
``access_*`` and the permission rules), the demo builders of other apps and the tests call them.
Each takes keyword-only arguments, runs in one transaction, writes its entry in the community's
log (``write_log``, the audit trail) and, when someone needs to hear of it, announces it with one
explicit call to ``announce`` (the notification stream). The permission checks are not here:
who may do what is decided before, by ``rules.py``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Regency, User
from komunitas.communities import notifications as kinds
from komunitas.communities.models import (
    Community,
    Invitation,
    JoinRequest,
    LogEntry,
    MapEntry,
    Membership,
    MembershipError,
    Report,
    Stakeholder,
    SupportCommitment,
    write_log,
)
from komunitas.communities.models.moderation import ModerationError
from komunitas.communities.models.stakeholders import StakeholderLinkError
from komunitas.notifications.services import announce

if TYPE_CHECKING:
    from collections.abc import Iterable

Role = Membership.Role
REMOVED_MESSAGE = _("You were removed from this community. Ask a fasilitator to invite you again.")


# --- Starting and editing a community


def _set_related(community: Community, related: dict[str, Iterable[Any]] | None) -> None:
    for name, values in (related or {}).items():
        getattr(community, name).set(values)


@transaction.atomic
def do_start_community(
    *,
    community: Community,
    by: User,
    related: dict[str, Iterable[Any]] | None = None,
    from_entry: MapEntry | None = None,
) -> Community:
    """Save a new community (and its ``related`` many-to-many choices, e.g. ``subjects``); the
    person who starts it becomes its first fasilitator. ``from_entry``: the Lembar Identifikasi
    entry it was made from, which then points to it. Nobody is notified."""
    community.created_by = by
    community.save()
    _set_related(community, related)
    do_add_member(community=community, user=by, role=Role.FASILITATOR, by=by)
    write_log(LogEntry.Kind.COMMUNITY_STARTED, community=community, actor=by)
    if from_entry is not None:
        from_entry.community = community
        from_entry.save(update_fields=["community"])
    return community


@transaction.atomic
def do_update_community(
    *, community: Community, by: User, related: dict[str, Iterable[Any]] | None = None
) -> Community:
    """Save the changed settings of a community (and its many-to-many choices). Not logged, not
    announced: the settings page shows them."""
    community.save()
    _set_related(community, related)
    return community


# --- Membership


@transaction.atomic
def do_add_member(
    *,
    community: Community,
    user: User,
    role: str = Role.ANGGOTA,
    by: User | None = None,
    reactivate_removed: bool = True,
) -> Membership:
    """Make ``user`` an active member, or bring back one who left (in ``role``). Logged as a
    join, not announced.

    A removed member comes back only through a fasilitator (an approval or an invitation):
    ``reactivate_removed=False`` for self-service joins.
    """
    membership, created = Membership.objects.select_for_update().get_or_create(
        community=community, user=user, defaults={"role": role}
    )
    if not created:
        if membership.is_active:
            return membership
        if membership.status == Membership.Status.REMOVED and not reactivate_removed:
            raise MembershipError(REMOVED_MESSAGE)
        membership.reactivate(role=role)
    write_log(
        LogEntry.Kind.MEMBER_JOINED,
        community=community,
        actor=by or user,
        subject_user=user,
        role=role,
    )
    community.forget_membership_cache()
    return membership


def do_join(*, community: Community, user: User) -> Membership:
    """Join an open community one can see (never back after a removal)."""
    if community.join_policy != Community.JoinPolicy.OPEN:
        raise MembershipError(_("This community does not take members without approval."))
    return do_add_member(community=community, user=user, reactivate_removed=False)


@transaction.atomic
def do_leave(*, membership: Membership) -> None:
    """The member leaves (never the last fasilitator). Logged, not announced."""
    membership.check_not_last_fasilitator()
    membership.end(Membership.Status.LEFT)
    write_log(
        LogEntry.Kind.MEMBER_LEFT,
        community=membership.community,
        actor=membership.user,
        subject_user=membership.user,
    )


@transaction.atomic
def do_remove_member(*, membership: Membership, by: User, reason: str) -> None:
    """Remove a member (soft) with a reason, which the member hears of, even from a private
    community they can no longer see. Their waiting join requests end with it."""
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("Say why the member is removed; they will see the reason."))
    membership.check_not_last_fasilitator()
    membership.end(Membership.Status.REMOVED, by=by, reason=reason)
    community = membership.community
    # The removal wins over every earlier way back: waiting join requests end with it, and
    # invitations made before it no longer let the member in (Invitation.removal_wins).
    community.join_requests.filter(user=membership.user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.WITHDRAWN, decided_by=by, decided_at=membership.ended_at
    )
    write_log(
        LogEntry.Kind.MEMBER_REMOVED,
        community=community,
        actor=by,
        subject_user=membership.user,
        reason=reason,
    )
    announce(
        kinds.REMOVED.key,
        actor=by,
        target=membership,
        title=community.name,
        url=community.get_absolute_url() if not community.is_private else "/",
        user=membership.user_id,
        reason=reason,
    )


@transaction.atomic
def do_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Give a member another role (never taking the last fasilitator's); they hear of it."""
    if role == membership.role:
        return membership
    if role not in Role.values:
        raise MembershipError(_("That role does not exist."))
    if membership.role == Role.FASILITATOR:
        membership.check_not_last_fasilitator()
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    community = membership.community
    write_log(
        LogEntry.Kind.ROLE_CHANGED,
        community=community,
        actor=by,
        subject_user=membership.user,
        old=old,
        new=role,
    )
    announce(
        kinds.ROLE_CHANGED.key,
        actor=by,
        target=community,
        title=community.name,
        url=community.get_absolute_url(),
        user=membership.user_id,
        role=role,
    )
    return membership


# --- Join requests


@transaction.atomic
def do_ask_to_join(*, community: Community, user: User, message: str = "") -> JoinRequest:
    """Ask to join a community that approves its members; its fasilitators hear of it."""
    if community.join_policy != Community.JoinPolicy.APPROVAL:
        raise MembershipError(_("This community takes new members by invitation only."))
    if community.membership_of(user):
        raise MembershipError(_("You are already a member."))
    if community.memberships.filter(user=user, status=Membership.Status.REMOVED).exists():
        raise MembershipError(REMOVED_MESSAGE)
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
    announce(
        kinds.JOIN_REQUEST.key,
        actor=user,
        target=community,
        title=community.name,
        url=reverse("communities:join_requests", args=[community.slug]),
    )
    return request


def _announce_answer(key: str, join_request: JoinRequest, *, by: User, reason: str = "") -> None:
    community = join_request.community
    announce(
        key,
        actor=by,
        target=community,
        title=community.name,
        url=community.get_absolute_url(),
        user=join_request.user_id,
        reason=reason,
    )


@transaction.atomic
def do_approve_join_request(*, join_request: JoinRequest, by: User) -> Membership:
    """Approve a waiting request: the teacher becomes a member and hears of it."""
    community = join_request.community
    removed = community.memberships.filter(
        user=join_request.user,
        status=Membership.Status.REMOVED,
        ended_at__gte=join_request.created_at,
    )
    if removed.exists():
        raise MembershipError(
            _("This member was removed after asking. Invite them again if they may return.")
        )
    join_request.decide(JoinRequest.Status.APPROVED, by=by)
    write_log(
        LogEntry.Kind.JOIN_APPROVED, community=community, actor=by, subject_user=join_request.user
    )
    _announce_answer(kinds.JOIN_APPROVED.key, join_request, by=by)
    return do_add_member(community=community, user=join_request.user, by=by)


@transaction.atomic
def do_decline_join_request(*, join_request: JoinRequest, by: User, reason: str) -> None:
    """Decline a waiting request with a reason, which the teacher who asked hears of."""
    reason = reason.strip()
    if not reason:
        raise MembershipError(_("Say why; the teacher who asked will see the reason."))
    join_request.decide(JoinRequest.Status.DECLINED, by=by, reason=reason)
    write_log(
        LogEntry.Kind.JOIN_DECLINED,
        community=join_request.community,
        actor=by,
        subject_user=join_request.user,
        reason=reason,
    )
    _announce_answer(kinds.JOIN_DECLINED.key, join_request, by=by, reason=reason)


# --- Invitations


def _send_invitation_mail(invitation: Invitation, *, inviter: User, invitee: User | None) -> None:
    """Queue the invitation in the outbox, in the same transaction: it is sent after the commit,
    retried when the mail server fails, and never fails the request (lib/emails.queue_mail)."""
    from komunitas.lib import emails

    language = invitee.language if invitee else settings.LANGUAGE_CODE
    context = {
        "invitation": invitation,
        "community": invitation.community,
        "inviter": inviter,
        "invitee": invitee,
        "url": invitation.full_url,
    }
    emails.queue_mail(
        to=invitation.email,
        template="community-invitation",
        context=context,
        language=language,
        recipient=invitee,
    )


@transaction.atomic
def do_invite_by_email(
    *, community: Community, email: str, role: str, by: User, message: str = "", days: int = 14
) -> Invitation:
    """Invite one address: the mail goes out after commit, and a teacher who already has an
    account also hears of it on the platform."""
    invitation = Invitation.objects.create(
        community=community,
        kind=Invitation.Kind.EMAIL,
        email=email.lower(),
        role=role,
        message=message.strip(),
        created_by=by,
        max_uses=1,
        expires_at=timezone.now() + timedelta(days=days),
    )
    invitee = User.objects.filter(email__iexact=email).first()
    write_log(
        LogEntry.Kind.INVITED,
        community=community,
        actor=by,
        subject_user=invitee,
        invitation_id=invitation.pk,
        email=invitation.email,
        role=role,
    )
    if invitee is not None:
        announce(
            kinds.INVITED.key,
            actor=by,
            target=invitation,
            title=community.name,
            url=invitation.get_absolute_url(),
            user=invitee.pk,
        )
    _send_invitation_mail(invitation, inviter=by, invitee=invitee)
    return invitation


@transaction.atomic
def do_create_invitation_link(
    *,
    community: Community,
    by: User,
    days: int,
    max_uses: int | None,
    role: str = Role.ANGGOTA,
) -> Invitation:
    """A shareable link with an expiry and a use limit. Logged, not announced."""
    invitation = Invitation.objects.create(
        community=community,
        kind=Invitation.Kind.LINK,
        role=role,
        created_by=by,
        max_uses=max_uses,
        expires_at=timezone.now() + timedelta(days=days),
    )
    write_log(
        LogEntry.Kind.INVITATION_LINK_CREATED,
        community=community,
        actor=by,
        invitation_id=invitation.pk,
    )
    return invitation


@transaction.atomic
def do_revoke_invitation(*, invitation: Invitation, by: User) -> None:
    """The invitation stops working (its announcement is no longer delivered). Logged once."""
    if invitation.revoked_at is not None:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    write_log(
        LogEntry.Kind.INVITATION_REVOKED,
        community=invitation.community,
        actor=by,
        invitation_id=invitation.pk,
    )


@transaction.atomic
def do_accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Use an invitation: one use is counted (never more than it allows) and the user becomes
    a member in the invitation's role. Logged as a join by whoever invited."""
    problem = invitation.problem_for(user)
    if problem:
        raise MembershipError(problem)
    existing = invitation.community.membership_of(user)
    if existing:
        return existing
    # Count the use only if there is still one left: two people at once cannot overdraw it.
    counted = (
        Invitation.objects.filter(pk=invitation.pk).usable().update(use_count=F("use_count") + 1)
    )
    if not counted:
        raise MembershipError(gettext("This invitation has been used up."))
    invitation.refresh_from_db(fields=["use_count"])
    return do_add_member(
        community=invitation.community, user=user, role=invitation.role, by=invitation.created_by
    )


# --- Partners' support commitments


def _commitment_changed(commitment: SupportCommitment, *, by: User, change: str) -> None:
    community = commitment.community
    write_log(
        LogEntry.Kind.COMMITMENT_CHANGED,
        community=community,
        actor=by,
        subject_user=commitment.partner,
        commitment_id=commitment.pk,
        change=change,
        status=commitment.status,
    )
    announce(
        kinds.COMMITMENT_CHANGED.key,
        actor=by,
        target=community,
        title=community.name,
        url=community.get_absolute_url(),
        partner=commitment.partner_id,
    )


@transaction.atomic
def do_save_commitment(*, commitment: SupportCommitment, by: User) -> SupportCommitment:
    """Save a new or changed commitment; the fasilitators and the partner hear of it."""
    created = commitment.pk is None
    if created:
        commitment.created_by = by
    commitment.save()
    _commitment_changed(commitment, by=by, change="created" if created else "updated")
    return commitment


@transaction.atomic
def do_delete_commitment(*, commitment: SupportCommitment, by: User) -> None:
    """Delete a commitment (soft); the fasilitators and the partner hear of it."""
    commitment.deleted_at = timezone.now()
    commitment.save(update_fields=["deleted_at", "updated_at"])
    _commitment_changed(commitment, by=by, change="deleted")


# --- The shared district map and the Lembar Identifikasi


@transaction.atomic
def do_save_stakeholder(
    *, stakeholder: Stakeholder, regency: Regency, by: User, communities: Iterable[Community]
) -> Stakeholder:
    """Add a stakeholder to a district map, or save it changed, with the communities it
    supports. Not logged (the entry shows who added it), not announced."""
    stakeholder.regency = regency
    if stakeholder.added_by_id is None:
        stakeholder.added_by = by
    stakeholder.save()
    stakeholder.communities.set(list(communities))
    return stakeholder


@transaction.atomic
def do_delete_stakeholder(*, stakeholder: Stakeholder, by: User) -> None:
    """Take a stakeholder off the map (soft)."""
    stakeholder.deleted_at = timezone.now()
    stakeholder.save(update_fields=["deleted_at", "updated_at"])


def _stakeholder_log(kind: str, stakeholder: Stakeholder, *, by: User, account: User) -> None:
    write_log(
        kind,
        community=None,
        regency=stakeholder.regency,
        actor=by,
        subject_user=account,
        stakeholder=stakeholder.pk,
        name=stakeholder.name,
    )


@transaction.atomic
def do_link_stakeholder(*, stakeholder: Stakeholder, account: User, by: User) -> None:
    """Name ``account`` as this stakeholder: they hear of it (the title is the district, never a
    community they may not see) and may decline. One linked before is unlinked."""
    locked = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if locked.deleted_at or not account.is_active:
        raise StakeholderLinkError(_("This entry can no longer be linked."))
    if locked.declined_by_id == account.pk:
        raise StakeholderLinkError(
            _("%(name)s asked not to be linked to this entry.") % {"name": account}
        )
    if locked.account_id == account.pk:
        raise StakeholderLinkError(
            _("%(name)s is already linked to this entry.") % {"name": account}
        )
    previous = locked.account
    stakeholder.account, stakeholder.account_linked_by = account, by
    stakeholder.account_linked_at = timezone.now()
    stakeholder.save(
        update_fields=["account", "account_linked_by", "account_linked_at", "updated_at"]
    )
    if previous is not None:  # another person linked instead: the first is unlinked
        _stakeholder_log(LogEntry.Kind.STAKEHOLDER_UNLINKED, stakeholder, by=by, account=previous)
    _stakeholder_log(LogEntry.Kind.STAKEHOLDER_LINKED, stakeholder, by=by, account=account)
    announce(
        kinds.STAKEHOLDER_NAMED.key,
        actor=by,
        target=stakeholder,
        title=str(stakeholder.regency),
        url=f"{reverse('communities:my_stakeholder_entries')}#s{stakeholder.pk}",
        user=account.pk,
    )


def _unlink(stakeholder: Stakeholder, *, by: User, declined: bool) -> None:
    locked = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    account = locked.account
    if account is None or (declined and account != by):
        return
    stakeholder.account = stakeholder.account_linked_by = stakeholder.account_linked_at = None
    fields = ["account", "account_linked_by", "account_linked_at", "updated_at"]
    if declined:
        stakeholder.declined_by = account
        fields.append("declined_by")
    stakeholder.save(update_fields=fields)
    kind = LogEntry.Kind.STAKEHOLDER_DECLINED if declined else LogEntry.Kind.STAKEHOLDER_UNLINKED
    _stakeholder_log(kind, stakeholder, by=by, account=account)


@transaction.atomic
def do_unlink_stakeholder(*, stakeholder: Stakeholder, by: User) -> None:
    """Take the account off the entry; the entry stays as written. Logged, not announced."""
    _unlink(stakeholder, by=by, declined=False)


@transaction.atomic
def do_decline_stakeholder(*, stakeholder: Stakeholder, by: User) -> None:
    """The person named declines: they are unlinked and never linked to this entry again."""
    _unlink(stakeholder, by=by, declined=True)


@transaction.atomic
def do_save_map_entry(*, entry: MapEntry, by: User) -> MapEntry:
    """Add an entry to one's own Lembar Identifikasi, or save it changed (a private notebook:
    neither logged nor announced)."""
    if entry.owner_id is None:
        entry.owner = by
    entry.save()
    return entry


@transaction.atomic
def do_delete_map_entry(*, entry: MapEntry) -> None:
    entry.deleted_at = timezone.now()
    entry.save(update_fields=["deleted_at"])


# --- Moderation


@transaction.atomic
def do_report_community(
    *, community: Community, by: User, reason: str, details: str = ""
) -> Report:
    """A reader reports a community to the operators (once at a time per reader). Logged; the
    operators see it on the moderation page, nobody is announced to."""
    already = ModerationError(_("You already reported this community; an operator will look."))
    if community.community_reports.open().filter(reporter=by).exists():
        raise already
    try:
        with transaction.atomic():
            report = Report.objects.create(
                community=community, reporter=by, reason=reason, details=details.strip()
            )
    except IntegrityError:  # the same reader, twice at the same moment
        raise already from None
    write_log(
        LogEntry.Kind.COMMUNITY_REPORTED,
        community=community,
        actor=by,
        reason=details.strip(),
        report_id=report.pk,
        report_reason=reason,
    )
    return report


@transaction.atomic
def do_dismiss_report(*, report: Report, by: User, note: str) -> None:
    """Close a report without acting on the community; the reason is logged."""
    note = note.strip()
    if not note:
        raise ModerationError(_("Say why the report is dismissed; it goes into the log."))
    now = timezone.now()
    updated = Report.objects.filter(pk=report.pk, status=Report.Status.OPEN).update(
        status=Report.Status.DISMISSED, handled_by=by, handled_at=now, note=note
    )
    if not updated:
        raise ModerationError(_("This report was already handled."))
    report.status, report.handled_by, report.handled_at = Report.Status.DISMISSED, by, now
    report.note = note
    write_log(
        LogEntry.Kind.REPORT_DISMISSED,
        community=report.community,
        actor=by,
        reason=note,
        report_id=report.pk,
    )


@transaction.atomic
def do_delete_community(*, community: Community, by: User | None, reason: str = "") -> None:
    """Hide a community from everyone but operators, who can restore it; its open reports are
    closed as acted on. Logged with the reason, not announced."""
    if community.deleted_at:
        return
    community.deleted_at = timezone.now()
    community.save(update_fields=["deleted_at", "updated_at"])
    write_log(LogEntry.Kind.COMMUNITY_DELETED, community=community, actor=by, reason=reason)
    Report.objects.filter(community=community, status=Report.Status.OPEN).update(
        status=Report.Status.ACTED, handled_by=by, handled_at=community.deleted_at, note=reason
    )


@transaction.atomic
def do_restore_community(*, community: Community, by: User, reason: str) -> None:
    """Bring a deleted community back as it was (an operator's decision, logged)."""
    if not community.deleted_at:
        return
    community.deleted_at = None
    community.save(update_fields=["deleted_at", "updated_at"])
    write_log(LogEntry.Kind.COMMUNITY_RESTORED, community=community, actor=by, reason=reason)


def do_log_operator_access(*, community: Community, by: User) -> LogEntry:
    """An operator opened a private community they do not belong to: accountable, logged."""
    return write_log(LogEntry.Kind.OPERATOR_ACCESS, community=community, actor=by)
