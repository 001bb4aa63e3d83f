"""The period a dashboard or a report covers: whole days, in the installation's calendar."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from komunitas.lib.http import parse_id

CHOICES = (30, 90, 180, 365)
DEFAULT_DAYS = 90
TREND_MONTHS = 6


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def last(cls, days: int = DEFAULT_DAYS, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @classmethod
    def from_request(cls, request) -> "Period":
        raw = request.GET.get("hari", "")
        days = parse_id(raw) if parse_id(raw) in CHOICES else DEFAULT_DAYS
        return cls.last(days)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes [start 00:00, the day after end 00:00) in the current zone."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return start, end

    def months(self, count: int = TREND_MONTHS) -> list[datetime.date]:
        """The first days of the ``count`` months up to and including the end's month."""
        year, month = self.end.year, self.end.month
        found = []
        for _i in range(count):
            found.append(datetime.date(year, month, 1))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return found[::-1]

    def trend_start(self, count: int = TREND_MONTHS) -> datetime.datetime:
        zone = timezone.get_current_timezone()
        return datetime.datetime.combine(self.months(count)[0], datetime.time.min, tzinfo=zone)

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"
