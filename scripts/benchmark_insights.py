#!/usr/bin/env python
"""Time the insights dashboards on a district-scale data set (DESIGN.md §4).

    DATA_DIR=/tmp/komunitas-bench DEBUG=true .venv/bin/python scripts/benchmark_insights.py

Builds (once, in DATA_DIR's SQLite database) a district of about 5,000 members in 300 schools,
200 communities, 200,000 posts and replies over a year, 200,000 reading days, 5,000 "applied in
class" records and 500 stories; then requests each dashboard through Django's test client and
prints the median and p95 server time and the number of queries, with the figures cached (what
a visitor pays after the first visit of the day) and with the cache cleared (the first visit).
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
# Production settings (DEBUG off: cached templates), served over plain http to the test client.
for name, value in (("DEBUG", "false"), ("SECRET_KEY", "benchmark-only"),
                    ("SECURE_SSL_REDIRECT", "false"), ("ALLOWED_HOSTS", "testserver"),
                    ("STATIC_MANIFEST", "false")):  # fmt: skip
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

MEMBERS, SCHOOLS, COMMUNITIES = 5000, 300, 200
POSTS, REPLIES, READS, APPLICATIONS, STORIES = 50_000, 150_000, 200_000, 5000, 500
RUNS = 20


def build():
    from django.contrib.contenttypes.models import ContentType

    from komunitas.accounts.models import Regency, School, User
    from komunitas.communities.models import Community, Membership
    from komunitas.discussions.models import ClassroomApplication, Post, Reply
    from komunitas.insights.models import ReadActivity, Story

    if Community.objects.filter(slug="bench-0").exists():
        return
    rng = random.Random(4)
    sleman = Regency.objects.get(code="34.04")
    now = timezone.now()
    with transaction.atomic():
        schools = School.objects.bulk_create(
            School(npsn=f"{50000000 + i}", name=f"SD Bench {i}", level="sd", status="negeri",
                   regency=sleman)
            for i in range(SCHOOLS)
        )  # fmt: skip
        users = User.objects.bulk_create(
            User(email=f"bench{i}@bench.test", full_name=f"Guru {i}", role="guru",
                 school=schools[i % (SCHOOLS - 20)], password="!", regency=sleman)  # noqa: S106
            for i in range(MEMBERS)
        )  # fmt: skip
        User.objects.bulk_create([
            User(email="dinas@bench.test", full_name="Dinas", role="dinas", regency=sleman),
            User(email="kepsek@bench.test", full_name="Kepsek", role="kepala_sekolah",
                 school=schools[0]),
        ])  # fmt: skip
        communities = Community.objects.bulk_create(
            Community(name=f"Komunitas {i}", slug=f"bench-{i}", domain="Diferensiasi",
                      regency=sleman, kind=rng.choice(["sekolah", "antar_sekolah", "daring"]),
                      stage=rng.choice(["merintis", "menumbuhkan", "merawat"]),
                      visibility="private" if i % 10 == 0 else "public")
            for i in range(COMMUNITIES)
        )  # fmt: skip
        members: dict[int, list] = {c.pk: [] for c in communities}
        rows = []
        for i, user in enumerate(users):
            for community in rng.sample(communities, k=1 + i % 3):
                role = "fasilitator" if not members[community.pk] else "anggota"
                members[community.pk].append(user)
                joined = now - datetime.timedelta(days=rng.randint(0, 400))
                rows.append(Membership(community=community, user=user, role=role,
                                       joined_at=joined))  # fmt: skip
        Membership.objects.bulk_create(rows, batch_size=5000)
        filled = [c for c in communities if members[c.pk]]

        def moment():
            return now - datetime.timedelta(minutes=rng.randint(0, 365 * 24 * 60))

        posts = []
        for _i in range(POSTS):
            c = rng.choice(filled)
            created = moment()
            kind = rng.choice(["question", "question", "challenge", "good_practice", "reflection",
                               "concern"])  # fmt: skip
            posts.append(Post(community=c, author=rng.choice(members[c.pk]), kind=kind,
                              title="Bagaimana membagi kelompok?", body="…", created_at=created,
                              last_activity_at=created,
                              first_reply_at=created + datetime.timedelta(hours=rng.randint(1, 72))
                              if rng.random() < 0.8 else None,
                              solved_at=created + datetime.timedelta(days=3)
                              if rng.random() < 0.4 else None))  # fmt: skip
        posts = Post.objects.bulk_create(posts, batch_size=5000)
        Reply.objects.bulk_create(
            (Reply(post=p, author=rng.choice(members[p.community_id]), body="Coba ini.",
                   created_at=p.created_at + datetime.timedelta(hours=rng.randint(1, 200)))
             for p in (rng.choice(posts) for _i in range(REPLIES))),
            batch_size=5000,
        )  # fmt: skip
        today = timezone.localdate()
        ReadActivity.objects.bulk_create(
            (ReadActivity(user=rng.choice(users), community=rng.choice(filled),
                          day=today - datetime.timedelta(days=rng.randint(0, 365)))
             for _i in range(READS)),
            batch_size=5000, ignore_conflicts=True,
        )  # fmt: skip
        post_type = ContentType.objects.get_for_model(Post)
        ClassroomApplication.objects.bulk_create(
            (ClassroomApplication(member=rng.choice(users), community_id=p.community_id,
                                  target_type=post_type, target_id=p.pk, applied_on=today,
                                  class_name="4A", what_happened="…",
                                  outcome=rng.choice(["better", "same", "worse"]),
                                  created_at=p.created_at + datetime.timedelta(days=5))
             for p in (rng.choice(posts) for _i in range(APPLICATIONS))),
            batch_size=5000,
        )  # fmt: skip
        Story.objects.bulk_create(
            (Story(community=c, author=rng.choice(members[c.pk]), title="Cerita",
                   activity="…", gained="…", applied="…", changed="…",
                   shared_with_partners=rng.random() < 0.5, created_at=moment())
             for c in (rng.choice(filled) for _i in range(STORIES))),
            batch_size=5000,
        )  # fmt: skip


def measure(client, url, *, cold: bool) -> tuple[float, float, int, float]:
    from komunitas.insights.models import Snapshot

    times, cpu, queries = [], [], 0
    for _i in range(RUNS if not cold else 5):
        if cold:
            Snapshot.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    cpu.sort()
    return (
        statistics.median(times),
        p95,
        queries,
        cpu[min(len(cpu) - 1, round(0.95 * (len(cpu) - 1)))],
    )


def main():
    from komunitas.accounts.models import User
    from komunitas.communities.models import Membership

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build()
    print(f"data set ready in {time.perf_counter() - started:.0f} s")
    client = Client()
    dinas = User.objects.get(email="dinas@bench.test")
    kepsek = User.objects.get(email="kepsek@bench.test")
    busiest = (
        Membership.objects.filter(role="fasilitator", community__visibility="public")
        .select_related("community", "user")
        .first()
    )
    pages = [
        (dinas, "district (dinas)", "/wawasan/daerah/34.04/"),
        (kepsek, "school (kepala sekolah)", f"/wawasan/sekolah/{kepsek.school_id}/"),
        (busiest.user, "community (fasilitator)", f"/wawasan/komunitas/{busiest.community.slug}/"),
        (busiest.user, "members one by one", f"/wawasan/k/{busiest.community.slug}/anggota/"),
        (dinas, "stories", "/wawasan/cerita/"),
    ]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("wall ms: median / p95; CPU ms p95 (the server time on an idle machine); queries")
    head = ("page", "from the snapshot", "counting (first visit)")
    print(f"{head[0]:26} {head[1]:>32} {head[2]:>32}")
    for user, name, url in pages:
        client.force_login(user)
        client.get(url)
        warm = measure(client, url, cold=False)
        cold = measure(client, url, cold=True)
        print(f"{name:26} {warm[0]:>9.1f} / {warm[1]:6.1f} {warm[3]:7.1f} {warm[2]:>4}"
              f" {cold[0]:>9.1f} / {cold[1]:6.1f} {cold[3]:7.1f} {cold[2]:>4}")  # fmt: skip


if __name__ == "__main__":
    main()
