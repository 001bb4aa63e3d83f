"""Demo meetings: three months of past meetings by each community's rhythm, with attendance,
published minutes, action items (some done, some overdue) and feedback, one cancelled; and the
coming meetings scheduled from the rhythm, online and in person. Idempotent: meetings are keyed
by their rhythm date, so a second run adds nothing."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from komunitas.communities.models import Membership
from komunitas.core.demo import demo_builder
from komunitas.meetings import actions, services
from komunitas.meetings.models import (
    ActionItem,
    Attendance,
    Feedback,
    Meeting,
    MeetingPhoto,
    Rsvp,
)

PLACES = {
    "pembelajaran-berdiferensiasi": (
        Meeting.Mode.IN_PERSON,
        "Perpustakaan SD Negeri Depok 1, Sleman",
        "",
    ),
    "kkg-kelas-awal-gugus-melati": (
        Meeting.Mode.ONLINE,
        "",
        "https://meet.jit.si/kkg-kelas-awal-gugus-melati",
    ),
    "lingkar-kepala-sekolah-penggerak": (
        Meeting.Mode.BOTH,
        "Aula Dinas Pendidikan Sleman",
        "https://meet.jit.si/lingkar-kepala-sekolah",
    ),
}
TOPICS = [
    ("Analisis kebutuhan belajar murid", Meeting.Step.NEEDS),
    ("Asesmen diagnostik non-kognitif", Meeting.Step.SESSION),
    ("Berbagi praktik baik: kelompok belajar fleksibel", Meeting.Step.DOCUMENTATION),
    ("Pendampingan: mencoba di kelas", Meeting.Step.ACCOMPANY),
    ("Refleksi 4F bersama", Meeting.Step.REFLECTION),
    ("Merancang pembelajaran berdiferensiasi", Meeting.Step.INQUIRY_PLAN),
]
ACTIONS = [
    "Mencoba satu strategi diferensiasi konten di kelas dan mencatat hasilnya",
    "Membagikan contoh lembar kerja berjenjang di forum diskusi",
    "Menyiapkan data asesmen awal murid untuk pertemuan berikutnya",
]


def _photo(title: str) -> ContentFile:
    picture = Image.new("RGB", (640, 400), (46, 125, 50))
    ImageDraw.Draw(picture).text((24, 180), title[:60], fill=(255, 255, 255))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name="dokumentasi.jpg")


def _past_meeting(community, moment, index, fasilitator, members, *, cancelled):
    mode, place, link = PLACES[community.slug]
    topic, step = TOPICS[index % len(TOPICS)]
    meeting, created = Meeting.objects.get_or_create(
        community=community,
        rhythm_date=moment.date(),
        defaults={
            "title": f"Pertemuan rutin: {topic}",
            "topic": topic,
            "step": step,
            "agenda": "1. Pembukaan dan kesepakatan\n2. Berbagi cerita dari kelas\n"
            "3. Diskusi topik\n4. Rencana tindak lanjut",
            "starts_at": moment,
            "zone": community.rhythm_zone,
            "mode": mode,
            "place": place,
            "online_link": link,
            "facilitator": fasilitator,
            "created_by": fasilitator,
        },
    )
    if not created:
        return meeting
    if cancelled:
        meeting.cancel(reason="Bertepatan dengan asesmen sumatif sekolah.")
        return meeting
    for n, member in enumerate(members):
        answer = Rsvp.Answer.YES if n % 4 else Rsvp.Answer.MAYBE
        Rsvp.objects.create(meeting=meeting, user=member, answer=answer)
        if n % 5 != 4:  # most came
            Attendance.objects.create(
                meeting=meeting,
                member=member,
                method=Attendance.Method.CODE if n % 2 else Attendance.Method.MARKED,
                checked_in_at=moment + datetime.timedelta(minutes=5 + (20 if n % 7 == 3 else 0)),
                late=n % 7 == 3,
                recorded_by=member if n % 2 else fasilitator,
            )
    meeting.notes = (
        f"Kami membahas **{topic.lower()}**. Setiap anggota bercerita tentang satu murid yang "
        "membutuhkan pendekatan berbeda, lalu kami memilih strategi untuk dicoba."
    )
    meeting.agreements = (
        "Setiap anggota mencoba satu strategi sebelum pertemuan berikutnya.\n"
        "Hasilnya dibagikan di forum diskusi dengan model 4F."
    )
    meeting.save(update_fields=["notes", "agreements"])
    meeting.publish_minutes(by=fasilitator)
    today = timezone.localdate()
    for n, (owner, text) in enumerate(zip(members[:3], ACTIONS, strict=False)):
        due = moment.date() + datetime.timedelta(days=14)
        item = ActionItem.objects.create(
            meeting=meeting, description=text, owner=owner, due_date=due, created_by=fasilitator
        )
        if n == 1 or due < today - datetime.timedelta(days=30):
            item.set_status(ActionItem.Status.DONE)  # older ones mostly done; some stay overdue
    for n, member in enumerate(members[:4]):
        Feedback.objects.create(
            meeting=meeting,
            member=member,
            form=Feedback.Form.STB if n % 2 else Feedback.Form.FOUR_F,
            sampaikan="Ceritanya sangat dekat dengan kelas saya." if n % 2 else "",
            tanyakan="Bagaimana menilai tugas yang berbeda-beda dengan adil?" if n % 2 else "",
            berikan="Sediakan contoh rubrik di pertemuan berikutnya." if n % 2 else "",
            facts="" if n % 2 else "Kami berbagi enam cerita kelas.",
            feelings="" if n % 2 else "Lega karena tantangan saya juga dialami teman.",
            findings="" if n % 2 else "Kelompok fleksibel bisa dimulai dari hal kecil.",
            future="" if n % 2 else "Mencoba kelompok berdasarkan kesiapan minggu depan.",
            usefulness=5 - n % 3,
        )
    MeetingPhoto.objects.create(
        meeting=meeting, image=_photo(topic), caption=f"Suasana pertemuan: {topic}"
    )
    return meeting


def _members(community, demo):
    """Who takes part: guru@demo.test first (when a member, so her home page has action
    items), then fifteen others."""
    guru = demo["people"]["guru@demo.test"]
    others = [
        m.user
        for m in community.active_memberships()
        .exclude(role=Membership.Role.FASILITATOR)
        .exclude(user=guru)
        .select_related("user")
        .order_by("user__email")[:15]
    ]
    return ([guru] if community.membership_of(guru) else []) + others


@demo_builder(order=40)
def build_meetings(demo):
    fasilitator = demo["people"]["penggerak@demo.test"]
    today = timezone.localdate()
    for slug, community in demo["communities"].items():
        members = _members(community, demo)
        past = [
            moment
            for moment in services.rhythm_starts(
                community, start=today - datetime.timedelta(days=91), count=12
            )
            if moment < timezone.now() - datetime.timedelta(hours=3)
        ]
        for index, moment in enumerate(past):
            _past_meeting(community, moment, index, fasilitator, members, cancelled=index == 1)
        mode, place, link = PLACES[slug]
        plan = services.rhythm_plan(community, start=today + datetime.timedelta(days=1), count=3)
        actions.do_schedule_from_rhythm(
            community=community,
            by=fasilitator,
            dates=[p.date for p in plan],
            title=f"Pertemuan rutin {community.name}",
            duration_minutes=90,
            mode=mode,
            place=place,
            online_link=link,
        )
    demo["meetings"] = Meeting.objects.all()
