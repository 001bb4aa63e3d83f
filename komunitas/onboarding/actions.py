"""Every change of state of bulk onboarding.

A file is checked (``do_check_batch``: nothing is imported, every bad row is reported), then
imported in one transaction (``do_import_batch``: the accounts are created or updated in bulk,
a few queries per thousand rows), then the worker queues the invitations in the outbox
(``queue_invitations``). A teacher activates their account through the invitation
(``do_activate``) and joins their communities then. A teacher whose school is missing asks for
it (``do_request_school``), the operator or the Dinas answers.

This app writes accounts' ``User`` and ``School`` rows itself, in bulk: importing ten thousand
teachers one ``save()`` at a time would take minutes (docs/onboarding.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from komunitas.accounts.models import Regency, School, User
from komunitas.accounts.rules import is_operator
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community
from komunitas.lib import emails
from komunitas.notifications.services import announce
from komunitas.onboarding import notifications as kinds
from komunitas.onboarding.checking import Plan, check, in_use
from komunitas.onboarding.models import Enrolment, ImportBatch, SchoolRequest
from komunitas.onboarding.rules import dinas_regency
from komunitas.onboarding.tokens import make_activation_token

BULK = 500  # rows per INSERT statement
UPDATE_BATCH = 100  # rows per bulk UPDATE
MAIL_CHUNK = 200  # invitations queued per transaction by the worker


def _store_plan(batch: ImportBatch, plan: Plan) -> None:
    limit = settings.ONBOARDING_MAX_REPORTED_ERRORS
    batch.encoding = plan.encoding
    batch.rows = plan.read
    batch.errors = [list(e) for e in plan.errors[:limit]]
    batch.error_count = len(plan.errors)
    batch.to_create = len(plan.new)
    batch.to_update = len(plan.existing)
    batch.status = ImportBatch.Status.CHECKED if plan.ok else ImportBatch.Status.INVALID


@transaction.atomic
def do_check_batch(*, data: bytes, file_name: str, by: User) -> ImportBatch:
    """Keep the uploaded file as a batch and check it; nothing is imported yet."""
    plan = check(data, by=by)
    batch = ImportBatch(
        created_by=by,
        regency_id=None if is_operator(by) else dinas_regency(by),
        file_name=file_name[:200],
        source=data if plan.ok else b"",
    )
    _store_plan(batch, plan)
    batch.save()
    return batch


def _unusable_password() -> str:
    # What set_unusable_password() stores, without hashing anything: "!" and 40 random letters.
    return "!" + get_random_string(40)


@transaction.atomic
def do_import_batch(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Check the kept file again (the accounts may have changed since) and, if every row is
    still good, import it all at once; otherwise keep the new errors and import nothing."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.CHECKED:
        return batch
    plan = check(bytes(batch.source), by=by)
    _store_plan(batch, plan)
    if not plan.ok:
        batch.source = b""
        batch.save()
        return batch

    new_rows, existing_rows = plan.new, plan.existing
    new_users = [
        User(
            email=row.email,
            full_name=row.name,
            nuptk=row.nuptk,
            role=row.role,
            school=row.school,
            password=_unusable_password(),
            language=settings.LANGUAGE_CODE,
        )
        for row in new_rows
    ]
    User.objects.bulk_create(new_users, batch_size=BULK)
    for row, user in zip(new_rows, new_users, strict=True):
        row.user = user
        row.is_new = True

    # Only the accounts whose values change are written: a file imported again costs reads.
    pending: list[User] = []
    used: list[User] = []
    for row in existing_rows:
        existing = row.user
        assert existing is not None
        user = existing
        before = (user.email, user.full_name, user.role, user.school_id, user.nuptk)
        if in_use(user):
            # The owner's own profile: fill what is blank, never overwrite what they wrote.
            if not user.nuptk and row.nuptk:
                user.nuptk = row.nuptk
            if user.school_id is None:
                user.school = row.school
            changed = used
        else:
            user.email, user.full_name, user.role = row.email, row.name, row.role
            user.school = row.school
            if row.nuptk:
                user.nuptk = row.nuptk
            changed = pending
        if before != (user.email, user.full_name, user.role, user.school_id, user.nuptk):
            changed.append(user)
    fields = ["email", "full_name", "role", "school", "nuptk"]
    # Small batches: each is one UPDATE with a CASE per field, slow to evaluate when long.
    User.objects.bulk_update(pending, fields, batch_size=UPDATE_BATCH)
    User.objects.bulk_update(used, ["nuptk", "school"], batch_size=UPDATE_BATCH)
    in_use_rows = [r for r in existing_rows if r.user is not None and in_use(r.user)]

    now = timezone.now()
    enrolments = [
        Enrolment(
            batch=batch,
            user=row.user,
            line=row.line,
            created_account=row.is_new,
            community_ids=row.community_ids,
        )
        for row in plan.rows
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=BULK)
    # Someone who uses their account already joins at once; the others when they activate it.
    if any(r.community_ids for r in in_use_rows):
        ids = {c for r in in_use_rows for c in r.community_ids}
        communities = Community.objects.in_bulk(ids)
        for row in in_use_rows:
            member = row.user
            assert member is not None
            for community_id in row.community_ids:
                if community_id in communities:
                    do_add_member(community=communities[community_id], user=member, by=by)
        Enrolment.objects.filter(batch=batch, user__in=[r.user for r in in_use_rows]).update(
            joined_at=now
        )

    batch.created = len(new_rows)
    batch.updated = len(existing_rows)
    batch.status = ImportBatch.Status.IMPORTED
    batch.imported_at = now
    batch.source = b""
    batch.save()

    from komunitas.onboarding.tasks import send_invitations

    batch_id = batch.pk
    transaction.on_commit(lambda: send_invitations.enqueue(batch_id), robust=True)
    return batch


def _invitation_context(enrolment: Enrolment, communities: dict[int, Community]) -> dict:
    user = enrolment.user
    batch = enrolment.batch
    if enrolment.created_account or not in_use(user):
        path = reverse("onboarding:activate", args=[make_activation_token(user)])
    else:
        path = reverse("accounts:profile_edit")
    return {
        "name": user.get_short_name(),
        "school": user.school,
        "regency": batch.regency,
        "inviter": batch.created_by,
        "communities": [communities[c] for c in enrolment.community_ids if c in communities],
        "url": emails.absolute(path),
        "activate": enrolment.created_account or not in_use(user),
        "days": settings.ONBOARDING_INVITATION_DAYS,
    }


def queue_invitations(*, batch_id: int, limit: int | None = None) -> int:
    """Put the invitation of every enrolment of the batch that has none yet in the outbox, in
    transactions of ``MAIL_CHUNK``; safe to run twice. Returns how many were queued."""
    queued = 0
    while limit is None or queued < limit:
        with transaction.atomic():
            chunk = list(
                Enrolment.objects.select_for_update(of=("self",))
                .filter(batch_id=batch_id, mail__isnull=True)
                .select_related("user__school", "batch__regency", "batch__created_by")
                .order_by("pk")[:MAIL_CHUNK]
            )
            if not chunk:
                break
            ids = {c for e in chunk for c in e.community_ids}
            communities = Community.objects.in_bulk(ids) if ids else {}
            for enrolment in chunk:
                enrolment.mail = emails.queue_mail(
                    to=enrolment.user.email,
                    template="onboarding-invitation",
                    context=_invitation_context(enrolment, communities),
                    language=enrolment.user.language,
                    recipient=enrolment.user,
                )
            Enrolment.objects.bulk_update(chunk, ["mail"], batch_size=UPDATE_BATCH)
            ImportBatch.objects.filter(pk=batch_id).update(invited=F("invited") + len(chunk))
            queued += len(chunk)
    return queued


@transaction.atomic
def do_activate(*, user: User, password: str) -> list[Community]:
    """The invited teacher sets their first password (the link proved the address) and joins
    the communities their enrolments name. Returns those communities."""
    now = timezone.now()
    user.set_password(password)
    if user.email_verified_at is None:
        user.email_verified_at = now
    if user.privacy_consent_at is None:
        user.privacy_consent_at = now
    user.save(update_fields=["password", "email_verified_at", "privacy_consent_at"])
    enrolments = list(
        Enrolment.objects.select_for_update().filter(user=user, joined_at__isnull=True)
    )
    ids = list(dict.fromkeys(c for e in enrolments for c in e.community_ids))
    communities = Community.objects.alive().in_bulk(ids)
    joined = []
    for community_id in ids:
        community = communities.get(community_id)
        if community is None:
            continue
        enrolment = next(e for e in enrolments if community_id in e.community_ids)
        do_add_member(community=community, user=user, by=enrolment.batch.created_by)
        joined.append(community)
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(joined_at=now)
    return joined


# --- Schools a teacher asks for


@transaction.atomic
def do_request_school(
    *, by: User, npsn: str, name: str, level: str, school_status: str, regency: Regency
) -> SchoolRequest:
    """Ask for a missing school; the operators and the Dinas of the regency hear of it."""
    request = SchoolRequest.objects.create(
        requested_by=by,
        npsn=npsn,
        name=" ".join(name.split())[:200],
        level=level,
        school_status=school_status,
        regency=regency,
    )
    announce(
        kinds.SCHOOL_REQUESTED.key,
        actor=by,
        target=request,
        title=f"{request.npsn} {request.name}",
        url=request.get_absolute_url(),
    )
    return request


@transaction.atomic
def do_approve_school_request(*, request: SchoolRequest, by: User) -> School:
    """Add the school (or take the one with that NPSN, if it came meanwhile) and make it the
    school of the teacher who asked, if they have none."""
    request = SchoolRequest.objects.select_for_update().get(pk=request.pk)
    school = School.objects.filter(npsn=request.npsn).first()
    if school is None:
        school = School.objects.create(
            npsn=request.npsn,
            name=request.name,
            level=request.level,
            status=request.school_status,
            regency=request.regency,
        )
    request.status = SchoolRequest.Status.APPROVED
    request.school = school
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "school", "decided_by", "decided_at"])
    User.objects.filter(pk=request.requested_by_id, school__isnull=True).update(school=school)
    announce(
        kinds.SCHOOL_ANSWERED.key,
        actor=by,
        target=request,
        title=f"{request.npsn} {request.name}",
        url=request.get_absolute_url(),
        approved=True,
    )
    return school


@transaction.atomic
def do_decline_school_request(*, request: SchoolRequest, by: User, reason: str) -> None:
    request.status = SchoolRequest.Status.DECLINED
    request.reason = reason.strip()[:300]
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    announce(
        kinds.SCHOOL_ANSWERED.key,
        actor=by,
        target=request,
        title=f"{request.npsn} {request.name}",
        url=request.get_absolute_url(),
        approved=False,
        reason=request.reason,
    )
