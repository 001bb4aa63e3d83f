"""Who may onboard teachers and answer school requests: operators everywhere, a Dinas account
for its own kabupaten/kota only (``User.regency``). Everyone else: nobody."""

from komunitas.accounts.models import User
from komunitas.accounts.rules import is_operator
from komunitas.permissions import rule


def dinas_regency(user) -> str | None:
    """The kabupaten/kota a Dinas account acts for, or None."""
    if getattr(user, "role", None) == User.Role.DINAS and user.regency_id:
        return user.regency_id
    return None


def _manages_regency(user, regency_id) -> bool:
    if is_operator(user):
        return True
    own = dinas_regency(user)
    return own is not None and own == regency_id


@rule("onboarding.manage")
def _manage(user, _obj):
    """Open the onboarding page, download the template, upload a file."""
    return is_operator(user) or dinas_regency(user) is not None


@rule("onboarding.view_batch")
def _view_batch(user, batch):
    if is_operator(user):
        return True
    # A Dinas sees the batches of its own kabupaten/kota (its own and its colleagues').
    return batch.regency_id is not None and dinas_regency(user) == batch.regency_id


@rule("onboarding.import_batch")
def _import_batch(user, batch):
    from komunitas.onboarding.models import ImportBatch

    return _view_batch(user, batch) and batch.status == ImportBatch.Status.CHECKED


@rule("onboarding.request_school")
def _request_school(user, _obj):
    return True  # any signed-in person whose school is missing


@rule("onboarding.view_school_request")
def _view_school_request(user, request):
    return request.requested_by_id == user.pk or _manages_regency(user, request.regency_id)


@rule("onboarding.decide_school_request")
def _decide_school_request(user, request):
    from komunitas.onboarding.models import SchoolRequest

    return request.status == SchoolRequest.Status.PENDING and _manages_regency(
        user, request.regency_id
    )
