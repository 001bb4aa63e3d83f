"""Demo threads: every kind of post in the demo communities, solved and unsolved questions, good
practices applied in class, reactions, a reported reply and a hidden one. Idempotent: a thread
that exists (same community and title) is left alone."""

import datetime

from django.utils import timezone

from komunitas.communities.models import Membership
from komunitas.core.demo import demo_builder
from komunitas.discussions.actions import (
    do_create_post,
    do_decide_report,
    do_hide,
    do_mark_solution,
    do_record_application,
    do_reply,
    do_report,
    do_set_flag,
)
from komunitas.discussions.models import Post, Reaction, Reply, Report

FASILITATOR = "penggerak@demo.test"
GURU = "guru@demo.test"
KEPSEK = "kepsek@demo.test"
PENGAWAS = "pengawas@demo.test"

# Each thread: community slug, author ("guru", "fasilitator", "kepsek", or "teacher:N" for the
# N-th other member), kind, title, body or sections, tags, days ago, replies as
# (author, body, hours after the post), the index of the solution among the replies, and
# applications as (member, outcome, class, what happened).
THREADS = [
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "guru",
        "kind": Post.Kind.QUESTION,
        "title": "Asesmen diagnostik yang cepat untuk kelas 32 murid?",
        "body": (
            "Kelas 4 saya berisi 32 murid. Saya ingin mengelompokkan mereka menurut kesiapan "
            "belajar pecahan, tetapi asesmen diagnostik tertulis makan satu jam pelajaran "
            "penuh.\n\n"
            "Adakah cara yang **cepat** dan tetap cukup akurat?"
        ),
        "tags": ["asesmen diagnostik", "pecahan"],
        "days": 20,
        "replies": [
            (
                "teacher:0",
                "Saya pakai **tiket keluar** tiga soal di akhir pelajaran sebelumnya: "
                "satu mudah, satu sedang, satu menantang. Lima menit, dan besoknya saya sudah bisa "
                "membagi kelompok.",
                3,
            ),
            (
                "teacher:1",
                "Kartu warna juga membantu: murid mengangkat hijau/kuning/merah untuk "
                "menunjukkan seberapa yakin mereka.",
                5,
            ),
            ("guru", "Terima kasih! Tiket keluar saya coba Kamis ini.", 6),
        ],
        "solution": 0,
        "applications": [
            (
                "guru",
                "better",
                "4A",
                "Tiket keluar tiga soal pecahan; 9 murid perlu "
                "pendampingan, 15 siap, 8 siap tantangan. Pengelompokan jauh lebih cepat.",
            ),
            (
                "teacher:2",
                "better",
                "4B",
                "Saya pakai untuk perkalian; murid senang karena singkat.",
            ),
            (
                "teacher:3",
                "same",
                "5A",
                "Berhasil, tetapi soal menantang saya terlalu sulit; perlu diperbaiki.",
            ),
        ],
        "reactions": [("guru", "thanks"), ("teacher:2", "useful"), ("teacher:3", "useful")],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:4",
        "kind": Post.Kind.QUESTION,
        "title": "Murid yang cepat selesai lalu mengganggu teman: apa yang disiapkan?",
        "body": "Setiap kerja kelompok, 4–5 murid selesai lebih dulu lalu mengobrol dan "
        "mengganggu kelompok lain. Apa yang biasanya Bapak/Ibu siapkan untuk mereka?",
        "tags": ["pengelolaan kelas"],
        "days": 9,
        "replies": [
            (
                "teacher:5",
                "Saya siapkan **kartu tantangan** bertingkat di meja guru. Yang selesai "
                "boleh mengambil satu kartu.",
                20,
            ),
        ],
        "reactions": [("teacher:6", "useful")],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:7",
        "kind": Post.Kind.QUESTION,
        "title": "Bagaimana menjelaskan diferensiasi kepada orang tua yang protes?",
        "body": "Ada orang tua yang protes karena anaknya mendapat lembar kerja berbeda dari "
        "temannya. Bagaimana menjelaskannya tanpa membuat anak merasa dicap?",
        "tags": ["orang tua", "komunikasi"],
        "days": 1,
        "replies": [],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:0",
        "kind": Post.Kind.CHALLENGE,
        "title": "Setelah pelatihan: kelas ribut saat pindah kelompok",
        "body": "Setelah pelatihan diferensiasi, saya mencoba tiga kelompok kesiapan. Masalahnya: "
        "perpindahan kelompok memakan 10 menit dan kelas sangat ribut.",
        "tags": ["pengelolaan kelas", "pelatihan"],
        "days": 14,
        "replies": [
            (
                FASILITATOR,
                "Coba latih **rutinitas pindah** dengan hitungan mundur 30 detik dan "
                "peta tempat duduk yang ditempel di papan. Dua hari latihan biasanya cukup.",
                4,
            ),
            ("teacher:1", "Saya beri peran: satu murid per kelompok membawa kotak bahan.", 9),
        ],
        "solution": 0,
        "applications": [
            (
                "teacher:0",
                "better",
                "3B",
                "Hitungan mundur dan peta tempat duduk: perpindahan "
                "turun dari 10 menjadi 2 menit setelah tiga hari.",
            ),
        ],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:2",
        "kind": Post.Kind.CONCERN,
        "title": "Khawatir administrasi diferensiasi menghabiskan waktu mengajar",
        "body": "Saya khawatir harus membuat tiga versi RPP untuk setiap pertemuan. Waktu untuk "
        "benar-benar memperhatikan murid malah berkurang.",
        "tags": ["beban kerja"],
        "days": 7,
        "replies": [
            (
                KEPSEK,
                "Di sekolah kami cukup satu modul ajar dengan catatan diferensiasi di "
                "bagian kegiatan inti. Tidak perlu tiga RPP.",
                6,
            ),
            (
                "teacher:8",
                "Jual modul ajar diferensiasi lengkap semua kelas, hubungi WA "
                "0812-0000-0000, diskon hari ini!",
                7,
            ),
            (
                PENGAWAS,
                "Setuju dengan Bu Kepala Sekolah. Saat supervisi kami melihat praktiknya "
                "di kelas, bukan tebalnya dokumen.",
                30,
            ),
        ],
        "spam": 1,
        "reactions": [("guru", "thanks"), ("teacher:3", "thanks")],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "guru",
        "kind": Post.Kind.GOOD_PRACTICE,
        "title": "Stasiun belajar pecahan untuk kelas 4",
        "body": "Empat stasiun, 12 menit per stasiun, murid bergerak menurut kesiapannya.",
        "sections": {
            "context": "Kelas 4A SD Negeri, 32 murid, Fase B, Matematika. Hasil tiket keluar "
            "menunjukkan tiga tingkat kesiapan tentang pecahan senilai.",
            "what_i_did": "1. Stasiun benda konkret (kertas lipat)\n2. Stasiun gambar\n"
            "3. Stasiun soal cerita\n4. Stasiun tantangan membuat soal sendiri\n\n"
            "Murid memulai dari stasiun yang sesuai hasil tiket keluar.",
            "pupils_response": "Murid yang biasanya diam mau bertanya di stasiun benda konkret. "
            "Kelompok tantangan membuat soal untuk teman.",
            "evidence": "Skor tiket keluar berikutnya: 26 dari 32 murid menjawab benar dua soal "
            "pecahan senilai (sebelumnya 14).",
            "what_i_would_change": "Waktu per stasiun dibuat 15 menit; siapkan kunci jawaban "
            "di stasiun agar murid bisa memeriksa sendiri.",
        },
        "tags": ["pecahan", "stasiun belajar"],
        "days": 12,
        "replies": [
            ("teacher:5", "Boleh minta contoh soal di stasiun 3, Bu?", 10),
            ("guru", "Tentu, saya lampirkan minggu depan di pertemuan.", 12),
        ],
        "featured": True,
        "applications": [
            (
                "teacher:1",
                "better",
                "4C",
                "Saya pakai tiga stasiun saja karena kelas sempit; murid lebih aktif.",
            ),
            ("teacher:4", "better", "5B", "Untuk pecahan campuran; hasil tiket keluar naik."),
            (
                "teacher:6",
                "worse",
                "4A",
                "Kelas terlalu ribut karena rutinitas pindah belum "
                "dilatih; akan saya coba lagi setelah latihan rutinitas.",
            ),
        ],
        "reactions": [
            ("teacher:1", "inspiring"),
            ("teacher:4", "inspiring"),
            ("teacher:5", "useful"),
            (FASILITATOR, "thanks"),
        ],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:3",
        "kind": Post.Kind.GOOD_PRACTICE,
        "title": "Papan pilihan tugas untuk teks prosedur",
        "sections": {
            "context": "Kelas 5, Bahasa Indonesia, Fase C. Minat murid sangat beragam.",
            "what_i_did": "Papan pilihan 3×3: menulis resep, membuat video pendek, menggambar "
            "komik langkah-langkah. Murid memilih tiga petak yang membentuk satu garis.",
            "pupils_response": "Murid yang jarang menulis memilih komik, lalu menambahkan teks.",
        },
        "tags": ["minat belajar", "bahasa indonesia"],
        "days": 5,
        "replies": [],
        "applications": [
            (
                "guru",
                "same",
                "4A",
                "Murid senang memilih, tetapi saya perlu rubrik yang lebih jelas.",
            ),
        ],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:1",
        "kind": Post.Kind.REFLECTION,
        "title": "Refleksi 4F setelah pertemuan Kamis lalu",
        "body": "**Facts:** kami membahas stasiun belajar.\n\n**Feelings:** lega, ternyata banyak "
        "yang punya masalah sama.\n\n**Findings:** rutinitas pindah harus dilatih dulu.\n\n"
        "**Future:** minggu depan saya latih rutinitas dua hari sebelum mencoba stasiun.",
        "tags": ["refleksi 4f"],
        "days": 3,
        "replies": [(FASILITATOR, "Terima kasih sudah berbagi, Pak. Kita tunggu ceritanya.", 2)],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "fasilitator",
        "kind": Post.Kind.ANNOUNCEMENT,
        "title": "Pertemuan Kamis: bawa satu cerita dari kelas",
        "body": "Kamis pukul 14.00 WIB di SD Negeri Depok 1. Bawa satu cerita penerapan "
        "diferensiasi dan satu pertanyaan.",
        "days": 2,
        "pinned": True,
        "replies": [],
    },
    {
        "community": "kkg-kelas-awal-gugus-melati",
        "author": "guru",
        "kind": Post.Kind.GOOD_PRACTICE,
        "title": "Pojok baca bergilir di kelas 1",
        "sections": {
            "context": "Kelas 1, Fase A. Banyak murid belum lancar membaca permulaan.",
            "what_i_did": "Pojok baca dengan buku bergambar berjenjang; tiap hari lima murid "
            "bergiliran membaca bersama saya 10 menit.",
            "pupils_response": "Murid menunggu gilirannya dan mulai meminjam buku pulang.",
        },
        "tags": ["literasi", "kelas awal"],
        "days": 10,
        "replies": [("teacher:0", "Ide bagus! Buku berjenjangnya dari mana, Bu?", 5)],
        "applications": [
            (
                "teacher:0",
                "better",
                "1B",
                "Saya mulai dengan tiga murid per hari; mereka lebih percaya diri membaca nyaring.",
            ),
        ],
    },
    {
        "community": "kkg-kelas-awal-gugus-melati",
        "author": "teacher:1",
        "kind": Post.Kind.QUESTION,
        "title": "Metode SAS atau fonik untuk membaca permulaan?",
        "body": "Di KKG kami ada yang memakai SAS dan ada yang fonik. Mana yang lebih cocok untuk "
        "murid yang belum mengenal huruf sama sekali?",
        "tags": ["literasi", "membaca permulaan"],
        "days": 2,
        "replies": [],
    },
    {
        "community": "lingkar-kepala-sekolah-penggerak",
        "author": "kepsek",
        "kind": Post.Kind.QUESTION,
        "title": "Supervisi akademik yang tidak menakutkan guru",
        "body": "Bagaimana Bapak/Ibu membuat supervisi akademik terasa sebagai pendampingan, "
        "bukan penilaian?",
        "tags": ["supervisi"],
        "days": 6,
        "replies": [
            (
                "fasilitator",
                "Kami mulai dengan percakapan coaching sebelum observasi, dan guru "
                "memilih sendiri fokus yang ingin diamati.",
                8,
            ),
        ],
        "solution": 0,
    },
]


#: A safe space (docs/safe-space.md): a concern only the members read (kepsek@demo.test, a partner
#: of the community, never sees it) and a question asked without a name.
SAFE_SPACE_CONCERN = "Saya khawatir dinilai kepala sekolah saat mencoba metode baru"
SAFE_SPACE_QUESTION = "Bolehkah saya bertanya hal dasar tentang asesmen formatif?"
THREADS += [
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:2",
        "kind": Post.Kind.CONCERN,
        "members_only": True,
        "title": SAFE_SPACE_CONCERN,
        "body": (
            "Minggu depan kepala sekolah akan supervisi kelas saya. Saya sedang mencoba "
            "pembelajaran berdiferensiasi dengan tiga kelompok, dan kemarin kelas sempat gaduh. "
            "Saya khawatir dinilai tidak mampu mengelola kelas kalau percobaan ini gagal di "
            "depan beliau.\n\nApakah teman-teman pernah mengalami hal yang sama?"
        ),
        "tags": ["supervisi"],
        "days": 3,
        "replies": [
            (
                "fasilitator",
                "Terima kasih sudah berani menulis ini. Mencoba hal baru memang sering gaduh di "
                "awal. Kita bisa latihan bersama di pertemuan berikutnya sebelum supervisi.",
                2,
            ),
            (
                "teacher:0",
                "Saya pernah. Yang membantu: menjelaskan di awal tujuan dan aturan tiap "
                "kelompok, dan memberi kartu tugas supaya murid tidak bergantung pada saya.",
                4,
            ),
        ],
    },
    {
        "community": "pembelajaran-berdiferensiasi",
        "author": "teacher:3",
        "kind": Post.Kind.QUESTION,
        "anonymous": True,
        "title": SAFE_SPACE_QUESTION,
        "body": (
            "Saya sudah mengajar lima tahun tetapi masih bingung membedakan asesmen formatif "
            "dan sumatif dalam praktik. Contoh sederhana di kelas seperti apa?"
        ),
        "tags": ["asesmen formatif"],
        "days": 2,
        "replies": [
            (
                "teacher:1",
                "Pertanyaan yang bagus, banyak dari kita juga bingung. Formatif: untuk "
                "memperbaiki pembelajaran saat masih berjalan, misalnya tiket keluar. Sumatif: "
                "untuk menilai di akhir, misalnya ulangan bab.",
                3,
            ),
        ],
    },
]


def _people(demo, community):
    """Who "guru", "fasilitator", "kepsek" and "teacher:N" are in ``community``."""
    people = demo["people"]
    others = [
        m.user
        for m in community.active_memberships()
        .filter(role=Membership.Role.ANGGOTA)
        .exclude(user__email__in=[GURU, KEPSEK, PENGAWAS])
        .select_related("user")
        .order_by("user__email")
    ]

    def person(name):
        if name == "guru":
            return people[GURU]
        if name == "fasilitator":
            return people[FASILITATOR]
        if name == "kepsek":
            return people[KEPSEK]
        if name.startswith("teacher:"):
            return others[int(name.split(":")[1]) % len(others)]
        return people[name]

    return person


def _at(days_ago, hours=0):
    start = timezone.now().replace(hour=7, minute=30, second=0, microsecond=0)
    return start - datetime.timedelta(days=days_ago) + datetime.timedelta(hours=hours)


def _thread(spec, community, person):
    posted = _at(spec["days"])
    post = do_create_post(
        author=person(spec["author"]),
        community=community,
        kind=spec["kind"],
        title=spec["title"],
        body=spec.get("body", ""),
        sections=spec.get("sections"),
        tags=spec.get("tags", []),
        check_rate=False,
        # The demo's threads keep the community's visibility unless they say otherwise.
        members_only=spec.get("members_only", False),
        anonymous=spec.get("anonymous", False),
    )
    Post.objects.filter(pk=post.pk).update(created_at=posted, last_activity_at=posted)
    replies = []
    for author, body, hours in spec["replies"]:
        reply = do_reply(post=post, author=person(author), body=body, check_rate=False)
        Reply.objects.filter(pk=reply.pk).update(created_at=_at(spec["days"], hours))
        replies.append(reply)
    first = next((r for r in replies if r.author_id != post.author_id), None)
    Post.objects.filter(pk=post.pk).update(
        first_reply_at=Reply.objects.get(pk=first.pk).created_at if first else None,
        last_activity_at=_at(spec["days"], spec["replies"][-1][2]) if replies else posted,
    )
    post.refresh_from_db()
    return post, replies


def _after_thread(spec, post, replies, person, fasilitator):
    if "solution" in spec:
        do_mark_solution(post=post, reply=replies[spec["solution"]], by=post.author)
        answered = Reply.objects.get(pk=replies[spec["solution"]].pk).created_at
        solved = answered + datetime.timedelta(hours=2)
        Post.objects.filter(pk=post.pk).update(solved_at=solved)
        post.refresh_from_db()
    if spec.get("featured"):
        do_set_flag(
            post=post, flag="featured", value=True, by=fasilitator,
            reason="Contoh yang mudah ditiru anggota lain.",
        )  # fmt: skip
    if spec.get("pinned"):
        do_set_flag(
            post=post, flag="pinned", value=True, by=fasilitator,
            reason="Pengumuman pertemuan berikutnya.",
        )  # fmt: skip
    for member, outcome, class_name, what in spec.get("applications", []):
        do_record_application(
            member=person(member),
            target=post,
            applied_on=timezone.localdate() - datetime.timedelta(days=max(spec["days"] - 3, 0)),
            class_name=class_name,
            what_happened=what,
            outcome=outcome,
        )
    for who, kind in spec.get("reactions", []):
        Reaction.objects.get_or_create(user=person(who), post=post, reply=None, kind=kind)
    if "spam" in spec:
        spam = replies[spec["spam"]]
        item = do_report(
            reporter=person("guru"), post=post, reply=spam, reason=Report.Reason.SPAM,
            note="Iklan, bukan diskusi.",
        )  # fmt: skip
        do_hide(
            item=spam, by=fasilitator, reason="Iklan berbayar; melanggar kesepakatan komunitas."
        )
        do_decide_report(report=item, hide=True, by=fasilitator, reason="Disembunyikan.")


@demo_builder(order=30)
def build_discussions(demo):
    people = demo["people"]
    fasilitator = people[FASILITATOR]
    communities = demo["communities"]
    for spec in THREADS:
        community = communities[spec["community"]]
        if Post.objects.filter(community=community, title=spec["title"]).exists():
            continue
        person = _people(demo, community)
        post, replies = _thread(spec, community, person)
        _after_thread(spec, post, replies, person, fasilitator)
    # A reported reply still waiting for the fasilitator: it names a pupil.
    question = Post.objects.get(title=THREADS[1]["title"])
    if not question.reports.exists():
        person = _people(demo, question.community)
        reply = do_reply(
            post=question,
            author=person("teacher:8"),
            body="Kalau di kelas saya, si Dimas dari 4B memang selalu begitu, susah diatur.",
            check_rate=False,
        )
        do_report(
            reporter=people[GURU],
            post=question,
            reply=reply,
            reason=Report.Reason.PRIVACY,
            note="Menyebut nama murid.",
        )
    demo["posts"] = {
        post.title: post for post in Post.objects.filter(community__in=communities.values())
    }
