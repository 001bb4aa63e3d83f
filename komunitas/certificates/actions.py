"""Every change to JP rules and certificates, and who hears of it.

Each ``do_*`` takes keyword arguments only, runs in one transaction, writes its
``CertificateLog`` row and announces the change with one ``announce`` call. Actions check the
business rules (limits, periods, a request decided once); views check permissions first.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from komunitas.certificates import hours
from komunitas.certificates import notifications as kinds
from komunitas.certificates.models import Certificate, CertificateLog, JpRules, new_code
from komunitas.communities.models import Community, Membership
from komunitas.notifications.services import announce

# The longest period one certificate covers.
MAX_PERIOD_DAYS = 366


class CertificateError(Exception):
    """A request or a decision that the rules refuse; the message says why, to the user."""


def check_rules(
    *, per_meeting: int, per_practice: int, cap: int | None, per_lesson_study: int = 0
) -> None:
    """Refuse JP rules outside the operator's limits (or negative)."""
    most = settings.CERTIFICATES_MAX_JP_PER_ACTIVITY
    for value in (per_meeting, per_practice, per_lesson_study):
        if value < 0:
            raise CertificateError(_("JP cannot be negative."))
        if value > most:
            raise CertificateError(
                _("At most %(n)s JP per activity on this installation.") % {"n": most}
            )
    limit = settings.CERTIFICATES_MAX_JP_PER_PERIOD
    if cap is not None and not 1 <= cap <= limit:
        raise CertificateError(
            _("The cap must be between 1 and %(n)s JP on this installation.") % {"n": limit}
        )


@transaction.atomic
def do_set_rules(
    *,
    community: Community,
    by,
    per_meeting: int,
    per_practice: int,
    cap: int | None,
    per_lesson_study: int = 0,
) -> JpRules:
    check_rules(
        per_meeting=per_meeting,
        per_practice=per_practice,
        cap=cap,
        per_lesson_study=per_lesson_study,
    )
    rules, _created = JpRules.objects.update_or_create(
        community=community,
        defaults={
            "per_meeting": per_meeting,
            "per_practice": per_practice,
            "per_lesson_study": per_lesson_study,
            "cap": cap,
            "updated_by": by,
            "updated_at": timezone.now(),
        },
    )
    CertificateLog.objects.create(
        community=community,
        action=CertificateLog.Action.RULES,
        by=by,
        data={
            "per_meeting": per_meeting,
            "per_practice": per_practice,
            "per_lesson_study": per_lesson_study,
            "cap": cap,
        },
    )
    return rules


def check_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise CertificateError(_("The end of the period is before its start."))
    if end > timezone.localdate():
        raise CertificateError(_("The period cannot end after today."))
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise CertificateError(
            _("One certificate covers at most %(n)s days.") % {"n": MAX_PERIOD_DAYS}
        )


@transaction.atomic
def do_request_certificate(
    *, community: Community, member, start: datetime.date, end: datetime.date
) -> Certificate:
    """Ask the fasilitators for a certificate of ``start``–``end``. Refused when the period
    overlaps one asked or issued already, or when nothing in it counts."""
    check_period(start, end)
    # One request at a time per member and community: the membership row is the lock.
    Membership.objects.select_for_update().filter(
        community=community, user=member
    ).order_by().first()
    if Certificate.objects.overlapping(
        member=member, community=community, start=start, end=end
    ).exists():
        raise CertificateError(
            _("You already asked for (or hold) a certificate for part of this period.")
        )
    rules = JpRules.objects.filter(community=community).first()
    if rules is None or not rules.counts_anything:
        raise CertificateError(_("This community does not count JP."))
    counted = hours.hours_of(member, [rules], start, end)[community.pk]
    if counted.total <= 0:
        raise CertificateError(_("Nothing in this period counts for JP yet."))
    certificate = Certificate.objects.create(
        community=community, member=member, period_start=start, period_end=end
    )
    _log(certificate, CertificateLog.Action.REQUESTED, member)
    _announce(kinds.REQUESTED.key, certificate, member)
    return certificate


def _lock(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("community", "member")
        .get(pk=certificate.pk)
    )


@transaction.atomic
def do_issue_certificate(*, certificate: Certificate, by) -> Certificate:
    """Issue a requested certificate: count the period now and freeze what it says."""
    certificate = _lock(certificate)
    if certificate.status != Certificate.Status.REQUESTED:
        raise CertificateError(_("This request was already decided."))
    community, member = certificate.community, certificate.member
    if member is None:  # the account was erased meanwhile
        raise CertificateError(_("This request was already decided."))
    rules = JpRules.objects.get(community=community)
    counted = hours.count_for_certificate(
        member, rules, certificate.period_start, certificate.period_end
    )
    now = timezone.now()
    certificate.status = Certificate.Status.ISSUED
    certificate.decided_by, certificate.decided_at = by, now
    certificate.code = new_code()
    certificate.holder_name = member.full_name
    certificate.holder_nuptk = member.nuptk
    certificate.community_name = community.name
    certificate.facilitator_name = by.full_name
    certificate.per_meeting, certificate.per_practice = rules.per_meeting, rules.per_practice
    certificate.meetings, certificate.practices = counted.meetings, counted.practices
    certificate.per_lesson_study = rules.per_lesson_study
    certificate.lesson_studies = counted.lesson_studies
    certificate.total_jp = counted.total
    certificate.activities = counted.activities
    certificate.number = f"KP/{now:%Y}/{community.pk:04d}/{certificate.pk:06d}"
    certificate.save()
    _log(certificate, CertificateLog.Action.ISSUED, by)
    _announce(kinds.ISSUED.key, certificate, by, jp=certificate.total_jp)
    return certificate


@transaction.atomic
def do_decline_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    certificate = _lock(certificate)
    if certificate.status != Certificate.Status.REQUESTED:
        raise CertificateError(_("This request was already decided."))
    if not reason.strip():
        raise CertificateError(_("Say why, so the member knows what to do."))
    certificate.status = Certificate.Status.DECLINED
    certificate.decided_by, certificate.decided_at = by, timezone.now()
    certificate.decline_reason = reason.strip()
    certificate.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    _log(certificate, CertificateLog.Action.DECLINED, by, certificate.decline_reason)
    _announce(kinds.DECLINED.key, certificate, by, reason=certificate.decline_reason)
    return certificate


@transaction.atomic
def do_revoke_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke an issued certificate; its verification page says so, with the reason."""
    certificate = _lock(certificate)
    if not certificate.is_issued or certificate.is_revoked:
        raise CertificateError(_("Only a valid issued certificate can be revoked."))
    if not reason.strip():
        raise CertificateError(_("Say why the certificate is revoked."))
    certificate.revoked_at, certificate.revoked_by = timezone.now(), by
    certificate.revoke_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    _log(certificate, CertificateLog.Action.REVOKED, by, certificate.revoke_reason)
    _announce(kinds.REVOKED.key, certificate, by, reason=certificate.revoke_reason)
    return certificate


def _log(certificate: Certificate, action: str, by, reason: str = "") -> None:
    CertificateLog.objects.create(
        community_id=certificate.community_id,
        certificate=certificate,
        action=action,
        by=by,
        reason=reason,
    )


def _announce(kind: str, certificate: Certificate, actor, **data) -> None:
    announce(
        kind,
        actor=actor,
        target=certificate,
        title=certificate.community.name,
        url=reverse("certificates:detail", args=[certificate.pk]),
        **data,
    )
