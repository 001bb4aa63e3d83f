"""Insights' part of the members' data rights (komunitas/core/privacy.py).

Reports a member asked for are deleted with their files; their value-creation stories are kept
under "Mantan anggota" or soft-deleted. Read activity (one row per member, community and day)
stays against the erased account, which names no one, so the communities' figures stay true;
rows older than READ_ACTIVITY_RETENTION_DAYS are rolled into monthly counts anyway
(insights/retention.py).
"""

from komunitas.core.privacy import all_rows, privacy_part
from komunitas.insights.models import Report, Story
from komunitas.reads.models import ReadActivity


@privacy_part("insights", order=60)
class InsightsPrivacy:
    def export(self, user):
        return {
            "read_activity": all_rows(ReadActivity.objects.filter(user=user), "community__name"),
            "stories": all_rows(Story.objects.filter(author=user)),
            "reports_requested": all_rows(Report.objects.filter(requested_by=user)),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        for report in Report.objects.filter(requested_by=user):
            for field in (report.pdf, report.xlsx, report.csv):
                if field:
                    field.delete(save=False)
            report.delete()
        if remove_public:
            for story in Story.objects.filter(author=user, deleted_at=None):
                story.soft_delete()
