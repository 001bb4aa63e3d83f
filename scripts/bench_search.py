#!/usr/bin/env python
"""Search at district scale (DESIGN.md §4): ~200 communities, 5,000 members, 50,000 posts and
150,000 replies of made-up Indonesian text, then the CPU time of /cari/ requests.

    DEBUG=true DATA_DIR=/tmp/bench .venv/bin/komunitas migrate
    DEBUG=true DATA_DIR=/tmp/bench .venv/bin/python scripts/bench_search.py
    SEARCH_RANKED_WINDOW=2000 DEBUG=true ...   # another window than the setting's

Building the data takes a while (minutes); a second run reuses it. The text follows a Zipf
distribution over a real classroom vocabulary plus made-up words, so the common words (belajar,
murid, kelas) match most of the index: harsher than a real forum. With DATABASE_URL set it
measures PostgreSQL: then the wall time counts (the database works in its own process), not the
CPU time of this one.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from komunitas.accounts.models import User  # noqa: E402
from komunitas.communities.models import Community, Membership  # noqa: E402
from komunitas.discussions.models import Post, Reply  # noqa: E402
from komunitas.search.index import reindex  # noqa: E402
from komunitas.search.query import ranked_window  # noqa: E402

rnd = random.Random(7)
BASE = """belajar pembelajaran murid guru kelas asesmen diagnostik diferensiasi berdiferensiasi
numerasi literasi membaca menulis berhitung kurikulum merdeka projek profil pelajar pancasila
refleksi praktik baik tantangan kekhawatiran pertanyaan jawaban solusi media kartu permainan
kelompok kesiapan minat gaya evaluasi rubrik portofolio orang tua sekolah kepala pengawas fase
modul ajar capaian tujuan alur kegiatan diskusi presentasi lembar kerja tugas rumah motivasi
disiplin positif restitusi kebutuhan khusus inklusi bahasa matematika sains ipas seni olahraga
agama teknologi digital daring luring video gambar buku cerita perpustakaan"""
SYLLABLES = "ba ka la ma na pa ra sa ta ja ga da ngi nya ku mu ri si te pe".split()  # noqa: SIM905
MADE_UP = ["".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))) for _ in range(6000)]
VOCABULARY = BASE.split() + MADE_UP
WEIGHTS = [1 / (i + 1) ** 0.9 for i in range(len(VOCABULARY))]


def text(n: int) -> str:
    return " ".join(rnd.choices(VOCABULARY, WEIGHTS, k=n))


def build() -> None:
    started = time.time()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"u{i}@bench.test", full_name=f"Guru {i}") for i in range(5000)]
        )
        communities = Community.objects.bulk_create(
            [
                Community(
                    name=f"Komunitas {i} {text(2)}",
                    slug=f"bench-{i}",
                    domain=text(6),
                    visibility="private" if i % 5 == 0 else "public",
                )
                for i in range(200)
            ]
        )
        Membership.objects.bulk_create(
            [
                Membership(community=community, user=user)
                for user in users
                for community in rnd.sample(communities, 3)
            ],
            batch_size=2000,
        )
        now = timezone.now()
        posts = Post.objects.bulk_create(
            [
                Post(
                    community=rnd.choice(communities),
                    author=rnd.choice(users),
                    kind=rnd.choice(Post.Kind.values),
                    title=text(rnd.randint(4, 10)),
                    body=text(rnd.randint(30, 150)),
                    created_at=now - timezone.timedelta(minutes=i),
                )
                for i in range(50_000)
            ],
            batch_size=2000,
        )
        Reply.objects.bulk_create(
            [
                Reply(
                    post=rnd.choice(posts), author=rnd.choice(users), body=text(rnd.randint(10, 80))
                )
                for _ in range(150_000)
            ],
            batch_size=2000,
        )
    print(f"data built in {time.time() - started:.0f} s")
    started = time.time()
    print(reindex(), f"indexed in {time.time() - started:.0f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: without statistics PostgreSQL takes a very
        # common word for a rare one and plans accordingly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


QUERIES = [
    "belajar",
    "asesmen diagnostik",
    "pembelajaran berdiferensiasi",
    "numerasi kelas",
    "modul ajar",
    "orang tua murid",
    "kartu permainan",
    "refleksi",
    "literasi membaca",
    "solusi tantangan disiplin",
    "kasilana",
    "rida pembelajaran",
    "zzzz",
]
FILTERS = [
    {"sort": "newest"},
    {"kind": "discussions.post:question"},
    {"solved": "no"},
    {"community": "2"},
    {"page": "3"},
]


def measure() -> None:
    if os.environ.get("SEARCH_RANKED_WINDOW"):
        settings.SEARCH_RANKED_WINDOW = int(os.environ["SEARCH_RANKED_WINDOW"])
    print(f"window {ranked_window()}, load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(email="u17@bench.test"))
    times, labels, walls = [], [], []
    # A server's process has its code and templates loaded: the first request of this one (over
    # half a second, imports and template parsing) is not timed.
    client.get("/cari/", {"q": "pemanasan"})

    def get(params) -> tuple[float, int]:
        started, wall = time.process_time(), time.perf_counter()
        response = client.get("/cari/", params)
        assert response.status_code == 200, response.status_code
        walls.append((time.perf_counter() - wall) * 1000)
        return (time.process_time() - started) * 1000, response.context["page"].paginator.count

    for words in QUERIES:
        runs = [get({"q": words}) for _ in range(3)]
        times += [ms for ms, _n in runs]
        labels += [words] * 3
        first, best = runs[0][0], min(ms for ms, _n in runs)
        print(f"{words!r:34} {runs[0][1]:7d} results {best:7.1f} ms (first {first:.1f} ms)")
    for words in ("belajar", "asesmen"):
        for extra in FILTERS:
            ms, n = get({"q": words, **extra})
            times.append(ms)
            labels.append(f"{words} {extra}")
            print(f"{words!r:12} {extra!s:45} {n:7d} results {ms:7.1f} ms")
    slowest = sorted(zip(times, labels, strict=True), reverse=True)[:4]
    print("slowest:", ", ".join(f"{label} {ms:.0f} ms" for ms, label in slowest))
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    p50 = statistics.median(times)
    print(f"CPU time of {len(times)} requests: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    walls.sort()
    wall50, wall95 = statistics.median(walls), walls[int(len(walls) * 0.95)]
    # On PostgreSQL the database works in its own process: the wall time includes it.
    print(f"wall time (with the database server's work): p50 {wall50:.0f} ms, p95 {wall95:.0f} ms")
    print(f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    if not Post.objects.exists():
        build()
    measure()
