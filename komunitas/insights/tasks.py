from django.core.cache import cache
from django_tasks import task

from komunitas.insights.models import Report


@task()
def build_report(report_id: int) -> bool:
    """Build a queued report in the background; idempotent (a built report is left alone)."""
    from komunitas.insights.reports import build

    report = Report.objects.select_related("requested_by").filter(pk=report_id).first()
    if report is None:
        return False
    return build(report, notify=True)


@task()
def refresh_snapshot(kind: str, ref: str, days: int) -> bool:
    """Count a dashboard's figures again (asked for when its snapshot went stale)."""
    from django.http import Http404

    from komunitas.insights.dashboard import store
    from komunitas.insights.period import Period
    from komunitas.insights.scope import resolve

    try:
        scope = resolve(kind, ref)
    except Http404:
        return False
    store(scope, Period.last(days))
    cache.delete(f"insights:counting:{scope.cache_key}:{days}")
    return True
