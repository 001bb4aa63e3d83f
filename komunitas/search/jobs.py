"""The search's periodic job: bring up to date what an update after a commit failed to."""

from datetime import datetime, timedelta
from itertools import groupby

from django.utils import timezone

from komunitas.notifications.periodic import periodic_job
from komunitas.search import index
from komunitas.search.models import PendingIndex

GRACE = timedelta(minutes=1)  # the update after the commit normally does it within a moment
BATCH = 2000


@periodic_job("search.catch_up", every=timedelta(minutes=1))
def catch_up(now: datetime) -> int:
    """Refresh the entries still written down as stale a minute after their change; return
    how many. Idempotent: refreshing an entry twice writes the same entry."""
    stale = list(
        PendingIndex.objects.filter(created_at__lte=timezone.now() - GRACE)
        .order_by("source", "pk")
        .values_list("pk", "source", "object_id")[:BATCH]
    )
    for source_key, rows in groupby(stale, key=lambda row: row[1]):
        rows = list(rows)
        index.refresh_ids(source_key, [object_id for _pk, _source, object_id in rows])
        PendingIndex.objects.filter(pk__in=[pk for pk, _source, _id in rows]).delete()
    return len(stale)
