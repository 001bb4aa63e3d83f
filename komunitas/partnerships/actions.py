"""Every change of a request for support, its step in the history, and who hears of it.

The views check the permission rules (``rules.py``) first; these functions check the request's
state (a request is answered once) under a row lock, write one ``RequestStep`` and announce.
An accepted request becomes a support commitment through communities' own action.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.actions import (
    do_invite_by_email,
    do_link_stakeholder,
    do_save_commitment,
)
from komunitas.communities.models import Community, Membership, Stakeholder, SupportCommitment
from komunitas.communities.models.stakeholders import StakeholderLinkError
from komunitas.lib.http import absolute
from komunitas.notifications.services import announce
from komunitas.partnerships import notifications as kinds
from komunitas.partnerships.models import RequestError, RequestStep, SupportRequest

Status = SupportRequest.Status
REMIND_DAYS_BEFORE = 3

# The kind of commitment an accepted request becomes.
COMMITMENT_KIND = {
    SupportRequest.Kind.SPEAKER: SupportCommitment.Kind.SPEAKER,
    SupportRequest.Kind.TIME: SupportCommitment.Kind.TIME,
    SupportRequest.Kind.ROOM: SupportCommitment.Kind.ROOM,
    SupportRequest.Kind.LETTER: SupportCommitment.Kind.POLICY,
    SupportRequest.Kind.BUDGET: SupportCommitment.Kind.FUNDS,
    SupportRequest.Kind.TRAINING: SupportCommitment.Kind.OTHER,
    SupportRequest.Kind.OTHER: SupportCommitment.Kind.OTHER,
}


def _step(request: SupportRequest, kind: str, *, by: User | None, note: str = "") -> None:
    RequestStep.objects.create(request=request, kind=kind, actor=by, note=note)


def _team(request: SupportRequest) -> list[int]:
    """The fasilitators and the member who asked: who hears of the partner's answer."""
    ids = set(request.community.facilitators().values_list("pk", flat=True))
    if request.requested_by_id:
        ids.add(request.requested_by_id)
    return sorted(ids)


def _announce(key: str, request: SupportRequest, *, by: User | None, users, **data) -> None:
    announce(
        key,
        actor=by,
        target=request,
        title=request.community.name,
        url=request.get_absolute_url(),
        users=list(users),
        support_kind=request.kind,
        status=request.status,
        **data,
    )


def _locked(request: SupportRequest, *allowed: str) -> SupportRequest:
    """Lock the row and refuse a step its state no longer allows (answered twice, say)."""
    current = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if current.status not in allowed:
        raise RequestError(
            _("This request is already %(status)s.") % {"status": current.get_status_display()}
        )
    return current


def _check_date(value: date | None) -> None:
    if value is not None and value < timezone.localdate():
        raise RequestError(_("The date is in the past."))


def _send(request: SupportRequest, *, by: User) -> None:
    """The request reaches its partner: in-app and by email through the notification, or, for
    a partner not yet on the platform, in an invitation to join the community as mitra."""
    if request.partner_id:
        _announce(kinds.REQUEST_RECEIVED.key, request, by=by, users=[request.partner_id])
        return
    message = _(
        "%(community)s asks you for support: %(kind)s, needed by %(date)s.\n%(reason)s\n\n"
        "Join the community as partner with the link below, then answer the request at %(url)s"
    ) % {
        "community": request.community.name,
        "kind": request.get_kind_display(),
        "date": request.needed_by.isoformat(),
        "reason": request.reason,
        "url": absolute(request.get_absolute_url()),
    }
    request.invitation = do_invite_by_email(
        community=request.community,
        email=request.email,
        role=Membership.Role.MITRA,
        by=by,
        message=str(message),
        days=30,
    )
    request.save(update_fields=["invitation"])


@transaction.atomic
def do_create_request(
    *,
    community: Community,
    partner: User | None = None,
    stakeholder: Stakeholder | None = None,
    email: str = "",
    kind: str,
    needed_by: date,
    reason: str,
    by: User,
    meeting=None,
    post=None,
    plan=None,
) -> SupportRequest:
    """A fasilitator's request goes to the partner at once; a member's waits for a fasilitator."""
    _check_date(needed_by)
    if partner is not None:
        if community.role_of(partner) != Membership.Role.MITRA:
            raise RequestError(
                _("%(name)s is not a partner of this community.") % {"name": partner}
            )
        stakeholder, email = None, ""
    elif stakeholder is None or not email.strip():
        raise RequestError(_("Choose a partner, or a stakeholder and their email address."))
    elif (
        stakeholder.deleted_at is not None
        or stakeholder.account_id is not None
        or not stakeholder.communities.filter(pk=community.pk).exists()
    ):
        raise RequestError(_("This stakeholder cannot be asked by email from this community."))
    for linked in (meeting, post, plan):
        if linked is not None and linked.community_id != community.pk:
            raise RequestError(_("What the request is for must belong to this community."))
    by_fasilitator = community.role_of(by) == Membership.Role.FASILITATOR
    now = timezone.now()
    request = SupportRequest.objects.create(
        community=community,
        partner=partner,
        stakeholder=stakeholder,
        email=email.strip().lower(),
        kind=kind,
        needed_by=needed_by,
        reason=reason.strip(),
        requested_by=by,
        meeting=meeting,
        post=post,
        plan=plan,
        status=Status.SENT if by_fasilitator else Status.PROPOSED,
        sent_at=now if by_fasilitator else None,
    )
    if by_fasilitator:
        _step(request, RequestStep.Kind.SENT, by=by)
        _send(request, by=by)
    else:
        _step(request, RequestStep.Kind.PROPOSED, by=by)
        facilitators = community.facilitators().values_list("pk", flat=True)
        _announce(kinds.REQUEST_PROPOSED.key, request, by=by, users=facilitators)
    return request


@transaction.atomic
def do_approve_request(*, request: SupportRequest, by: User) -> SupportRequest:
    """A fasilitator sends a member's proposed request to the partner."""
    request = _locked(request, Status.PROPOSED)
    _check_date(request.needed_by)
    request.status, request.sent_at = Status.SENT, timezone.now()
    request.save(update_fields=["status", "sent_at"])
    _step(request, RequestStep.Kind.SENT, by=by)
    _send(request, by=by)
    return request


def _link(request: SupportRequest, *, by: User) -> None:
    stakeholder = request.stakeholder
    if stakeholder is None or stakeholder.account_id is not None:
        return
    # They may have declined this entry before: the request still counts, unlinked.
    with contextlib.suppress(StakeholderLinkError):
        do_link_stakeholder(stakeholder=stakeholder, account=by, by=request.requested_by or by)


def _commit(request: SupportRequest, *, description: str, by: User) -> None:
    commitment = SupportCommitment(
        community=request.community,
        partner=request.partner,
        kind=COMMITMENT_KIND[SupportRequest.Kind(request.kind)],
        description=description[:2000],
        status=SupportCommitment.Status.AGREED,
        due_date=request.due_date,
    )
    request.commitment = do_save_commitment(commitment=commitment, by=by)


@transaction.atomic
def do_answer_request(
    *, request: SupportRequest, by: User, answer: str, text: str, on: date | None = None
) -> SupportRequest:
    """The partner answers once: ``accept`` (what they commit, by ``on`` or the date asked),
    ``counter`` (something else, by ``on``) or ``decline`` (with a reason)."""
    if not request.is_addressed_to(by):
        raise RequestError(_("Only the partner this request is addressed to can answer it."))
    request = _locked(request, Status.SENT)
    if request.partner_id is None:  # the partner joined since: the request and entry are theirs
        request.partner = by
        _link(request, by=by)
    text = text.strip()
    if not text:
        raise RequestError(_("Say what you commit to, propose or why you decline."))
    _check_date(on)
    request.answer, request.answered_at = text, timezone.now()
    if answer == "accept":
        request.proposed_date = on
        request.status = Status.ACCEPTED
        _commit(request, description=text, by=by)
        step = RequestStep.Kind.ACCEPTED
    elif answer == "counter":
        request.proposed_date = on
        request.status = Status.COUNTERED
        step = RequestStep.Kind.COUNTERED
    elif answer == "decline":
        request.status = Status.DECLINED
        request.closed_at = request.answered_at
        step = RequestStep.Kind.DECLINED
    else:
        raise RequestError(_("Choose an answer."))
    request.save()
    _step(request, step, by=by, note=text)
    _announce(kinds.REQUEST_ANSWERED.key, request, by=by, users=_team(request))
    return request


@transaction.atomic
def do_accept_counter(*, request: SupportRequest, by: User) -> SupportRequest:
    """A fasilitator accepts what the partner proposed instead: it becomes the commitment."""
    request = _locked(request, Status.COUNTERED)
    _check_date(request.due_date)
    request.status = Status.ACCEPTED
    _commit(request, description=request.answer, by=by)
    request.save(update_fields=["status", "commitment"])
    _step(request, RequestStep.Kind.COUNTER_ACCEPTED, by=by)
    _announce(kinds.REQUEST_CLOSED.key, request, by=by, users=[request.partner_id])
    return request


@transaction.atomic
def do_withdraw_request(*, request: SupportRequest, by: User, note: str = "") -> SupportRequest:
    """A fasilitator withdraws a request not yet accepted (or turns down a member's proposal)."""
    request = _locked(request, Status.PROPOSED, Status.SENT, Status.COUNTERED)
    was_sent = request.status != Status.PROPOSED
    request.status, request.closed_at = Status.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _step(request, RequestStep.Kind.WITHDRAWN, by=by, note=note.strip())
    users = {request.requested_by_id} - {by.pk, None}
    if was_sent and request.partner_id:
        users.add(request.partner_id)
    if users:
        _announce(kinds.REQUEST_CLOSED.key, request, by=by, users=sorted(users))
    return request


@transaction.atomic
def do_close_request(
    *, request: SupportRequest, by: User, done: bool, note: str = ""
) -> SupportRequest:
    """A fasilitator says whether the accepted support happened, with a note. The commitment
    becomes delivered; support that did not come is taken off the community's list."""
    request = _locked(request, Status.ACCEPTED)
    request.status = Status.DONE if done else Status.NOT_DONE
    request.outcome_note, request.closed_at = note.strip(), timezone.now()
    request.save(update_fields=["status", "outcome_note", "closed_at"])
    commitment = request.commitment
    if commitment is not None and commitment.deleted_at is None:
        if done:
            commitment.status = SupportCommitment.Status.DELIVERED
            do_save_commitment(commitment=commitment, by=by)
        else:
            from komunitas.communities.actions import do_delete_commitment

            do_delete_commitment(commitment=commitment, by=by)
    kind = RequestStep.Kind.DONE if done else RequestStep.Kind.NOT_DONE
    _step(request, kind, by=by, note=request.outcome_note)
    _announce(kinds.REQUEST_CLOSED.key, request, by=by, users=[request.partner_id])
    return request


@transaction.atomic
def do_send_reminders(*, now: datetime) -> int:
    """Remind the partner a few days before accepted support is due, and the partner and the
    community's team once it is overdue. Each reminder once per request (a unique step)."""
    today = timezone.localdate(now)
    sent = 0
    accepted = SupportRequest.objects.filter(
        status=Status.ACCEPTED, community__deleted_at__isnull=True
    ).select_related("community")
    for request in accepted:
        due = request.due_date
        if due < today:
            step, users, overdue = (
                RequestStep.Kind.OVERDUE,
                [request.partner_id, *_team(request)],
                True,
            )
        elif due <= today + timedelta(days=REMIND_DAYS_BEFORE):
            step, users, overdue = RequestStep.Kind.REMINDED, [request.partner_id], False
        else:
            continue
        try:
            with transaction.atomic():
                _step(request, step, by=None)
        except IntegrityError:  # already reminded
            continue
        field = "reminded_overdue_at" if overdue else "reminded_before_at"
        setattr(request, field, now)
        request.save(update_fields=[field])
        _announce(
            kinds.REQUEST_REMINDER.key,
            request,
            by=None,
            users=sorted(set(users)),
            overdue=overdue,
            date=due.isoformat(),
        )
        sent += 1
    return sent
