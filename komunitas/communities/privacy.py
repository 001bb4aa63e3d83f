"""Communities' part of the members' data rights (komunitas/core/privacy.py).

Memberships end (as if the member left: the community's history of who joined when stays, under
"Mantan anggota"); join requests and the member's own Lembar Identifikasi entries are deleted;
a stakeholder entry linked to the account is unlinked. A partner's support commitments are kept,
or soft-deleted when contributions are removed.
"""

from django.utils import timezone

from komunitas.communities.actions import do_delete_commitment
from komunitas.communities.models import (
    JoinRequest,
    MapEntry,
    Membership,
    Report,
    Stakeholder,
    SupportCommitment,
)
from komunitas.core.privacy import all_rows, privacy_part


@privacy_part("communities", order=10)
class CommunitiesPrivacy:
    def export(self, user):
        return {
            "memberships": all_rows(Membership.objects.filter(user=user), "community__name"),
            "join_requests": all_rows(JoinRequest.objects.filter(user=user), "community__name"),
            "identification_sheet": all_rows(MapEntry.objects.filter(owner=user)),
            "support_commitments": all_rows(SupportCommitment.objects.filter(partner=user)),
            "reports_filed": all_rows(Report.objects.filter(reporter=user)),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).update(
            status=Membership.Status.LEFT, ended_at=timezone.now()
        )
        JoinRequest.objects.filter(user=user).delete()
        MapEntry.objects.filter(owner=user).delete()
        Stakeholder.objects.filter(account=user).update(account=None, account_linked_by=None)
        if remove_public:
            for commitment in SupportCommitment.objects.filter(partner=user, deleted_at=None):
                do_delete_commitment(commitment=commitment, by=user)
