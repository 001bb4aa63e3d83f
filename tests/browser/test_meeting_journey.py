"""On phones: a fasilitator schedules meetings from the rhythm, a member answers and checks in
with the code shown at the meeting, the fasilitator publishes minutes with an action item, and
the action item waits on the member's home page."""

import datetime

import pytest
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community
from komunitas.meetings.models import ActionItem, Attendance, Meeting, Rsvp
from tests.browser.conftest import PHONE, TIMEOUT_MS, horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def member_page(browser, site):
    """A second phone, for the member."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def test_schedule_rsvp_check_in_and_minutes_on_phones(page, member_page, site):
    fasilitator = make_user(
        "ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK
    )
    community = make_community(
        fasilitator,
        name="Komunitas Berdiferensiasi",
        slug="berdiferensiasi",
        rhythm_frequency=Community.Frequency.MONTHLY,
        rhythm_weeks="2,4",
        rhythm_weekday=3,
        rhythm_time=datetime.time(14, 0),
    )
    siti = make_user("siti@contoh.test", full_name="Siti Rahayu")
    do_add_member(community=community, user=siti)

    # The fasilitator schedules the coming meetings that the rhythm gives.
    log_in(page, site, "ratna@contoh.test")
    page.goto(f"{site}/k/berdiferensiasi/")
    page.locator("a[href='/k/berdiferensiasi/pertemuan/jadwalkan/']").first.click()
    page.wait_for_load_state()
    ticked = page.locator("input[name=dates]:checked").count()
    assert ticked in (5, 6)  # 5 on a meeting day after the meeting's time
    page.locator("input[name=dates]").nth(ticked - 1).uncheck()
    page.fill("input[name=place]", "Perpustakaan SD Negeri Depok 1")
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()
    assert page.url == f"{site}/k/berdiferensiasi/pertemuan/"
    assert page.locator(".kp-meeting").count() == ticked - 1
    assert horizontal_overflow(page) == []
    meeting = Meeting.objects.filter(community=community).order_by("starts_at").first()
    assert meeting.local_start.hour == 14 and meeting.local_start.weekday() == 3

    # The day comes: the meeting starts in a few minutes.
    meeting.starts_at = timezone.now() + datetime.timedelta(minutes=5)
    meeting.save()

    # The member sees it on the home page, answers that she comes, and checks in with the code.
    log_in(member_page, site, "siti@contoh.test")
    member_page.goto(f"{site}/")
    member_page.locator(f"#my-meetings ~ ul a[href='/pertemuan/{meeting.pk}/']").first.click()
    member_page.wait_for_load_state()
    with member_page.expect_navigation():
        member_page.locator("button[name=answer][value=hadir]").click()
    assert Rsvp.objects.get(user=siti).answer == Rsvp.Answer.YES
    assert member_page.locator("button[name=answer][value=hadir][aria-pressed=true]").count()

    page.goto(f"{site}/pertemuan/{meeting.pk}/kode/")
    code = page.get_by_test_id("checkin-code").inner_text().strip()
    assert page.locator(".kp-qr svg").is_visible()
    assert horizontal_overflow(page) == []

    member_page.fill("#id_checkin_code", "SALAH1")
    with member_page.expect_navigation():
        member_page.locator("form.kp-checkin button[type=submit]").click()
    assert member_page.locator(".errorlist").is_visible()  # a wrong code: try again
    member_page.fill("input[name=code]", code.lower())
    with member_page.expect_navigation():
        member_page.locator("main form.stack button[type=submit]").click()
    assert member_page.url == f"{site}/pertemuan/{meeting.pk}/"
    assert Attendance.objects.get(meeting=meeting).member == siti
    assert horizontal_overflow(member_page) == []

    # After the meeting the fasilitator writes and publishes the minutes with an action item.
    page.goto(f"{site}/pertemuan/{meeting.pk}/notulen/")
    page.fill("textarea[name=notes]", "Kami membahas **kelompok fleksibel**.")
    page.fill("textarea[name=agreements]", "Setiap anggota mencoba satu strategi.")
    with page.expect_navigation():
        page.locator("main > form.stack button[type=submit]").click()
    page.fill("input[name=description]", "Mencoba kelompok fleksibel di kelas 4")
    page.select_option("select[name=owner]", str(siti.pk))
    page.fill(
        "input[name=due_date]", (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    )
    with page.expect_navigation():
        page.locator("section[aria-labelledby=items] form.stack button[type=submit]").click()
    with page.expect_navigation():
        page.locator(f"form[action='/pertemuan/{meeting.pk}/notulen/terbitkan/'] button").click()
    meeting.refresh_from_db()
    assert meeting.minutes_published
    assert ActionItem.objects.get().owner == siti

    # The action item now waits on the member's home page, and she can mark it done there.
    member_page.goto(f"{site}/")
    items = member_page.locator("#my-action-items ~ ul")
    assert "Mencoba kelompok fleksibel di kelas 4" in items.inner_text()
    assert horizontal_overflow(member_page) == []
    items.locator("select[name=status]").select_option("done")
    with member_page.expect_navigation():
        items.locator("button[type=submit]").click()
    assert ActionItem.objects.get().is_done
