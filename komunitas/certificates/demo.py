"""JP in the demo: the fasilitator's rules in "Komunitas Praktisi Pembelajaran Berdiferensiasi",
a certificate issued to guru@demo.test for the last three months of meetings and practices,
and a colleague's request waiting for an answer. Idempotent."""

import datetime

from django.utils import timezone

from komunitas.certificates import actions
from komunitas.certificates.models import Certificate, JpRules
from komunitas.communities.models import Membership
from komunitas.core.demo import demo_builder

COMMUNITY = "pembelajaran-berdiferensiasi"


def _ask_and_maybe_issue(community, member, start, end, *, by=None):
    if Certificate.objects.overlapping(
        member=member, community=community, start=start, end=end
    ).exists():
        return
    try:
        certificate = actions.do_request_certificate(
            community=community, member=member, start=start, end=end
        )
    except actions.CertificateError:
        return  # nothing counted for this member
    if by is not None:
        actions.do_issue_certificate(certificate=certificate, by=by)


@demo_builder(order=65)
def build_certificates(demo):
    community = demo["communities"][COMMUNITY]
    penggerak = demo["people"]["penggerak@demo.test"]
    guru = demo["people"]["guru@demo.test"]
    if not JpRules.objects.filter(community=community).exists():
        actions.do_set_rules(
            community=community,
            by=penggerak,
            per_meeting=2,
            per_practice=1,
            per_lesson_study=2,
            cap=32,
        )
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=92), today - datetime.timedelta(days=1)
    _ask_and_maybe_issue(community, guru, start, end, by=penggerak)
    colleague = (
        community.active_memberships()
        .filter(role=Membership.Role.ANGGOTA, user__meeting_attendances__isnull=False)
        .exclude(user=guru)
        .select_related("user")
        .order_by("user__email")
        .first()
    )
    if colleague:
        _ask_and_maybe_issue(community, colleague.user, start, end)
