"""Demo lesson studies in "Komunitas Praktisi Pembelajaran Berdiferensiasi": one concluded
(guru@demo.test taught, two colleagues observed and wrote notes, a reflection meeting with
published minutes concluded it) and one planned for next week that guru@demo.test observes.
Idempotent: each is found by its title in the community."""

import datetime

from django.utils import timezone

from komunitas.accounts.models import Phase, Subject
from komunitas.communities.models import Membership
from komunitas.core.demo import demo_builder
from komunitas.lessonstudy import actions
from komunitas.lessonstudy.models import LessonStudy, LogEntry, Observation
from komunitas.meetings.models import Meeting

SLUG = "pembelajaran-berdiferensiasi"
DONE = "Pecahan senilai dengan kelompok berdasarkan kesiapan"
COMING = "Membaca pemahaman dengan pilihan teks berjenjang"
PLAN = """1. **Pembuka (10 menit)**: murid menggambar pizza yang dibagi sama besar.
2. **Asesmen singkat (5 menit)**: tiga soal untuk melihat kesiapan.
3. **Kelompok berdasarkan kesiapan (35 menit)**:
   - kelompok A memakai kertas lipat,
   - kelompok B memakai garis bilangan,
   - kelompok C membuat soal cerita sendiri.
4. **Berbagi dan menyimpulkan (15 menit)**.
5. **Tiket keluar (5 menit)**."""
NOTES = [
    {
        "focus": "Kelompok A (kertas lipat) di dekat jendela",
        "students_did": "Empat dari lima murid melipat kertas menjadi dua, empat dan delapan "
        "bagian, lalu menempelkan hasilnya berdampingan. Raka awalnya diam, lalu bertanya "
        "kepada Sinta.",
        "evidence": "Sinta menjelaskan: “dua per empat sama dengan satu per dua karena "
        "lipatannya sama lebar.” Tiga tiket keluar kelompok ini benar.",
        "questions": "Apakah waktu 35 menit cukup untuk kelompok yang baru mulai? "
        "Bagaimana Raka bisa diajak bicara lebih awal?",
    },
    {
        "focus": "Kelompok C (soal cerita)",
        "students_did": "Murid menulis soal tentang membagi kue ulang tahun dan saling "
        "menukar soal. Dua murid selesai lebih cepat dan membantu kelompok B.",
        "evidence": "Soal yang ditulis memakai pecahan senilai dengan benar (3/6 dan 1/2). "
        "Satu murid salah menyamakan penyebut, lalu membetulkan setelah ditanya temannya.",
        "questions": "Perlukah tantangan tambahan untuk murid yang selesai cepat, "
        "atau justru peran membantu teman itu yang kita inginkan?",
    },
]


def _observers(community, guru, fasilitator, count):
    peers = (
        community.active_memberships()
        .filter(role=Membership.Role.ANGGOTA)
        .exclude(user__in=[guru, fasilitator])
        .select_related("user")
        .order_by("user__email")
    )
    return [m.user for m in peers[:count]]


def _concluded(community, guru, fasilitator, observers):
    meeting = (
        Meeting.objects.alive()
        .filter(
            community=community,
            status=Meeting.Status.SCHEDULED,
            minutes_published_at__isnull=False,
        )
        .order_by("-starts_at")
        .first()
    )
    if meeting is None:
        return
    lesson_at = meeting.starts_at - datetime.timedelta(days=3)
    study = LessonStudy.objects.create(
        community=community,
        title=DONE,
        subject=Subject.objects.filter(code="matematika").first(),
        phase=Phase.objects.filter(code="B").first(),
        class_name="Kelas 4A",
        learning_goal="Murid menemukan bahwa dua pecahan bisa bernilai sama dan menunjukkannya "
        "dengan benda, gambar atau garis bilangan.",
        research_question="Apakah kelompok berdasarkan kesiapan membuat murid yang belum siap "
        "ikut berbicara tentang pecahan?",
        lesson_plan=PLAN,
        teacher=guru,
        starts_at=lesson_at,
        zone=community.rhythm_zone,
        duration_minutes=70,
        place="SD Negeri Depok 1, ruang kelas 4A",
        status=LessonStudy.Status.CONCLUDED,
        reflection_meeting=meeting,
        conclusion="Kelompok berdasarkan kesiapan membuat murid yang biasanya diam ikut "
        "berbicara, asalkan setiap kelompok punya benda untuk dipegang. Kami akan mencoba "
        "**peran “teman penjelas”** untuk murid yang selesai cepat, dan memberi waktu "
        "lebih pada kelompok kertas lipat.",
        concluded_at=meeting.ends_at + datetime.timedelta(hours=2),
        reminded_at=lesson_at - datetime.timedelta(days=1),
        created_by=fasilitator,
    )
    for observer, notes in zip(observers, NOTES, strict=False):
        Observation.objects.create(
            study=study, observer=observer, written_at=lesson_at + datetime.timedelta(hours=2),
            **notes,
        )  # fmt: skip
    for action, by in (
        (LogEntry.Action.PLANNED, fasilitator),
        (LogEntry.Action.TAUGHT, guru),
        (LogEntry.Action.REFLECTION, fasilitator),
        (LogEntry.Action.CONCLUDED, fasilitator),
    ):
        LogEntry.objects.create(study=study, action=action, actor=by)


@demo_builder(order=45)
def build_lesson_studies(demo):
    community = demo["communities"].get(SLUG)
    if community is None:
        return
    guru = demo["people"]["guru@demo.test"]
    fasilitator = demo["people"]["penggerak@demo.test"]
    observers = _observers(community, guru, fasilitator, 3)
    studies = LessonStudy.objects.filter(community=community)
    if len(observers) >= 2 and not studies.filter(title=DONE).exists():
        _concluded(community, guru, fasilitator, observers[:2])
    if len(observers) >= 3 and not studies.filter(title=COMING).exists():
        starts = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0)
        actions.do_plan_lesson_study(
            community=community,
            by=fasilitator,
            fields={
                "title": COMING,
                "subject": Subject.objects.filter(code="bahasa-indonesia").first(),
                "phase": Phase.objects.filter(code="C").first(),
                "class_name": "Kelas 5B",
                "learning_goal": "Murid menemukan gagasan utama paragraf dari teks yang "
                "dipilih sesuai minatnya.",
                "research_question": "Apakah pilihan teks berjenjang menjaga murid tetap "
                "membaca sampai akhir?",
                "lesson_plan": "Tiga teks tentang sungai di Sleman, dengan tingkat kesulitan "
                "berbeda; murid memilih sendiri, lalu berdiskusi dalam kelompok campuran.",
                "starts_at": starts + datetime.timedelta(days=6),
                "zone": community.rhythm_zone,
                "duration_minutes": 70,
                "place": "SD Negeri Depok 1, ruang kelas 5B",
            },
            teacher=observers[2],
            observers=[guru, fasilitator],
        )
