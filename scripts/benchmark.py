#!/usr/bin/env python
"""Server time of the main pages, p50 and p95, on the demo district.

    .venv/bin/python scripts/benchmark.py              # fresh SQLite demo in a temporary folder
    .venv/bin/python scripts/benchmark.py -n 200       # more requests per page
    DATABASE_URL=postgres://… scripts/benchmark.py     # on PostgreSQL (the database is rebuilt)

It migrates a new database, collects the static files, builds the demo (``komunitas demo``),
and asks every page ``-n`` times in-process through Django's test client with production
settings (``DEBUG`` off, real middleware, templates cached), as the person the page is for.
The time is the server's, from the request entering Django to the response leaving it: no
network, no browser. It prints a Markdown table for the README. Budget (DESIGN.md §4): p95 ≤
50 ms on a district-scale data set; the demo is much smaller, so these figures are a floor, not
the district-scale measurement.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (label, path, who): who is the demo account the page is for.
PAGES = [
    ("Home", "/", "guru@demo.test"),
    ("Discover communities", "/k/", "guru@demo.test"),
    ("Community home", "/k/pembelajaran-berdiferensiasi/", "guru@demo.test"),
    ("Member directory", "/k/pembelajaran-berdiferensiasi/anggota/", "penggerak@demo.test"),
    ("Community settings", "/k/pembelajaran-berdiferensiasi/pengaturan/", "penggerak@demo.test"),
    ("Join requests", "/k/pembelajaran-berdiferensiasi/permintaan/", "penggerak@demo.test"),
    ("Invitations", "/k/pembelajaran-berdiferensiasi/undangan/", "penggerak@demo.test"),
    ("Community map (own)", "/k/peta/", "penggerak@demo.test"),
    ("District map", "/k/wilayah/34.04/", "dinas@demo.test"),
    ("District stakeholders", "/k/wilayah/34.04/pemangku/", "dinas@demo.test"),
    ("Moderation: reports", "/k/moderasi/", "admin@demo.test"),
    ("Moderation: log", "/k/moderasi/log/", "admin@demo.test"),
    ("Profile form", "/akun/profil/", "guru@demo.test"),
    ("Notifications", "/notifikasi/", "guru@demo.test"),
]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--warm-up", type=int, default=5, help="untimed requests first")
    args = parser.parse_args()

    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="komunitas-bench-"))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from komunitas.accounts.models import User

    print(f"Building the demo in {os.environ.get('DATABASE_URL') or os.environ['DATA_DIR']} …")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    clients: dict[str, Client] = {}
    rows = []
    for label, path, who in PAGES:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(email=who))
        client = clients[who]
        for _ in range(args.warm_up):
            response = client.get(path, secure=True)
        if response.status_code != 200:
            print(f"{path} answered {response.status_code} for {who}", file=sys.stderr)
            return 1
        samples = []
        for _ in range(args.n):
            start = time.perf_counter()
            client.get(path, secure=True)
            samples.append((time.perf_counter() - start) * 1000)
        rows.append((label, path, statistics.median(samples), percentile(samples, 95)))

    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"\n{args.n} requests per page, {database}, {os.cpu_count()} CPUs\n")
    print("| page | path | p50 ms | p95 ms |")
    print("|---|---|---:|---:|")
    for label, path, p50, p95 in rows:
        print(f"| {label} | `{path}` | {p50:.1f} | {p95:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
