from django_tasks import task

from komunitas.insights.models import Report


@task()
def build_report(report_id: int) -> bool:
    """Build a queued report in the background; idempotent (a built report is left alone)."""
    from komunitas.insights.reports import build

    report = Report.objects.select_related("requested_by").filter(pk=report_id).first()
    if report is None:
        return False
    return build(report)
