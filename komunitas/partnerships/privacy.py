"""Partnerships' part of the members' data rights (komunitas/core/privacy.py).

The requests a person asked for or received as a partner, and the steps they took, are exported.
On erasure the requests still waiting for the person's answer are withdrawn (nobody else can
answer them); the others stay as the community's record of its partnerships.
"""

from komunitas.core.privacy import all_rows, privacy_part
from komunitas.partnerships.actions import do_withdraw_request
from komunitas.partnerships.models import RequestStep, SupportRequest


@privacy_part("partnerships", order=45)
class PartnershipsPrivacy:
    def export(self, user):
        return {
            "requests_received": all_rows(
                SupportRequest.objects.filter(partner=user), "community__name"
            ),
            "requests_asked": all_rows(
                SupportRequest.objects.filter(requested_by=user), "community__name"
            ),
            "request_steps": all_rows(RequestStep.objects.filter(actor=user)),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        waiting = SupportRequest.objects.filter(partner=user, status=SupportRequest.Status.SENT)
        for request in waiting:
            do_withdraw_request(request=request, by=user)
