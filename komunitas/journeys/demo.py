"""Learning journeys in the demo: plans at different stages, a pendamping and their mentee,
check-ins (one plan stalled), reflections, a training with its challenges (one posted as a
Tantangan, solved by the community and applied in class) and a value follow-up. Idempotent."""

import datetime

from django.utils import timezone

from komunitas.core.demo import demo_builder
from komunitas.discussions.actions import (
    do_create_post,
    do_mark_solution,
    do_record_application,
    do_reply,
)
from komunitas.discussions.models import Bookmark, ClassroomApplication, Post
from komunitas.journeys.actions import do_post_challenge
from komunitas.journeys.jobs import ask_follow_ups
from komunitas.journeys.models import (
    CheckIn,
    Goal,
    LearningPlan,
    Mentorship,
    Reflection,
    Training,
    TrainingChallenge,
)

GURU = "guru@demo.test"
PENGGERAK = "penggerak@demo.test"
COMMUNITY = "pembelajaran-berdiferensiasi"


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def _pair(community, mentor, mentee, status=Mentorship.Status.ACTIVE):
    pair = Mentorship.objects.open().filter(community=community, mentor=mentor, mentee=mentee)
    return pair.first() or Mentorship.objects.create(
        community=community,
        mentor=mentor,
        mentee=mentee,
        requested_by=mentee,
        status=status,
        created_at=_ago(60),
        decided_at=_ago(59) if status == Mentorship.Status.ACTIVE else None,
        mentee_agreed_at=_ago(60),
        mentor_agreed_at=_ago(59) if status == Mentorship.Status.ACTIVE else None,
        message="Mohon dampingi saya menerapkan diferensiasi.",
    )


def _plan(owner, title, *, started_days_ago, goals, steps, checkins=(), **fields):
    """A plan as if started ``started_days_ago`` days ago, with check-ins (days ago, status,
    note, response)."""
    plan = LearningPlan.objects.filter(owner=owner, title=title).first()
    if plan:
        return plan, False
    plan = LearningPlan.objects.create(
        owner=owner, title=title, created_at=_ago(started_days_ago), **fields
    )
    for practice, why, indicators in goals:
        Goal.objects.create(plan=plan, practice=practice, why=why, success_indicators=indicators)
    for description, target_in_days, done in steps:
        plan.steps.create(
            description=description,
            target_on=timezone.localdate() + datetime.timedelta(days=target_in_days),
            done_at=_ago(-target_in_days) if done else None,
        )
    last = _ago(started_days_ago)
    for days, status, note, response in checkins:
        at = _ago(days)
        CheckIn.objects.create(
            plan=plan,
            author=owner,
            status=status,
            note=note,
            created_at=at,
            response=response,
            responded_by=plan.pendamping if response else None,
            responded_at=at + datetime.timedelta(hours=5) if response else None,
        )
        last = at
    LearningPlan.objects.filter(pk=plan.pk).update(
        last_activity_at=last,
        last_checkin_at=last if checkins else None,
        next_checkin_on=timezone.localdate(last) + datetime.timedelta(days=plan.checkin_every),
    )
    plan.refresh_from_db()
    return plan, True


@demo_builder(order=60)
def build_journeys(demo):
    people = demo["people"]
    community = demo["communities"][COMMUNITY]
    guru, penggerak = people[GURU], people[PENGGERAK]
    members = [
        m.user
        for m in community.active_memberships()
        .filter(role="anggota")
        .exclude(user__in=[guru])
        .select_related("user")
        .order_by("user__email")[:4]
    ]
    _pair(community, penggerak, guru)
    _pair(community, penggerak, members[0])
    _pair(community, guru, members[1], status=Mentorship.Status.PENDING)

    plan, _new = _plan(
        guru,
        "Diferensiasi proses di kelas 4",
        community=community,
        pendamping=penggerak,
        visibility="mentor",
        checkin_every=LearningPlan.Cadence.FORTNIGHTLY,
        support_needed="Observasi kelas oleh pendamping sekali sebulan; waktu berbagi di KKG.",
        started_days_ago=45,
        goals=[
            (
                "Mengelompokkan murid menurut kesiapan belajar dalam pelajaran matematika",
                "Sepertiga murid selalu tertinggal, sepertiga lagi bosan menunggu.",
                "Setiap murid menyelesaikan tugas sesuai kelompoknya; hasil asesmen formatif "
                "naik di kelompok yang tertinggal.",
            )
        ],
        steps=[
            ("Asesmen diagnostik pecahan untuk kelas 4", -40, True),
            ("Menyusun tiga lembar kerja berjenjang", -25, True),
            ("Mencoba kelompok kesiapan dua minggu", 5, False),
            ("Refleksi bersama murid dan pendamping", 20, False),
        ],
        checkins=[
            (30, CheckIn.Status.ON_TRACK, "Asesmen diagnostik selesai; tiga kelompok terbentuk.",
             "Bagus! Simpan hasil asesmennya untuk dibandingkan nanti."),
            (12, CheckIn.Status.STUCK,
             "Kelompok yang cepat selesai lalu ramai. Saya belum punya tugas pengayaan.",
             "Coba kartu tantangan: satu soal terbuka per meja. Kita bahas Kamis."),
        ],
    )  # fmt: skip
    _plan(
        guru,
        "Membangun budaya bertanya",
        community=community,
        visibility="community",
        checkin_every=LearningPlan.Cadence.WEEKLY,
        started_days_ago=6,
        bagja_question="Bagaimana setiap murid kelas 4 berani bertanya di kelas?",
        bagja_lessons="Saat kerja kelompok kecil, murid yang pendiam mau bertanya kepada teman.",
        bagja_dream="Setiap murid mengajukan minimal satu pertanyaan per minggu.",
        bagja_plan="Membuat kotak pertanyaan\nSesi tanya lima menit setiap Jumat",
        bagja_execution="Saya sendiri, dengan dukungan kepala sekolah untuk waktu Jumat.",
        goals=[
            (
                "Bagaimana setiap murid kelas 4 berani bertanya di kelas?",
                "Saat kerja kelompok kecil, murid yang pendiam mau bertanya kepada teman.",
                "Setiap murid mengajukan minimal satu pertanyaan per minggu.",
            )
        ],
        steps=[("Membuat kotak pertanyaan", 3, False),
               ("Sesi tanya lima menit setiap Jumat", 10, False)],
    )  # fmt: skip
    done, new = _plan(
        guru,
        "Asesmen formatif dengan tiket keluar",
        community=community,
        visibility="private",
        started_days_ago=120,
        goals=[("Tiket keluar di akhir pelajaran", "", "Murid menulis satu hal yang dipelajari")],
        steps=[("Mencoba tiket keluar selama sebulan", -80, True)],
        checkins=[(90, CheckIn.Status.ON_TRACK, "Murid senang menulis tiket keluar.", ""),
                  (70, CheckIn.Status.DONE, "Sudah menjadi kebiasaan kelas.", "")],
    )  # fmt: skip
    if new:
        LearningPlan.objects.filter(pk=done.pk).update(status="done", finished_at=_ago(70))
    _plan(
        members[0],
        "Literasi membaca kelas awal",
        community=community,
        pendamping=penggerak,
        visibility="mentor",
        started_days_ago=60,
        goals=[("Membaca terbimbing dalam kelompok kecil", "", "Murid membaca lancar 40 kata")],
        steps=[("Menyiapkan buku berjenjang", -45, True), ("Membaca terbimbing", -20, False)],
        checkins=[(50, CheckIn.Status.ON_TRACK, "Buku berjenjang siap.", "")],
    )  # the stalled one: no check-in for seven weeks

    if not Reflection.objects.filter(author=guru).exists():
        Reflection.objects.create(
            author=guru,
            title="Kelompok kesiapan, minggu pertama",
            template=Reflection.Template.FOUR_F,
            facts="Tiga kelompok bekerja dengan lembar kerja berbeda. Kelompok cepat selesai "
            "dalam 15 menit.",
            feelings="Lega karena murid yang tertinggal akhirnya ikut; cemas melihat kelas ramai.",
            findings="Murid yang cepat butuh tugas terbuka, bukan soal tambahan yang sama.",
            future="Menyiapkan kartu tantangan dan meminta masukan pendamping.",
            about=plan,
            visibility="mentor",
            community=community,
            written_on=timezone.localdate() - datetime.timedelta(days=12),
        )
        Reflection.objects.create(
            author=guru,
            title="Catatan pribadi setelah supervisi",
            template=Reflection.Template.FREE,
            body="Supervisi hari ini membuat saya sadar bahwa saya terlalu banyak bicara. "
            "Besok saya coba memberi waktu tunggu setelah bertanya.",
            written_on=timezone.localdate() - datetime.timedelta(days=3),
        )

    training = Training.objects.filter(member=guru, name__startswith="Pelatihan Asesmen").first()
    if training is None:
        training = Training.objects.create(
            member=guru,
            name="Pelatihan Asesmen Diagnostik Kurikulum Merdeka",
            organiser="Dinas Pendidikan Kabupaten Sleman",
            started_on=timezone.localdate() - datetime.timedelta(days=75),
            ended_on=timezone.localdate() - datetime.timedelta(days=73),
            topics="asesmen diagnostik, pembelajaran berdiferensiasi, Fase B",
            notes="Tiga hari di aula Dinas. Materi bagus, tetapi contoh kelasnya kelas kecil.",
        )
        for title, detail in [
            ("Asesmen diagnostik memakan dua jam pelajaran",
             "Di kelas 32 murid, asesmen diagnostik yang dicontohkan memakan waktu dua jam "
             "pelajaran. Bagaimana mempersingkatnya tanpa kehilangan informasi?"),
            ("Murid kelompok cepat menjadi ramai",
             "Setelah pengelompokan, murid yang cepat selesai mengganggu kelompok lain."),
        ]:  # fmt: skip
            TrainingChallenge.objects.create(training=training, title=title, detail=detail)
    _challenges_in_the_community(training, guru, penggerak, members, community)
    _follow_up(guru, members[3], community)
    demo["training"] = training


def _challenges_in_the_community(training, guru, penggerak, members, community):
    """The first challenge posted as a Tantangan and solved by the community, then applied in
    class; the second still waits in the member's notes."""
    challenge = training.challenges.order_by("pk").first()
    if challenge is None or challenge.post_id:
        return
    post = do_post_challenge(challenge=challenge, by=guru, community=community, check_rate=False)
    reply = do_reply(
        post=post,
        author=members[2],
        body="Di kelas kami cukup lima soal kunci per kompetensi, dikerjakan 10 menit di awal "
        "pelajaran. Sisanya kami amati saat murid bekerja.",
        check_rate=False,
    )
    do_reply(
        post=post,
        author=penggerak,
        body="Setuju. Bisa juga asesmen diagnostik non-kognitif lewat kartu emosi, 3 menit.",
        check_rate=False,
    )
    do_mark_solution(post=post, reply=reply, by=guru)
    do_record_application(
        member=guru,
        target=post,
        applied_on=timezone.localdate() - datetime.timedelta(days=4),
        class_name="4B",
        what_happened="Lima soal kunci selesai dalam 12 menit; tiga kelompok kesiapan langsung "
        "terbentuk dan pelajaran berjalan sesuai rencana.",
        outcome=ClassroomApplication.Outcome.BETTER,
        note="Murid tidak merasa diuji.",
    )


FOLLOWED_PRACTICE = "Kartu refleksi bergambar untuk kelas awal"


def _practice_to_follow(author, community):
    """A good practice by a colleague, for the guru to have saved (made once)."""
    post = Post.objects.filter(title=FOLLOWED_PRACTICE, community=community).first()
    if post is None:
        post = do_create_post(
            author=author,
            community=community,
            kind=Post.Kind.GOOD_PRACTICE,
            title=FOLLOWED_PRACTICE,
            sections={
                "context": "Murid kelas 1 belum lancar menulis, tetapi ingin bercerita.",
                "what_i_did": "Di akhir pelajaran murid memilih satu dari empat gambar wajah "
                "dan satu gambar kegiatan, lalu bercerita kepada teman sebangku.",
                "pupils_response": "Murid yang pendiam ikut bercerita; saya tahu bagian mana "
                "yang sulit.",
            },
            check_rate=False,
        )
        Post.objects.filter(pk=post.pk).update(created_at=_ago(20), last_activity_at=_ago(20))
    return post


def _follow_up(guru, author, community):
    """A good practice the guru saved two weeks ago, and the platform's question about it."""
    practice = _practice_to_follow(author, community)
    bookmark, created = Bookmark.objects.get_or_create(user=guru, post=practice)
    if created:
        Bookmark.objects.filter(pk=bookmark.pk).update(created_at=_ago(15))
    ask_follow_ups()
