"""Six months of history for the demo district, so that every dashboard shows trends.

The other builders make today's communities and threads; this one (order 90, last) spreads
the demo members' joining over the past months, gives them reading days that fit who they are
(a core reader, a weekly one, an occasional one, a silent one), writes a history of earlier
threads with replies, solutions and "applied in class" records, and the value-creation stories.
Idempotent: it does its work once, marked by the stories it writes.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from komunitas.communities.models import Community, Membership
from komunitas.core.demo import demo_builder
from komunitas.insights.measures import installed
from komunitas.insights.models import ReadActivity, Story

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
    _stories(communities, demo["people"])
