"""Retention: read activity older than READ_ACTIVITY_RETENTION_DAYS is rolled into monthly
counts per community without changing a dashboard figure; notifications and mail are deleted
after NOTIFICATION_RETENTION_DAYS and MAIL_RETENTION_DAYS."""

import datetime
import io
import os
import random
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone

from komunitas.communities.models import Community, Membership
from komunitas.insights.measures import raw_figures
from komunitas.insights.models import ReadMonth
from komunitas.insights.period import CHOICES, Period
from komunitas.insights.retention import cutoff, roll_up_reads
from komunitas.insights.scope import Kind, resolve
from komunitas.notifications.mail import prune
from komunitas.notifications.models import Event, Mail, Notification
from komunitas.reads.models import ReadActivity
from tests.factories import make_community, make_user

pytestmark = pytest.mark.django_db


def _two_years_of_reading(communities):
    """Members read on random days over the last two years (the demo reads only recently);
    some stopped months ago, so the longest dashboard periods see reads near their start."""
    rng, today, rows = random.Random(19), timezone.localdate(), []
    memberships = Membership.objects.filter(
        community__in=communities, role__in=["fasilitator", "anggota"]
    )
    for membership in memberships:
        stopped = rng.choice([1, 20, 100, 250, 300, 380, 500])  # some stopped reading long ago
        for back in rng.sample(range(stopped, 760), 40):
            day = today - datetime.timedelta(days=back)
            rows.append(ReadActivity(user=membership.user, community=membership.community,
                                     day=day))  # fmt: skip
    ReadActivity.objects.bulk_create(rows, ignore_conflicts=True)


def test_rolling_up_old_reads_changes_no_dashboard_figure(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    communities = list(Community.objects.all())
    _two_years_of_reading(communities)
    community = communities[0]
    school = community.memberships.filter(user__school__isnull=False).first().user.school
    scopes = [
        resolve(Kind.COMMUNITY, community.slug),
        resolve(Kind.SCHOOL, str(school.pk)),
        resolve(Kind.REGENCY, school.regency.code),
        resolve(Kind.INSTALLATION, ""),
    ]
    # A report on an old period: its trend months lie before the cutoff.
    old = Period(cutoff() - datetime.timedelta(days=120), cutoff() - datetime.timedelta(days=1))
    one = scopes[0]
    before = {(s.kind, d): raw_figures(s, Period.last(d)) for s in scopes for d in CHOICES}
    old_before = raw_figures(one, old)["trends"]["series"]["readers"]
    assert ReadActivity.objects.filter(day__lt=cutoff()).exists()

    deleted = roll_up_reads()
    assert deleted and not ReadActivity.objects.filter(day__lt=cutoff()).exists()
    assert ReadMonth.objects.exists()
    after = {(s.kind, d): raw_figures(s, Period.last(d)) for s in scopes for d in CHOICES}
    assert after == before
    assert raw_figures(one, old)["trends"]["series"]["readers"] == old_before
    assert any(old_before)  # the old months had readers, now counted from ReadMonth
    # Rolling up again adds nothing and counts nothing twice.
    totals = list(ReadMonth.objects.order_by("pk").values_list("readers", flat=True))
    assert roll_up_reads() == 0
    assert list(ReadMonth.objects.order_by("pk").values_list("readers", flat=True)) == totals


def test_the_rolled_up_months_name_no_one():
    assert {f.name for f in ReadMonth._meta.fields} == {
        "id", "community", "month", "readers", "read_days",
    }  # fmt: skip


def test_old_notifications_and_mail_are_deleted_after_their_periods(settings, member):
    settings.NOTIFICATION_RETENTION_DAYS, settings.MAIL_RETENTION_DAYS = 180, 90
    community = make_community(make_user("f@contoh.test"))
    now = timezone.now()
    event = Event.objects.create(kind="x", target=community, title="t", url="/")

    def note(days):
        return Notification.objects.create(event=Event.objects.create(
            kind="x", target=community, title="t", url="/"), recipient=member, delivery="in_app",
            created_at=now - datetime.timedelta(days=days))  # fmt: skip

    old_note, new_note = note(181), note(179)

    def mail(days, status):
        created = now - datetime.timedelta(days=days)
        return Mail.objects.create(
            recipient=member, kind="digest", period=f"p{days}{status}", status=status,
            created_at=created,
        )  # fmt: skip

    old_sent, old_failed = mail(91, Mail.Status.SENT), mail(91, Mail.Status.FAILED)
    new_sent, old_pending = mail(89, Mail.Status.SENT), mail(91, Mail.Status.PENDING)
    prune(now)
    assert set(Notification.objects.values_list("pk", flat=True)) == {new_note.pk}
    assert set(Mail.objects.values_list("pk", flat=True)) == {new_sent.pk, old_pending.pk}
    assert not Notification.objects.filter(pk=old_note.pk).exists()
    assert not Mail.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()
    assert event.pk


def test_a_read_retention_shorter_than_a_dashboard_period_stops_the_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("READ_ACTIVITY")}
    answer = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "komunitas.settings", "DEBUG": "true",
             "DATA_DIR": str(tmp_path), "READ_ACTIVITY_RETENTION_DAYS": "200"},  # fmt: skip
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert answer.returncode != 0
    assert "READ_ACTIVITY_RETENTION_DAYS must be at least 366" in answer.stderr
    assert max(CHOICES) < 366  # the minimum covers the longest dashboard period
