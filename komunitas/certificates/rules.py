"""Who may see and do what with JP and certificates (see komunitas/permissions.py).

A community's fasilitators set its JP rules and decide on the requests (never on their own:
another fasilitator or an operator does); anggota and fasilitators see their own hours and ask
for certificates; whoever may see the community reads its rules. A certificate is seen by its
holder, the community's fasilitators and operators; mitra and the Dinas see only counts (in
their dashboards). Operators set the limits (settings), may decide and revoke, but do not set a
community's rules. Anyone, signed in or not, may verify an issued certificate by its code.
"""

from komunitas.accounts.rules import is_operator
from komunitas.certificates.models import Certificate
from komunitas.communities.models import Membership
from komunitas.permissions import can, rule

Role = Membership.Role
PARTICIPANTS = (Role.FASILITATOR, Role.ANGGOTA)


def _alive(community) -> bool:
    return community.deleted_at is None


def _leads(user, community) -> bool:
    return _alive(community) and community.role_of(user) == Role.FASILITATOR


@rule("certificates.view_rules")
def _view_rules(user, community):
    return can(user, "community.view", community)


@rule("certificates.set_rules")
def _set_rules(user, community):
    return _leads(user, community)


@rule("certificates.view_hours")
def _view_hours(user, community):
    """One's own hours in a community: its anggota and fasilitators (partners take no part)."""
    return _alive(community) and community.role_of(user) in PARTICIPANTS


@rule("certificates.request")
def _request(user, community):
    rules = getattr(community, "jp_rules", None)
    return _view_hours(user, community) and rules is not None and rules.counts_anything


@rule("certificates.manage")
def _manage(user, community):
    """The community's requests and certificates, all members' (the fasilitators' page)."""
    return _leads(user, community) or (_alive(community) and is_operator(user))


@rule("certificate.view")
def _view(user, certificate: Certificate):
    return (certificate.member_id is not None and certificate.member_id == user.pk) or _manage(
        user, certificate.community
    )


@rule("certificate.decide")
def _decide(user, certificate: Certificate):
    if certificate.status != Certificate.Status.REQUESTED or not _alive(certificate.community):
        return False
    if is_operator(user):
        return True
    return certificate.member_id != user.pk and _leads(user, certificate.community)


@rule("certificate.download")
def _download(user, certificate: Certificate):
    return certificate.is_issued and _view(user, certificate)


@rule("certificate.revoke")
def _revoke(user, certificate: Certificate):
    return (
        certificate.is_issued
        and not certificate.is_revoked
        and (is_operator(user) or _leads(user, certificate.community))
    )


def _verify(user, certificate: Certificate):
    return certificate.is_issued


_verify.allows_anonymous = True
rule("certificate.verify")(_verify)
