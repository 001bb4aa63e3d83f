"""A fasilitator on a phone sees the unread count, reads the notifications, marks them read and
moves join requests to the daily digest with quiet hours in the evening."""

import datetime

import pytest
from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.communities.actions import do_ask_to_join
from komunitas.communities.models import Community
from komunitas.notifications.models import Notification, Preference, QuietHours
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser


def test_a_fasilitator_reads_notifications_and_chooses_the_daily_digest(page, site):
    fasilitator = make_user(
        "ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK
    )
    community = make_community(
        fasilitator,
        name="Komunitas Berdiferensiasi",
        join_policy=Community.JoinPolicy.APPROVAL,
    )
    do_ask_to_join(community=community, user=make_user(full_name="Budi Santoso"))
    do_ask_to_join(community=community, user=make_user(full_name="Dewi Lestari"))
    call_command("worker", batch=True, verbosity=0)

    log_in(page, site, "ratna@contoh.test")
    badge = page.locator("#notif-badge")
    assert "2" in badge.locator(".badge").inner_text().split()

    with page.expect_navigation():
        badge.click()
    assert page.url == f"{site}/notifikasi/"
    assert page.get_by_text("2 guru minta bergabung dengan Komunitas Berdiferensiasi").is_visible()
    assert horizontal_overflow(page) == []

    with page.expect_navigation():
        page.locator(".actions form button[type=submit]").click()
    assert page.locator("#notif-badge .badge").count() == 0
    assert not Notification.objects.unread().exists()

    page.goto(f"{site}/notifikasi/pengaturan/")
    page.select_option('select[name="communities.join_request"]', "daily")
    page.fill("input[name=quiet_from]", "21:00")
    page.fill("input[name=quiet_until]", "05:30")
    assert horizontal_overflow(page) == []
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".msg-success").is_visible()

    chosen = Preference.objects.get(user=fasilitator, kind="communities.join_request")
    assert chosen.delivery == "daily"
    quiet = QuietHours.objects.get(user=fasilitator)
    assert (quiet.starts, quiet.ends) == (datetime.time(21), datetime.time(5, 30))
