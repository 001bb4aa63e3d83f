"""Onboarding's part of the members' data rights (komunitas/core/privacy.py).

A teacher's enrolments (which file brought them in, which communities it named) and the schools
they asked for are theirs: exported, and deleted on erasure. The files a Dinas or operator
uploaded stay as the office's record, without the name of the person who uploaded them.
"""

from komunitas.core.privacy import privacy_part, rows
from komunitas.onboarding.models import Enrolment, ImportBatch, SchoolRequest


@privacy_part("onboarding", order=45)
class OnboardingPrivacy:
    def export(self, user):
        return {
            "enrolments": rows(
                Enrolment.objects.filter(user=user),
                "batch__file_name",
                "batch__imported_at",
                "line",
                "created_account",
                "community_ids",
                "joined_at",
            ),
            "school_requests": rows(
                SchoolRequest.objects.filter(requested_by=user),
                "npsn",
                "name",
                "level",
                "school_status",
                "regency_id",
                "status",
                "reason",
                "created_at",
                "decided_at",
            ),
            "imports_uploaded": rows(
                ImportBatch.objects.filter(created_by=user),
                "file_name",
                "status",
                "rows",
                "created",
                "updated",
                "created_at",
                "imported_at",
            ),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        Enrolment.objects.filter(user=user).delete()
        SchoolRequest.objects.filter(requested_by=user).delete()
        ImportBatch.objects.filter(created_by=user).update(created_by=None)
