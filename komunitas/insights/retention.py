"""Read activity is kept one row per member, community and day for READ_ACTIVITY_RETENTION_DAYS;
whole months older than that are rolled into ``ReadMonth`` (per community and month: readers and
read-days) and the rows deleted, by the daily periodic job ``insights.roll_up_reads``.

What the figures use (measures.py, participation.py): every dashboard reads at most the last
365 days (the longest period of ``period.CHOICES``; the newcomers' retention only counts reads
inside the period, the trends six months, participation 60 days), so with the setting at its
minimum of 366 days no dashboard figure changes. Reports on older periods take the monthly
readers of the trend chart from ``ReadMonth`` (``monthly_readers``): the same number for one
community; for several communities, a member who read in two counts in each (docs/privacy.md).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from komunitas.insights.models import ReadMonth
from komunitas.notifications.periodic import periodic_job
from komunitas.reads.models import ReadActivity


def cutoff(today: datetime.date | None = None) -> datetime.date:
    """The first day kept row by row: the first of the month the retention period reaches."""
    today = today or timezone.localdate()
    oldest = today - datetime.timedelta(days=settings.READ_ACTIVITY_RETENTION_DAYS)
    return oldest.replace(day=1)


@transaction.atomic
def roll_up_reads(today: datetime.date | None = None) -> int:
    """Roll the months before the cutoff into ReadMonth; the number of read rows deleted."""
    old = ReadActivity.objects.filter(day__lt=cutoff(today))
    months = (
        old.annotate(month=TruncMonth("day"))
        .values("community_id", "month")
        .annotate(readers=Count("user", distinct=True), read_days=Count("pk"))
        .order_by()
    )
    done = set(ReadMonth.objects.values_list("community_id", "month"))
    ReadMonth.objects.bulk_create(
        [
            ReadMonth(
                community_id=m["community_id"],
                month=_date(m["month"]),
                readers=m["readers"],
                read_days=m["read_days"],
            )  # fmt: skip
            for m in months
            if (m["community_id"], _date(m["month"])) not in done  # rolled once, never twice
        ]
    )
    deleted, _ = old.delete()
    return deleted


def _date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def monthly_readers(communities, months: list[datetime.date]) -> dict[datetime.date, int]:
    """Readers per rolled-up month (only months before the cutoff), summed over communities."""
    rolled = [m for m in months if m < cutoff()]
    if not rolled:
        return {}
    rows = (
        ReadMonth.objects.filter(community__in=communities, month__in=rolled)
        .values("month")
        .annotate(n=Sum("readers"))
        .order_by()
    )
    return {row["month"]: row["n"] for row in rows}


@periodic_job("insights.roll_up_reads", every=datetime.timedelta(days=1))
def roll_up_job(now: datetime.datetime) -> int:
    return roll_up_reads()
