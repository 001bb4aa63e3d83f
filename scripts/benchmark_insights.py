#!/usr/bin/env python
"""Time the insights dashboards on a district-scale data set (DESIGN.md §4).

    .venv/bin/python scripts/benchmark_insights.py     # DATA_DIR=… for another folder

Builds (once, in DATA_DIR's SQLite database, by default the folder shared with
``benchmark.py --district``) the district-scale data set of ``scripts/district.py``: about 5,000
members in 300 schools, 200 communities, 200,000 posts and replies over a year, 200,000 reading
days, 5,000 "applied in class" records and 500 stories, and what the other apps need; then
requests each dashboard through Django's test client and
prints the median and p95 server time and the number of queries, with the figures cached (what
a visitor pays after the first visit of the day) and with the cache cleared (the first visit).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from district import build, default_data_dir  # noqa: E402  (scripts/district.py)

os.environ.setdefault("DATA_DIR", str(default_data_dir()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
# Production settings (DEBUG off: cached templates), served over plain http to the test client.
for name, value in (("DEBUG", "false"), ("SECRET_KEY", "benchmark-only"),
                    ("SECURE_SSL_REDIRECT", "false"), ("ALLOWED_HOSTS", "testserver"),
                    ("STATIC_MANIFEST", "false")):  # fmt: skip
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 20


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
