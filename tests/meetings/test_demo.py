"""The demo's meetings: a lived-in past and a scheduled future, built once."""

from django.core.management import call_command
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.meetings.models import ActionItem, Attendance, Feedback, Meeting, MeetingPhoto


def _demo():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_past_and_coming_meetings_and_is_idempotent(demo):
    now = timezone.now()
    past = Meeting.objects.filter(ends_at__lt=now)
    coming = Meeting.objects.filter(starts_at__gt=now)
    assert past.filter(status=Meeting.Status.CANCELLED).exists()
    assert past.filter(minutes_published_at__isnull=False).count() >= 6
    assert Attendance.objects.filter(late=True).exists()
    assert Feedback.objects.exists() and MeetingPhoto.objects.exists()
    guru = User.objects.get(email="guru@demo.test")
    items = ActionItem.objects.filter(owner=guru)
    assert items.filter(status=ActionItem.Status.DONE).exists()
    assert any(item.is_overdue() for item in items)
    modes = set(coming.values_list("mode", flat=True))
    assert {Meeting.Mode.IN_PERSON, Meeting.Mode.ONLINE} <= modes
    assert coming.filter(rhythm_date__isnull=False).count() == coming.count() >= 9
    counts = (Meeting.objects.count(), ActionItem.objects.count(), Attendance.objects.count())
    _demo()
    assert (Meeting.objects.count(), ActionItem.objects.count(), Attendance.objects.count()) == (
        counts
    )
