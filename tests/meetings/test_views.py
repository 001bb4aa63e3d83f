"""The pages of meetings: scheduling, changing, RSVP, attendance, minutes, feedback, home."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from PIL import Image

from komunitas.communities.actions import do_add_member
from komunitas.meetings import actions
from komunitas.meetings.models import (
    ActionItem,
    Attendance,
    Feedback,
    Meeting,
    MeetingPhoto,
    Rsvp,
)
from komunitas.notifications.models import Event
from tests.factories import make_user
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _kinds():
    return list(Event.objects.order_by("pk").values_list("kind", flat=True))


# --- scheduling


def test_the_fasilitator_schedules_the_ticked_rhythm_dates(login, public_community, fasilitator):
    client = login(fasilitator)
    with time_machine.travel(datetime.datetime(2026, 1, 1, 3, tzinfo=UTC)):
        page = client.get("/k/berdiferensiasi/pertemuan/jadwalkan/?count=3")
        assert page.status_code == 200
        assert b'value="2026-01-08"' in page.content and b'value="2026-01-22"' in page.content
        response = client.post(
            "/k/berdiferensiasi/pertemuan/jadwalkan/?count=3",
            {
                "dates": ["2026-01-08", "2026-02-12"],
                "title": "Pertemuan rutin",
                "duration_minutes": "90",
                "mode": "luring",
                "place": "Perpustakaan",
            },
        )
    assert response.status_code == 302
    starts = list(Meeting.objects.order_by("starts_at").values_list("starts_at", flat=True))
    assert starts == [
        datetime.datetime(2026, 1, 8, 7, tzinfo=UTC),
        datetime.datetime(2026, 2, 12, 7, tzinfo=UTC),
    ]
    assert _kinds() == ["meetings.scheduled", "meetings.scheduled"]


def test_scheduling_without_a_place_returns_the_form_with_400(login, public_community, fasilitator):
    fasilitator.language = "en"
    fasilitator.save(update_fields=["language"])
    client = login(fasilitator)
    when = datetime.datetime(2026, 1, 1, 3, tzinfo=UTC)
    with time_machine.travel(when), translation.override("en"):
        response = client.post(
            "/k/berdiferensiasi/pertemuan/jadwalkan/",
            {"dates": ["2026-01-08"], "title": "Rutin", "duration_minutes": "90",
             "mode": "luring", "place": ""},
        )  # fmt: skip
    assert response.status_code == 400
    assert b"Say where the members meet." in response.content
    assert not Meeting.objects.exists()


def test_a_member_cannot_schedule(login, public_community, member):
    assert login(member).get("/k/berdiferensiasi/pertemuan/jadwalkan/").status_code == 403
    assert login(member).get("/k/berdiferensiasi/pertemuan/baru/").status_code == 403


def _meeting_form(**overrides):
    data = {
        "title": "Asesmen diagnostik",
        "topic": "Asesmen non-kognitif",
        "step": "session",
        "date": "2030-03-14",
        "time": "14:00",
        "zone": "Asia/Jayapura",
        "duration_minutes": "120",
        "mode": "hibrida",
        "place": "Aula SMPN 2",
        "online_link": "https://meet.example/asesmen",
        "agenda": "1. Pembukaan",
        "speaker_name": "Dr. Sari",
        "speaker_affiliation": "Universitas Negeri Yogyakarta",
        "capacity": "30",
    }
    return {**data, **overrides}


def test_the_fasilitator_adds_a_meeting_with_an_outside_speaker(
    login, public_community, fasilitator
):
    response = login(fasilitator).post("/k/berdiferensiasi/pertemuan/baru/", _meeting_form())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime(2030, 3, 14, 5, tzinfo=UTC)  # 14.00 WIT
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)
    assert meeting.speaker_display == "Dr. Sari (Universitas Negeri Yogyakarta)"
    assert _kinds() == ["meetings.scheduled"]


def test_bad_input_comes_back_with_400(login, public_community, fasilitator):
    data = _meeting_form(date="2001-01-01", online_link="", duration_minutes="5")
    response = login(fasilitator).post("/k/berdiferensiasi/pertemuan/baru/", data)
    assert response.status_code == 400
    assert b"Asesmen diagnostik" in response.content
    assert not Meeting.objects.exists()


def test_moving_a_meeting_tells_the_members_and_rearms_reminders(login, meeting, fasilitator):
    meeting.reminded_24h_at = timezone.now()
    meeting.save()
    local = meeting.local_start + datetime.timedelta(days=1)
    data = _meeting_form(
        date=local.date().isoformat(), time=local.strftime("%H:%M"), zone=meeting.zone,
        mode="luring", online_link="",
    )  # fmt: skip
    response = login(fasilitator).post(f"/pertemuan/{meeting.pk}/ubah/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.reminded_24h_at is None and meeting.sequence == 1
    assert _kinds() == ["meetings.changed"]


def test_cancelling_needs_a_reason_and_tells_the_members(login, meeting, fasilitator):
    client = login(fasilitator)
    assert client.post(f"/pertemuan/{meeting.pk}/batalkan/", {"reason": ""}).status_code == 400
    response = client.post(f"/pertemuan/{meeting.pk}/batalkan/", {"reason": "Rapat dinas"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "Rapat dinas"
    assert _kinds() == ["meetings.cancelled"]
    assert b"Rapat dinas" in client.get(meeting.get_absolute_url()).content


# --- RSVP


def test_a_member_answers_and_changes_the_answer(login, meeting, member):
    client = login(member)
    client.post(f"/pertemuan/{meeting.pk}/rsvp/", {"answer": "hadir"})
    client.post(f"/pertemuan/{meeting.pk}/rsvp/", {"answer": "mungkin"})
    assert list(Rsvp.objects.values_list("user", "answer")) == [(member.pk, "mungkin")]


def test_a_full_meeting_refuses_another_yes(login, meeting, member, partner):
    meeting.capacity = 1
    meeting.save()
    actions.do_rsvp(meeting=meeting, user=partner, answer=Rsvp.Answer.YES)
    login(member).post(f"/pertemuan/{meeting.pk}/rsvp/", {"answer": "hadir"})
    assert not Rsvp.objects.filter(user=member).exists()


def test_an_outsider_cannot_rsvp(login, meeting, outsider):
    response = login(outsider).post(f"/pertemuan/{meeting.pk}/rsvp/", {"answer": "hadir"})
    assert response.status_code == 403


def test_a_bad_answer_changes_nothing(login, meeting, member):
    login(member).post(f"/pertemuan/{meeting.pk}/rsvp/", {"answer": "selalu"})
    assert not Rsvp.objects.exists()


# --- attendance


def test_the_fasilitator_marks_attendance_and_exports_csv(login, meeting, member, fasilitator):
    client = login(fasilitator)
    page = client.get(f"/pertemuan/{meeting.pk}/presensi/")
    assert page.status_code == 200 and member.full_name.encode() in page.content
    client.post(f"/pertemuan/{meeting.pk}/presensi/", {"member": member.pk, "present": "1"})
    assert Attendance.objects.get().member == member
    response = client.get(f"/pertemuan/{meeting.pk}/presensi.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + 3  # header, fasilitator, member, partner
    [siti] = [row for row in rows if member.full_name in row]
    # Names, not e-mail addresses: those are the member's and the operators' (privacy page).
    assert "@" not in response.content.decode("utf-8-sig")


def test_the_attendance_csv_speaks_indonesian_in_indonesian(login, meeting, member, fasilitator):
    Rsvp.objects.create(meeting=meeting, user=member, answer=Rsvp.Answer.MAYBE)
    client = login(fasilitator)
    client.post(f"/pertemuan/{meeting.pk}/presensi/", {"member": member.pk, "present": "1"})
    rows = list(csv.reader(io.StringIO(
        client.get(f"/pertemuan/{meeting.pk}/presensi.csv").content.decode("utf-8-sig")
    )))  # fmt: skip
    header = rows[0]
    assert header[0] == "nama" and "sekolah" in header and "hadir" in header
    assert not {"name", "e-mail", "school", "present", "how", "late"} & set(header)
    [siti] = [row for row in rows if member.full_name in row]
    assert "Mungkin" in siti and "mungkin" not in siti and "ya" in siti


def test_marking_someone_who_is_not_a_member_is_404(login, meeting, outsider, fasilitator):
    response = login(fasilitator).post(
        f"/pertemuan/{meeting.pk}/presensi/", {"member": outsider.pk, "present": "1"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "²", "-1", ""])
def test_a_member_that_is_not_an_id_is_404_not_500(login, meeting, fasilitator, value):
    response = login(fasilitator).post(
        f"/pertemuan/{meeting.pk}/presensi/", {"member": value, "present": "1"}
    )
    assert response.status_code == 404


def test_a_name_that_looks_like_a_formula_is_defused_in_the_csv(login, meeting, fasilitator):
    do_add_member(community=meeting.community, user=make_user(full_name="=HYPERLINK(1)"))
    body = login(fasilitator).get(f"/pertemuan/{meeting.pk}/presensi.csv").content.decode()
    assert "'=HYPERLINK(1)" in body


# --- minutes, action items, photos


def _png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(out, "PNG")
    out.seek(0)
    out.name = "foto.png"
    return out


def test_published_minutes_put_the_action_item_on_the_owners_home(
    login, meeting, member, fasilitator, partner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(fasilitator)
    client.post(
        f"/pertemuan/{meeting.pk}/notulen/",
        {"notes": "Kami **membahas** asesmen.", "agreements": "Mencoba satu strategi"},
    )
    client.post(
        f"/pertemuan/{meeting.pk}/tindak-lanjut/",
        {"description": "Mencoba kelompok fleksibel", "owner": member.pk, "due_date": "2030-01-31"},
    )
    client.post(f"/pertemuan/{meeting.pk}/foto/", {"image": _png(), "caption": "Diskusi"})
    assert MeetingPhoto.objects.get().caption == "Diskusi"
    home = login(member).get("/")
    assert b"Mencoba kelompok fleksibel" not in home.content  # not published yet
    assert login(member).get(meeting.get_absolute_url()).content.count(b"<strong>membahas") == 0
    login(fasilitator).post(f"/pertemuan/{meeting.pk}/notulen/terbitkan/")
    home = login(member).get("/")
    assert b"Mencoba kelompok fleksibel" in home.content
    page = login(partner).get(meeting.get_absolute_url())
    assert b"<strong>membahas</strong>" in page.content
    photo = MeetingPhoto.objects.get()
    response = login(partner).get(f"/pertemuan/{meeting.pk}/foto/{photo.pk}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_a_fake_photo_is_refused_with_400(login, meeting, fasilitator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
    fake.name = "foto.png"
    response = login(fasilitator).post(f"/pertemuan/{meeting.pk}/foto/", {"image": fake})
    assert response.status_code == 400
    assert not MeetingPhoto.objects.exists()


def test_the_owner_marks_an_action_item_done_from_home(login, meeting, member, outsider):
    meeting.publish_minutes(by=None)
    item = ActionItem.objects.create(meeting=meeting, description="Mencoba", owner=member)
    assert login(outsider).post(f"/tindak-lanjut/{item.pk}/", {"status": "done"}).status_code == 403
    response = login(member).post(f"/tindak-lanjut/{item.pk}/", {"status": "done", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    item.refresh_from_db()
    assert item.is_done and item.done_at
    assert b"Mencoba" not in login(member).get("/").content


def test_open_items_show_on_the_next_meeting_until_done(login, meeting, member, fasilitator):
    earlier = make_meeting(meeting.community, starts_in=-datetime.timedelta(days=14))
    earlier.publish_minutes(by=fasilitator)
    item = ActionItem.objects.create(meeting=earlier, description="Bawa data murid", owner=member)
    assert b"Bawa data murid" in login(member).get(meeting.get_absolute_url()).content
    item.set_status(ActionItem.Status.DONE)
    assert b"Bawa data murid" not in login(member).get(meeting.get_absolute_url()).content


def test_publishing_empty_minutes_is_refused(login, meeting, fasilitator):
    login(fasilitator).post(f"/pertemuan/{meeting.pk}/notulen/terbitkan/")
    meeting.refresh_from_db()
    assert not meeting.minutes_published


# --- feedback


def test_members_give_feedback_and_the_fasilitator_reads_the_summary(
    login, meeting, member, partner, fasilitator
):
    with time_machine.travel(meeting.ends_at):
        response = login(member).post(
            f"/pertemuan/{meeting.pk}/umpan-balik/",
            {"form": "stb", "sampaikan": "Bermanfaat", "usefulness": "5", "facts": "dibuang"},
        )
        assert response.status_code == 302
        login(partner).post(
            f"/pertemuan/{meeting.pk}/umpan-balik/",
            {"form": "4f", "future": "Mencoba di kelas", "usefulness": "3"},
        )
        empty = login(member).post(
            f"/pertemuan/{meeting.pk}/umpan-balik/", {"form": "4f", "usefulness": "4"}
        )
        assert empty.status_code == 400
        summary = login(fasilitator).get(f"/pertemuan/{meeting.pk}/umpan-balik/ringkasan/")
    assert Feedback.objects.get(member=member).facts == ""  # only the chosen model is kept
    assert Feedback.objects.summary()["average"] == 4
    assert b"Bermanfaat" in summary.content and b"Mencoba di kelas" in summary.content


def test_feedback_before_the_meeting_is_refused(login, meeting, member):
    response = login(member).post(
        f"/pertemuan/{meeting.pk}/umpan-balik/",
        {"form": "stb", "sampaikan": "x", "usefulness": "5"},
    )
    assert response.status_code == 403


# --- pages and their queries


def test_the_community_page_shows_the_next_meeting_and_the_adherence(
    login, public_community, member
):
    make_meeting(public_community, title="Pertemuan berikutnya")
    past = make_meeting(public_community, starts_in=-datetime.timedelta(days=20))
    past.rhythm_date = past.starts_at.date()
    past.save()
    member.language = "en"
    member.save(update_fields=["language"])
    page = login(member).get("/k/berdiferensiasi/")
    assert b"Pertemuan berikutnya" in page.content
    assert b"Rhythm kept over the last three months" in page.content


def _crowd(meeting, n):
    for _i in range(n):
        user = make_user()
        do_add_member(community=meeting.community, user=user)
        Rsvp.objects.create(meeting=meeting, user=user, answer=Rsvp.Answer.YES)
        Attendance.objects.create(meeting=meeting, member=user, method="code")
        ActionItem.objects.create(meeting=meeting, description="x", owner=user)


@pytest.mark.parametrize("viewer", ["fasilitator", "member"])
def test_the_meeting_page_runs_the_same_queries_for_10_or_200_attendees(
    login, meeting, fasilitator, member, viewer, django_assert_max_num_queries
):
    meeting.publish_minutes(by=fasilitator)
    client = login(fasilitator if viewer == "fasilitator" else member)
    url = meeting.get_absolute_url()
    _crowd(meeting, 10)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _crowd(meeting, 190)
    with django_assert_max_num_queries(15) as many:  # DESIGN.md §4: at most 15 per page
        response = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    if viewer == "fasilitator":
        assert response.content.count(b"<li>Guru Contoh") >= 400  # coming and present


def test_the_attendance_page_is_constant_in_the_number_of_members(
    login, meeting, fasilitator, django_assert_max_num_queries
):
    client = login(fasilitator)
    url = f"/pertemuan/{meeting.pk}/presensi/"
    _crowd(meeting, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _crowd(meeting, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_home_page_queries_do_not_grow_with_meetings(
    login, public_community, member, fasilitator, django_assert_max_num_queries
):
    client = login(member)
    for _i in range(2):
        make_meeting(public_community)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _i in range(8):
        meeting = make_meeting(public_community)
        meeting.publish_minutes(by=fasilitator)
        ActionItem.objects.create(meeting=meeting, description="x", owner=member)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):  # the items section
        assert client.get("/").status_code == 200


def test_the_list_pages_past_and_coming(login, public_community, member):
    make_meeting(public_community, title="Yang akan datang")
    make_meeting(public_community, title="Yang lalu", starts_in=-datetime.timedelta(days=7))
    client = login(member)
    coming = client.get("/k/berdiferensiasi/pertemuan/").content
    past = client.get("/k/berdiferensiasi/pertemuan/?lalu=1").content
    assert b"Yang akan datang" in coming and b"Yang lalu" not in coming
    assert b"Yang lalu" in past and b"Yang akan datang" not in past


def test_a_meeting_puts_open_challenges_on_the_agenda(
    login, public_community, fasilitator, member, outsider
):
    from komunitas.discussions.actions import do_create_post

    challenge = do_create_post(
        author=member, community=public_community, kind="challenge", title="Murid cepat bosan"
    )
    do_create_post(
        author=member, community=public_community, kind="reflection", title="Catatan kelas"
    )
    client = login(fasilitator)
    form = client.get("/k/berdiferensiasi/pertemuan/baru/").content.decode()
    assert "Murid cepat bosan" in form and "Catatan kelas" not in form
    response = client.post(
        "/k/berdiferensiasi/pertemuan/baru/", _meeting_form(posts=[challenge.pk])
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and list(meeting.posts.all()) == [challenge]
    page = login(outsider).get(meeting.get_absolute_url()).content.decode()
    assert challenge.get_absolute_url() in page


def test_a_past_meeting_page_with_minutes_and_feedback_stays_within_budget(
    login, public_community, fasilitator, member, django_assert_max_num_queries
):
    meeting = make_meeting(public_community, starts_in=-datetime.timedelta(days=2))
    meeting.publish_minutes(by=fasilitator)
    _crowd(meeting, 200)
    Feedback.objects.create(meeting=meeting, member=member, form="stb", sampaikan="x", usefulness=4)
    client = login(fasilitator)
    client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(15):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_the_meeting_page_says_online_once(login, public_community, member):
    online = make_meeting(
        public_community,
        mode=Meeting.Mode.ONLINE,
        place="",
        online_link="https://meet.contoh.test/a",
    )
    page = login(member).get(online.get_absolute_url()).content.decode()
    about = page[page.index('id="about-meeting"') : page.index("</dl>")]
    assert about.count("Daring") == 1 and "Tautan daring" in about
