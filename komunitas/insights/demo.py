"""Six months of history for the demo district, so that every dashboard shows trends.

The other builders make today's communities and threads; this one (order 90, last) spreads
the demo members' joining over the past months, gives them reading days that fit who they are
(a core reader, a weekly one, an occasional one, a silent one), writes a history of earlier
threads with replies, solutions and "applied in class" records, the library's growth and the
"bermanfaat" votes, learning plans with fortnightly check-ins and monthly journal reflections,
and the value-creation stories.
Idempotent: it does its work once, marked by the stories it writes.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from komunitas.communities.models import Community, Membership
from komunitas.core.demo import demo_builder
from komunitas.insights.measures import installed
from komunitas.insights.models import Story
from komunitas.reads.models import ReadActivity

MONTHS = 6
BERDIFERENSIASI = "pembelajaran-berdiferensiasi"
MELATI = "kkg-kelas-awal-gugus-melati"
LINGKAR = "lingkar-kepala-sekolah-penggerak"

# community, kind, title, body, days ago, number of replies, solved, applications (outcomes)
HISTORY = [
    (BERDIFERENSIASI, "question", "Mengelompokkan murid tanpa membuat mereka merasa dilabeli?",
     "Saya khawatir murid di kelompok “perlu bimbingan” merasa rendah diri. Bagaimana "
     "Bapak/Ibu menamai kelompoknya?", 170, 4, True, ["better", "same"]),
    (BERDIFERENSIASI, "good_practice", "Pojok pilihan tugas di kelas 5",
     "Tiga keranjang tugas dengan tingkat tantangan berbeda; murid memilih sendiri lalu "
     "menjelaskan alasannya.", 160, 3, False, ["better", "better"]),
    (BERDIFERENSIASI, "reflection", "Refleksi 4F: pertemuan tentang profil belajar",
     "Fakta: 14 anggota hadir. Perasaan: lega karena banyak yang mengalami hal sama. Temuan: "
     "angket gaya belajar tidak perlu panjang. Masa depan: mencoba angket 5 butir.", 150, 2,
     False, []),
    (MELATI, "challenge", "Murid kelas 1 belum mengenal huruf setelah tiga bulan",
     "Empat murid saya belum mengenal huruf vokal. Orang tua jarang mendampingi di rumah.",
     145, 5, True, ["better"]),
    (BERDIFERENSIASI, "question", "Diferensiasi produk untuk IPAS kelas 4: contoh rubrik?",
     "Murid boleh membuat poster, lagu atau model. Bagaimana menilai dengan adil?", 130, 3,
     True, ["same"]),
    (MELATI, "good_practice", "Kartu huruf bergambar buatan murid",
     "Murid menggambar benda yang diawali huruf yang dipelajari; kartu dipakai bermain "
     "tebak-tebakan.", 120, 4, False, ["better", "better", "same"]),
    (BERDIFERENSIASI, "concern", "Waktu persiapan diferensiasi terlalu banyak",
     "Menyiapkan tiga versi lembar kerja tiap minggu membuat saya kelelahan.", 110, 5, False,
     []),
    (BERDIFERENSIASI, "reflection", "Refleksi 4F: tiket keluar sebagai asesmen formatif",
     "Fakta: 9 anggota mencoba tiket keluar. Temuan: tiga soal cukup. Masa depan: berbagi "
     "bank soal.", 95, 2, False, []),
    (MELATI, "question", "Permainan berhitung untuk kelas 2 yang tidak ribut?",
     "Kelas saya bersebelahan dengan ruang guru. Ada ide permainan yang tenang?", 85, 3, True,
     ["better"]),
    (BERDIFERENSIASI, "good_practice", "Tiket keluar tiga soal untuk pengelompokan",
     "Satu soal mudah, satu sedang, satu menantang di akhir pelajaran; besoknya kelompok "
     "sudah siap.", 75, 4, False, ["better", "better", "worse"]),
    (BERDIFERENSIASI, "challenge", "Murid cepat bosan menunggu teman yang lambat",
     "Kelompok yang selesai duluan mulai mengganggu. Bagaimana menyiapkan tugas pengayaan?",
     60, 4, True, ["same", "better"]),
    (MELATI, "reflection", "Refleksi 4F: kunjungan kelas di SD Negeri Mlati 2",
     "Fakta: kami mengamati pembelajaran membaca terbimbing. Temuan: kelompok kecil empat "
     "murid paling efektif.", 50, 2, False, []),
    (BERDIFERENSIASI, "question", "Bagaimana melibatkan orang tua dalam diferensiasi?",
     "Orang tua bertanya mengapa tugas anaknya berbeda dari tugas teman sebangku.", 40, 3,
     True, []),
    (BERDIFERENSIASI, "good_practice", "Surat untuk orang tua tentang tugas berbeda",
     "Satu halaman yang menjelaskan bahwa setiap anak mendapat tantangan yang pas.", 33, 2,
     False, ["better"]),
    (LINGKAR, "concern", "Guru senior enggan ikut komunitas belajar sekolah",
     "Bagaimana mengajak tanpa memaksa?", 100, 3, False, []),
    (LINGKAR, "reflection", "Refleksi: jadwal komunitas belajar di jam sekolah",
     "Dua sekolah berhasil menyisihkan satu jam setiap Kamis.", 45, 2, False, []),
]  # fmt: skip

STORIES = [
    (BERDIFERENSIASI, "guru@demo.test", "Tiket keluar membuat saya tahu siapa yang perlu dibantu",
     "Di pertemuan bulan lalu, Bu Ratna menunjukkan tiket keluar tiga soal.",
     "Cara cepat mengetahui kesiapan murid tanpa ulangan panjang.",
     "Saya memakainya setiap akhir pelajaran matematika kelas 4 selama sebulan.",
     "Enam murid yang dulu diam saja kini dibantu lebih awal; nilai pecahan kelas naik dari "
     "rata-rata 61 ke 74.", True, 40),
    (MELATI, "penggerak@demo.test", "Kartu huruf buatan murid",
     "Diskusi KKG tentang murid yang belum mengenal huruf.",
     "Ide agar murid sendiri membuat kartu huruf bergambar.",
     "Kami membuat kartu bersama di kelas 1 dan memakainya untuk permainan pagi.",
     "Tiga dari empat murid yang tertinggal kini mengenal semua huruf vokal.", True, 70),
    (BERDIFERENSIASI, "anggota03@demo.test", "Surat untuk orang tua",
     "Pertanyaan tentang melibatkan orang tua dalam diferensiasi.",
     "Contoh surat satu halaman dari anggota lain.",
     "Saya mengirim surat itu ke orang tua kelas 5.",
     "Tidak ada lagi keluhan tentang tugas yang berbeda; dua orang tua menawarkan diri "
     "membantu di pojok baca.", False, 20),
    (LINGKAR, "kepsek@demo.test", "Satu jam untuk komunitas belajar",
     "Refleksi bersama kepala sekolah lain tentang jadwal komunitas belajar.",
     "Contoh jadwal dari dua sekolah yang berhasil.",
     "Saya mengosongkan jam terakhir hari Kamis untuk komunitas belajar di SD Negeri Depok 1.",
     "Guru kini datang dengan cerita dari kelas; murid mendapat lebih banyak umpan balik "
     "tertulis.", True, 30),
]  # fmt: skip

PERSONAS = [(0.45, "core"), (0.2, "weekly"), (0.12, "occasional"), (0.0, "silent")]

# Learning plans of members who keep one with the community: (title, goal, why, indicator)
PLANS = [
    ("Asesmen formatif setiap akhir pelajaran", "Memakai tiket keluar tiga soal",
     "Saya ingin tahu siapa yang perlu dibantu sebelum ulangan.",
     "Setiap pekan saya punya data kesiapan semua murid."),
    ("Kelompok kesiapan di kelas matematika", "Mengelompokkan murid menurut kesiapan",
     "Murid yang cepat bosan dan yang tertinggal sama-sama tidak belajar.",
     "Tiga kelompok bekerja dengan tugas yang pas dalam satu pelajaran."),
    ("Membaca terbimbing kelompok kecil", "Kelompok membaca empat murid",
     "Beberapa murid kelas awal belum lancar membaca.",
     "Setiap murid membaca bersama saya dua kali sepekan."),
    ("Pojok pilihan tugas", "Memberi murid pilihan cara menunjukkan pemahaman",
     "Murid lebih bersemangat bila boleh memilih.",
     "Setiap bab punya tiga pilihan produk dengan satu rubrik."),
]  # fmt: skip
CHECKIN_NOTES = [
    ("on_track", "Dua kelas sudah mencoba; murid mulai terbiasa."),
    ("on_track", "Saya memakai masukan pendamping; waktunya lebih singkat sekarang."),
    ("stuck", "Pekan ujian, belum sempat mencoba lagi."),
    ("on_track", "Catatan murid menunjukkan kemajuan; saya simpan di portofolio."),
]
JOURNAL = [
    ("Refleksi 4F: mencoba lagi setelah pertemuan",
     "Saya mencoba ide dari pertemuan komunitas di kelas.",
     "Gugup di awal, lalu senang melihat murid terlibat.",
     "Instruksi yang singkat membuat murid lebih cepat mulai.",
     "Menuliskan instruksi di papan sebelum pelajaran."),
    ("Refleksi 4F: murid yang diam",
     "Dua murid tidak bertanya sama sekali selama sepekan.",
     "Khawatir mereka tertinggal tanpa saya sadari.",
     "Tiket keluar membantu mereka menyampaikan kesulitan tanpa malu.",
     "Membaca tiket keluar mereka lebih dulu setiap hari."),
]  # fmt: skip


def _ago(days: int, hour: int = 9, rng=None) -> datetime.datetime:
    minute = rng.randint(0, 59) if rng else 0
    return timezone.now().replace(hour=hour, minute=minute, second=0, microsecond=0) - (
        datetime.timedelta(days=days)
    )


def _spread_joining(rng, communities):
    """Members joined over the past months (the fasilitator first, at the start)."""
    start = MONTHS * 31 + 40
    for community in communities:
        Community.objects.filter(pk=community.pk).update(created_at=_ago(start + 10))
        memberships = list(community.memberships.order_by("pk"))
        for i, membership in enumerate(memberships):
            days = start if i == 0 else rng.randint(5, start)
            Membership.objects.filter(pk=membership.pk).update(joined_at=_ago(days, rng=rng))


def _reading(rng, communities):
    today = timezone.localdate()
    rows = []
    for community in communities:
        for membership in community.memberships.filter(status=Membership.Status.ACTIVE):
            chance = rng.choice(PERSONAS)[0]
            joined = timezone.localtime(Membership.objects.get(pk=membership.pk).joined_at).date()
            day = max(joined, today - datetime.timedelta(days=MONTHS * 31))
            while day <= today:
                if rng.random() < chance:
                    rows.append(ReadActivity(user=membership.user, community=community, day=day))
                day += datetime.timedelta(days=1)
    ReadActivity.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def _history(rng, communities, people):
    from komunitas.discussions.models import ClassroomApplication, Post, Reply

    post_type = ContentType.objects.get_for_model(Post)
    for slug, kind, title, body, days, replies, solved, outcomes in HISTORY:
        community = communities[slug]
        members = [
            m.user
            for m in community.memberships.filter(
                status=Membership.Status.ACTIVE,
                role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
            ).select_related("user")
        ]
        if Post.objects.filter(community=community, title=title).exists() or len(members) < 2:
            continue
        author = rng.choice(members)
        created = _ago(days, rng=rng)
        post = Post.objects.create(
            community=community, author=author, kind=kind, title=title, body=body,
            created_at=created, last_activity_at=created,
        )  # fmt: skip
        made = []
        for n in range(replies):
            helper = rng.choice([m for m in members if m != author] or members)
            made.append(
                Reply.objects.create(
                    post=post,
                    author=helper,
                    created_at=created + datetime.timedelta(hours=2 + 9 * n + rng.randint(0, 6)),
                    body=rng.choice(
                        [
                            "Saya pernah mencoba hal serupa; kuncinya memulai dari kelompok kecil.",
                            "Coba tanyakan dulu kepada murid apa yang mereka butuhkan.",
                            "Terima kasih, ini sangat membantu. Minggu depan saya coba.",
                            "Di sekolah kami, guru kelas paralel berbagi bahan agar lebih ringan.",
                        ]
                    ),
                )  # fmt: skip
            )
        if made:
            first = made[0]
            post.first_reply_at = first.created_at
            post.reply_count = len(made)
            post.last_activity_at = made[-1].created_at
            if solved and kind in ("question", "challenge"):
                post.solution, post.solved_by = first, author
                post.solved_at = made[-1].created_at
            post.save()
        for i, outcome in enumerate(outcomes):
            member = members[(i + 1) % len(members)]
            if member == author and len(members) > 1:
                member = members[(i + 2) % len(members)]
            ClassroomApplication.objects.create(
                member=member, community=community, target_type=post_type, target_id=post.pk,
                reply=post.solution, applied_on=(created + datetime.timedelta(days=7 + i)).date(),
                class_name=rng.choice(["1A", "2B", "4A", "5C"]), outcome=outcome,
                what_happened="Saya mencobanya bersama murid; catatan lengkap ada di buku "
                "refleksi saya.", created_at=created + datetime.timedelta(days=8 + i),
            )  # fmt: skip
    Post.objects.filter(community__in=communities.values(), title=HISTORY[1][2]).update(
        is_featured=True, featured_at=_ago(150)
    )


def _members(community, rng, n, *, exclude=None):
    anggota = [
        m.user
        for m in community.memberships.filter(
            status=Membership.Status.ACTIVE, role=Membership.Role.ANGGOTA
        )
        .exclude(user__in=exclude if exclude is not None else [])
        .select_related("user")
        .order_by("user__email")
    ]
    return rng.sample(anggota, k=min(n, len(anggota)))


def _library_history(rng, communities):
    """The library grew over the months, and members marked what helped them."""
    from django.db.models import Q

    from komunitas.pustaka.models import HelpfulVote, Resource
    from komunitas.search.index import refresh

    mine = Q(community__in=communities.values()) | Q(community__isnull=True)
    voters = _members(communities[BERDIFERENSIASI], rng, 12)
    for resource in Resource.objects.alive().filter(mine).order_by("pk"):
        days = rng.randint(20, MONTHS * 30)
        Resource.objects.filter(pk=resource.pk).update(created_at=_ago(days, rng=rng))
        resource.refresh_from_db()
        refresh(resource)
        votes = []
        for member in rng.sample(voters, k=min(len(voters), rng.randint(1, 6))):
            if member.pk != resource.added_by_id:
                on = _ago(rng.randint(1, days - 1), hour=rng.randint(7, 20), rng=rng)
                votes.append(HelpfulVote(resource=resource, member=member, created_at=on))
        HelpfulVote.objects.bulk_create(votes, ignore_conflicts=True)


def _journal_history(rng, communities):
    """Members who keep a learning plan with the community: check-ins about every fortnight
    (some late, one stuck in exam weeks) and a 4F reflection in their journal each month."""
    from komunitas.journeys.models import CheckIn, Goal, LearningPlan, Reflection

    today = timezone.localdate()
    for slug in (BERDIFERENSIASI, MELATI):
        community = communities[slug]
        # Those who have a plan already (the journeys demo's people) keep theirs as they are.
        keeping = LearningPlan.objects.values("owner")
        for owner in _members(community, rng, 4, exclude=keeping):
            title, practice, why, indicator = rng.choice(PLANS)
            started = rng.randint(70, MONTHS * 30)
            plan = LearningPlan.objects.create(
                owner=owner, community=community, title=title, created_at=_ago(started),
                visibility="community", checkin_every=LearningPlan.Cadence.FORTNIGHTLY,
            )  # fmt: skip
            Goal.objects.create(plan=plan, practice=practice, why=why, success_indicators=indicator)
            day, last = started, _ago(started)
            while True:
                day -= rng.choice([11, 13, 14, 15, 20, 26])
                if day < 2:
                    break
                last = _ago(day, hour=rng.randint(14, 21), rng=rng)
                status, note = rng.choice(CHECKIN_NOTES)
                CheckIn.objects.create(
                    plan=plan, author=owner, status=status, note=note, created_at=last
                )
            LearningPlan.objects.filter(pk=plan.pk).update(
                last_activity_at=last,
                last_checkin_at=last,
                next_checkin_on=timezone.localdate(last) + datetime.timedelta(days=14),
            )
            for month in range(started // 30):
                written = _ago(month * 30 + rng.randint(1, 20), hour=20, rng=rng)
                title, facts, feelings, findings, future = JOURNAL[month % len(JOURNAL)]
                Reflection.objects.create(
                    author=owner, community=community, title=title, facts=facts,
                    feelings=feelings, findings=findings, future=future, about=plan,
                    written_on=min(timezone.localdate(written), today), created_at=written,
                )  # fmt: skip


def _stories(communities, people):
    for slug, email, title, activity, gained, applied, changed, shared, days in STORIES:
        author = people.get(email)
        if author is None:
            continue
        Story.objects.get_or_create(
            community=communities[slug], author=author, title=title,
            defaults={
                "activity": activity, "gained": gained, "applied": applied, "changed": changed,
                "shared_with_partners": shared, "created_at": _ago(days),
            },
        )  # fmt: skip


@demo_builder(order=90)
def build_insights(demo):
    communities = {
        slug: c
        for slug, c in demo.get("communities", {}).items()
        if slug in (BERDIFERENSIASI, MELATI, LINGKAR)
    }
    if len(communities) < 3 or Story.objects.filter(community__in=communities.values()).exists():
        return
    rng = random.Random(90)
    _spread_joining(rng, communities.values())
    _reading(rng, communities.values())
    if installed("discussions"):
        _history(rng, communities, demo["people"])
    if installed("pustaka"):
        _library_history(rng, communities)
    if installed("journeys"):
        _journal_history(rng, communities)
    _stories(communities, demo["people"])
