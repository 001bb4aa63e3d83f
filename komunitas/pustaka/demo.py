"""The demo library: resources of several types and subjects (files, a link, a picture), one with
three versions, a community collection, a personal collection, votes and downloads.
Idempotent: resources are found by title, collections by title and owner."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from komunitas.core.demo import demo_builder
from komunitas.discussions.actions import do_create_post, do_mark_solution, do_reply
from komunitas.discussions.models import Post
from komunitas.lib.pdf import simple_pdf
from komunitas.pustaka import actions
from komunitas.pustaka.models import Collection, HelpfulVote, Resource
from komunitas.pustaka.services import initial_from_post

FASILITATOR = "penggerak@demo.test"
GURU = "guru@demo.test"
BERDIFERENSIASI = "pembelajaran-berdiferensiasi"
MELATI = "kkg-kelas-awal-gugus-melati"
LINGKAR = "lingkar-kepala-sekolah-penggerak"

RESOURCES = [
    {
        "title": "Modul Ajar Pecahan Senilai dengan Stasiun Belajar",
        "kind": Resource.Kind.MODUL_AJAR,
        "subject_id": "matematika",
        "phase_id": "B",
        "grade": 3,
        "topic": "Bilangan: pecahan senilai dengan benda konkret dan gambar",
        "description": (
            "Modul dua pertemuan untuk kelas 3 dengan **tiga stasiun** sesuai kesiapan murid:\n\n"
            "1. benda konkret (kertas lipat, potongan roti),\n"
            "2. gambar dan garis bilangan,\n"
            "3. soal cerita.\n\n"
            "Termasuk asesmen awal singkat untuk membagi kelompok."
        ),
        "community": BERDIFERENSIASI,
        "audience": Resource.Audience.EVERYONE,
        "by": FASILITATOR,
        "file": "modul-pecahan-senilai.pdf",
        "versions": [
            "Kunci jawaban soal nomor 4 di stasiun 3 dibetulkan.",
            "Ditambah lembar refleksi murid dan rubrik sederhana untuk stasiun 2.",
        ],
        "downloads": 37,
        "licence": Resource.Licence.CC_BY_SA,
    },
    {
        "title": "Asesmen Diagnostik Non-Kognitif Awal Tahun",
        "kind": Resource.Kind.ASESMEN,
        "subject_id": "guru-kelas",
        "phase_id": "B",
        "topic": "Mengenal minat, gaya belajar dan kondisi murid di awal tahun ajaran",
        "description": "Sepuluh pertanyaan untuk murid dan lima untuk orang tua, dengan contoh "
        "cara membaca hasilnya untuk pembelajaran berdiferensiasi.",
        "community": BERDIFERENSIASI,
        "audience": Resource.Audience.EVERYONE,
        "by": GURU,
        "file": "asesmen-diagnostik-non-kognitif.pdf",
        "downloads": 21,
        "author_name": "Tim KKG Gugus Melati",
        "source": "Disusun dari pelatihan Guru Penggerak Angkatan 9",
    },
    {
        "title": "Kuis Formatif Pecahan: Tiket Keluar",
        "kind": Resource.Kind.ASESMEN,
        "subject_id": "matematika",
        "phase_id": "B",
        "grade": 4,
        "topic": "Pecahan: membandingkan dan mengurutkan",
        "description": "Tiga soal tiket keluar (exit ticket) untuk akhir pelajaran, dengan "
        "panduan mengelompokkan murid untuk pertemuan berikutnya.",
        "community": BERDIFERENSIASI,
        "audience": Resource.Audience.COMMUNITY,
        "by": FASILITATOR,
        "file": "tiket-keluar-pecahan.pdf",
        "downloads": 12,
    },
    {
        "title": "Lembar Kerja Membaca Suku Kata Bergambar",
        "kind": Resource.Kind.LEMBAR_KERJA,
        "subject_id": "bahasa-indonesia",
        "phase_id": "A",
        "grade": 1,
        "topic": "Membaca permulaan: suku kata terbuka",
        "description": "Lembar kerja dengan gambar benda sehari-hari; murid memasangkan gambar "
        "dengan suku kata awalnya.",
        "community": MELATI,
        "audience": Resource.Audience.COMMUNITY,
        "by": GURU,
        "file": "lembar-kerja-suku-kata.pdf",
        "downloads": 9,
    },
    {
        "title": "Video: Mengelola Kelas Rangkap dengan Stasiun Belajar",
        "kind": Resource.Kind.VIDEO,
        "subject_id": "guru-kelas",
        "phase_id": "C",
        "topic": "Pengelolaan kelas",
        "description": "Rekaman 12 menit dari kelas 5 dan 6 yang belajar dalam satu ruang.",
        "community": None,
        "audience": Resource.Audience.EVERYONE,
        "by": FASILITATOR,
        "link": "https://www.youtube.com/watch?v=kelas-rangkap-demo",
        "licence": Resource.Licence.ALL_RIGHTS_RESERVED,
        "source": "Kanal video Komunitas Praktisi Sleman",
    },
    {
        "title": "Poster Profil Belajar Murid",
        "kind": Resource.Kind.MEDIA_AJAR,
        "subject_id": "guru-kelas",
        "phase_id": "A",
        "topic": "Mengenal profil belajar murid",
        "description": "Poster untuk ditempel di kelas: murid menandai cara belajar yang mereka "
        "sukai.",
        "community": BERDIFERENSIASI,
        "audience": Resource.Audience.EVERYONE,
        "by": FASILITATOR,
        "picture": "poster-profil-belajar.png",
        "downloads": 5,
    },
    {
        "title": "Panduan Supervisi Akademik yang Memberdayakan",
        "kind": Resource.Kind.ARTIKEL,
        "topic": "Kepemimpinan pembelajaran",
        "description": "Catatan lingkar kepala sekolah tentang supervisi yang dimulai dari "
        "refleksi guru, bukan dari daftar periksa.",
        "community": LINGKAR,
        "audience": Resource.Audience.COMMUNITY,
        "by": "kepsek@demo.test",
        "file": "panduan-supervisi-akademik.pdf",
        "downloads": 4,
    },
]


def _pdf(spec, version=1) -> ContentFile:
    lines = [spec.get("topic", ""), "", *spec["description"].replace("**", "").splitlines()]
    if version > 1:
        lines += ["", f"Versi {version}: {spec['versions'][version - 2]}"]
    content = ContentFile(simple_pdf(spec["title"], [line[:90] for line in lines]))
    content.name = spec["file"]
    content.content_type = "application/pdf"
    return content


def _picture(spec) -> ContentFile:
    image = Image.new("RGB", (600, 400), "#e6f2ed")
    draw = ImageDraw.Draw(image)
    draw.text((30, 30), spec["title"], fill="#07523a")
    for n, text in enumerate(["Melihat", "Mendengar", "Bergerak", "Berdiskusi"]):
        draw.rectangle((30 + n * 140, 120, 150 + n * 140, 300), outline="#0b6e4f", width=3)
        draw.text((45 + n * 140, 200), text, fill="#1d2521")
    out = io.BytesIO()
    image.save(out, "PNG")
    content = ContentFile(out.getvalue(), name=spec["picture"])
    content.content_type = "image/png"
    return content


def _resource(spec, people, communities) -> Resource:
    community = communities.get(spec["community"]) if spec["community"] else None
    existing = Resource.objects.filter(title=spec["title"], community=community).first()
    if existing:
        return existing
    fields = {
        k: v
        for k, v in spec.items()
        if k not in ("community", "by", "file", "picture", "link", "versions", "downloads")
    }
    by = people[spec["by"]]
    if "file" in spec:
        content = {"file": _pdf(spec)}
    elif "picture" in spec:
        content = {"file": _picture(spec)}
    else:
        content = {"link": spec["link"]}
    resource = actions.do_add_resource(
        resource=Resource(community=community, **fields), by=by, **content
    )
    for number, note in enumerate(spec.get("versions", []), start=2):
        actions.do_add_version(resource=resource, by=by, file=_pdf(spec, number), change_note=note)
    downloads = spec.get("downloads", 0)
    if downloads:
        versions = list(resource.versions.order_by("number"))
        share = downloads // len(versions)
        for version in versions:
            version.download_count = share
        versions[-1].download_count += downloads - share * len(versions)
        type(versions[0]).objects.bulk_update(versions, ["download_count"])
        Resource.objects.filter(pk=resource.pk).update(
            download_count=downloads, view_count=downloads * 3
        )
    return resource


@demo_builder(order=50)
def build_library(demo):
    people, communities = demo["people"], demo["communities"]
    made = {spec["title"]: _resource(spec, people, communities) for spec in RESOURCES}
    fasilitator, guru = people[FASILITATOR], people[GURU]
    curated, _ = Collection.objects.get_or_create(
        title="Asesmen formatif Fase B",
        owner=fasilitator,
        community=communities[BERDIFERENSIASI],
        defaults={
            "description": "Bahan asesmen yang sudah dicoba anggota di kelas 3 dan 4. "
            "Mulai dari asesmen diagnostik, lalu tiket keluar setiap akhir pelajaran."
        },
    )
    for title in (
        "Asesmen Diagnostik Non-Kognitif Awal Tahun",
        "Kuis Formatif Pecahan: Tiket Keluar",
        "Modul Ajar Pecahan Senilai dengan Stasiun Belajar",
    ):
        actions.do_add_to_collection(collection=curated, resource=made[title], by=fasilitator)
    personal, _ = Collection.objects.get_or_create(
        title="Bahan untuk kelas 3 semester ini", owner=guru, community=None
    )
    for title in (
        "Modul Ajar Pecahan Senilai dengan Stasiun Belajar",
        "Poster Profil Belajar Murid",
    ):
        actions.do_add_to_collection(collection=personal, resource=made[title], by=guru)
    voters = [u for e, u in sorted(people.items()) if e.startswith("anggota")][:12]
    for n, resource in enumerate(made.values()):
        for voter in [guru, *voters][: max(0, 8 - 2 * n)]:
            if (
                voter.pk != resource.added_by_id
                and not HelpfulVote.objects.filter(resource=resource, member=voter).exists()
            ):
                actions.do_vote(resource=resource, member=voter)
    saved = _saved_from_solution(people, communities[BERDIFERENSIASI])
    answers, _ = Collection.objects.get_or_create(
        title="Jawaban terbaik dari diskusi kita",
        owner=fasilitator,
        community=communities[BERDIFERENSIASI],
        defaults={"description": "Solusi dan praktik baik dari diskusi yang kami simpan."},
    )
    actions.do_add_to_collection(collection=answers, resource=saved, by=fasilitator)
    made[saved.title] = saved
    demo["library"] = made


QUESTION = "Bagaimana mengenalkan pecahan senilai kepada murid kelas 3?"


def _solved_question(people, community):
    """A solved question of the demo's discussions, or this one, asked and answered here."""
    solved = (
        Post.objects.alive()
        .filter(community=community, kind=Post.Kind.QUESTION, solution__isnull=False)
        .select_related("solution__author")
        .order_by("created_at", "pk")
    )
    post = solved.filter(title=QUESTION).first() or solved.first()
    if post:
        return post
    guru, fasilitator = people[GURU], people[FASILITATOR]
    post = do_create_post(
        author=guru,
        community=community,
        kind=Post.Kind.QUESTION,
        title=QUESTION,
        body="Murid saya bingung mengapa 1/2 sama dengan 2/4. Gambar di buku belum membantu.",
        subjects=["matematika"],
        phases=["B"],
        check_rate=False,
    )
    reply = do_reply(
        post=post,
        author=fasilitator,
        body="Mulailah dengan **kertas lipat**: lipat dua dan arsir satu bagian, lalu lipat "
        "lagi. Murid melihat sendiri bahwa arsirannya tidak berubah walau bagiannya jadi "
        "empat. Setelah itu baru gambar, lalu garis bilangan.",
        check_rate=False,
    )
    do_mark_solution(post=post, reply=reply, by=guru)
    post.refresh_from_db()
    return post


def _saved_from_solution(people, community):
    existing = Resource.objects.filter(source_post__community=community).first()
    if existing:
        return existing
    post = _solved_question(people, community)
    resource = Resource(**initial_from_post(post))
    resource.title = "Pecahan senilai dengan kertas lipat (jawaban diskusi)"
    resource.kind = Resource.Kind.ARTIKEL
    content = ContentFile(
        simple_pdf(
            "Lembar kerja: pecahan senilai dengan kertas lipat",
            [
                "1. Lipat kertas menjadi dua. Arsir satu bagian. Tulis pecahannya.",
                "2. Lipat lagi menjadi empat. Berapa bagian yang terarsir sekarang?",
                "3. Lipat lagi menjadi delapan. Apa yang kamu temukan?",
            ],
        ),
        name="lembar-kerja-kertas-lipat.pdf",
    )
    content.content_type = "application/pdf"
    return actions.do_save_from_post(
        resource=resource, post=post, by=people[FASILITATOR], file=content
    )
