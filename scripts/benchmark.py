#!/usr/bin/env python
"""CPU time of the main pages against a floor page, p50 and p95, on the demo or at district scale.

    .venv/bin/python scripts/benchmark.py              # fresh SQLite demo in a temporary folder
    .venv/bin/python scripts/benchmark.py --district   # the district-scale data set (DESIGN.md §4)
    .venv/bin/python scripts/benchmark.py --district --json     # the same, as JSON
    .venv/bin/python scripts/benchmark.py --database postgres   # district data set in PostgreSQL
    .venv/bin/python scripts/benchmark.py -n 200       # more requests per page
    .venv/bin/python scripts/benchmark.py --district --only Thread --profile 20

The demo: it migrates a new database, collects the static files and builds the demo
(``komunitas demo``). ``--district``: it builds, once, the data set of ``scripts/district.py``
(about 5,000 members, 200 communities, 200,000 posts and replies, meetings, the library,
learning plans, notifications, the search index) in ``DATA_DIR`` (by default a folder in the
temporary directory, shared with ``benchmark_insights.py``) and reuses it on later runs: the
first build takes a few minutes, a rerun starts at once. ``--database postgres`` builds the same
data set, once, into the PostgreSQL database ``BENCH_POSTGRES_URL`` (created if missing; by
default ``postgres://postgres@127.0.0.1:5432/komunitas_bench``) and measures there.

The floor: in the same process and the same run, before the pages, a page served only here
(``/__floor__/``, added to the URLs in this process) that reads 20 rows through the ORM and
renders them with a template, nothing else, behind the same middleware. Every page's CPU p95 is
given as a ratio to the floor's: absolute times move with the machine's load, the ratios hold
(docs/performance.md).

Then it asks every page ``-n`` times in-process through Django's test client with production
settings (``DEBUG`` off, real middleware, the cached template loader), as the person the page
is for, and prints a Markdown table with the load average of the machine (``--json``: a JSON
object ``{"floor": {"cpu_p95_ms": …}, "pages": {"<name>": {"cpu_p95_ms": …, "ratio": …,
"queries": …}}}``, the progress on stderr). The time is the server's, from the request entering
Django to the response leaving it: no network, no browser; the database connection is closed
after each request when a WSGI server would close it (``DB_CONN_MAX_AGE``; Django's test client
alone never does). The CPU time of the process is what the ratios use: on a busy machine the
wall time includes waiting for a CPU, the CPU time does not (but it leaves out waiting for the
disk; SQLite runs in the process, so its work is in it, PostgreSQL's is not).

``--profile N`` runs each chosen page under cProfile instead and prints its N costliest
functions; ``--queries`` prints each page's SQL with its time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pages(p: dict) -> list[tuple[str, str, object]]:
    """(label, path, who) for every main page of every app; ``p`` names the personas."""
    slug, post, meeting = p["community"].slug, p["long_post"].pk, p["meeting"].pk
    member, fasilitator, dinas, operator = p["member"], p["fasilitator"], p["dinas"], p["operator"]
    return [
        ("Home", "/", member),
        ("Discover communities", "/k/", member),
        ("Community home", f"/k/{slug}/", member),
        ("Member directory", f"/k/{slug}/anggota/", fasilitator),
        ("Community settings", f"/k/{slug}/pengaturan/", fasilitator),
        ("Join requests", f"/k/{slug}/permintaan/", fasilitator),
        ("Invitations", f"/k/{slug}/undangan/", fasilitator),
        ("Community map (own)", "/k/peta/", fasilitator),
        ("District map", "/k/wilayah/34.04/", dinas),
        ("District stakeholders", "/k/wilayah/34.04/pemangku/", dinas),
        ("Moderation: reports", "/k/moderasi/", operator),
        ("Moderation: log", "/k/moderasi/log/", operator),
        ("Profile form", "/akun/profil/", member),
        ("Discussions of a community", f"/k/{slug}/diskusi/", member),
        ("My discussions feed", "/diskusi/", member),
        ("Thread, 20 replies", f"/diskusi/{p['short_post'].pk}/", member),
        ("Thread, 50 replies (one page of 300)", f"/diskusi/{post}/", member),
        ("Write a post", f"/k/{slug}/diskusi/tulis/question/", member),
        ("Meetings of a community", f"/k/{slug}/pertemuan/", member),
        ("A meeting", f"/pertemuan/{meeting}/", member),
        ("Attendance of a meeting", f"/pertemuan/{meeting}/presensi/", fasilitator),
        ("My action items", "/tindak-lanjut/", member),
        ("Library", "/pustaka/", member),
        ("Library: subject and phase", "/pustaka/?subject=matematika&phase=B", member),
        ("Library: words", "/pustaka/?q=pecahan", member),
        ("Resource", f"/pustaka/{p['resource'].pk}/", member),
        ("Collections", "/pustaka/koleksi/", member),
        ("Learning (journeys)", "/belajar/", member),
        ("Learning plans", "/belajar/rencana/", member),
        ("Reflections", "/belajar/refleksi/", member),
        ("Notifications", "/notifikasi/", member),
        ("Search", "/cari/?q=asesmen+diagnostik", member),
        ("Insights: district", "/wawasan/daerah/34.04/", dinas),
        ("Insights: school", f"/wawasan/sekolah/{p['kepsek'].school_id}/", p["kepsek"]),
        ("Insights: community", f"/wawasan/komunitas/{slug}/", fasilitator),
        ("Insights: members", f"/wawasan/k/{slug}/anggota/", fasilitator),
        ("Insights: stories", "/wawasan/cerita/", dinas),
    ]


def demo_personas() -> dict:
    from django.db.models import Count

    from komunitas.accounts.models import User
    from komunitas.communities.models import Community
    from komunitas.discussions.models import Post
    from komunitas.meetings.models import Meeting
    from komunitas.pustaka.models import Resource

    community = Community.objects.get(slug="pembelajaran-berdiferensiasi")
    return {
        "community": community,
        "fasilitator": User.objects.get(email="penggerak@demo.test"),
        "member": User.objects.get(email="guru@demo.test"),
        "dinas": User.objects.get(email="dinas@demo.test"),
        "kepsek": User.objects.get(email="kepsek@demo.test"),
        "operator": User.objects.get(email="admin@demo.test"),
        "long_post": Post.objects.filter(community=community)
        .annotate(n=Count("replies"))
        .order_by("-n", "pk")
        .first(),
        "short_post": Post.objects.filter(community=community)
        .annotate(n=Count("replies"))
        .order_by("-n", "pk")[1],
        "meeting": Meeting.objects.filter(community=community).order_by("starts_at").first(),
        "resource": Resource.objects.order_by("pk").first(),
    }


def count_dashboards(page_list) -> None:
    """Store the insights dashboards' snapshots first: the pages are measured as a visitor
    after the first of the day sees them (``benchmark_insights.py`` times the counting)."""
    from komunitas.insights.dashboard import store
    from komunitas.insights.period import Period
    from komunitas.insights.scope import resolve

    for _label, path, _who in page_list:
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "wawasan" and parts[1] != "k":
            store(resolve(parts[1], parts[2]), Period.last())


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


FLOOR_PATH = "/__floor__/"
FLOOR_TEMPLATE = """<!doctype html><html lang="id"><head><title>Floor</title></head><body><ul>
{% for community in communities %}<li><a href="/k/{{ community.slug }}/">{{ community.name }}</a>
 {{ community.created_at|date:"j M Y" }}</li>{% endfor %}</ul></body></html>"""


def floor(request):
    """The floor: the simplest useful Django page. It reads 20 rows through the ORM and
    renders them with a (compiled once, as the cached loader does) template, nothing else; it
    runs behind the same middleware as every page (session, user, CSRF, security headers)."""
    from django.http import HttpResponse
    from django.template import engines

    from komunitas.communities.models import Community

    template = _floor_template.get("t") or _floor_template.setdefault(
        "t", engines["django"].from_string(FLOOR_TEMPLATE)
    )
    rows = Community.objects.order_by("pk")[:20]
    return HttpResponse(template.render({"communities": rows}, request))


_floor_template: dict = {}


def use_floor_urls() -> None:
    """Serve the floor page at FLOOR_PATH in this process only: the site's URLs plus one."""
    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    import komunitas.urls

    module = sys.modules[__name__]
    module.urlpatterns = [
        path(FLOOR_PATH.strip("/") + "/", floor),
        path("", include(komunitas.urls)),
    ]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        if hasattr(komunitas.urls, name):
            setattr(module, name, getattr(komunitas.urls, name))
    settings.ROOT_URLCONF = __name__
    clear_url_caches()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--warm-up", type=int, default=5, help="untimed requests first")
    parser.add_argument("--district", action="store_true", help="the district-scale data set")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="",
        help="postgres: load the district data set into PostgreSQL (BENCH_POSTGRES_URL, by "
        "default postgres://postgres@127.0.0.1:5432/komunitas_bench) and measure there",
    )
    parser.add_argument("--only", default="", help="only the pages whose label contains this")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile, top N")
    parser.add_argument("--queries", action="store_true", help="print each page's queries")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    if args.database == "postgres":
        args.district = True
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/komunitas_bench"
        )
        _create_postgres_database(os.environ["DATABASE_URL"])
    elif args.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    if args.district:
        from district import default_data_dir  # scripts/district.py

        os.environ.setdefault("DATA_DIR", str(default_data_dir()))
    else:
        os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="komunitas-bench-"))
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
    say = (lambda *a, **k: print(*a, **k, file=sys.stderr)) if args.json else print

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.template import engines
    from django.test import Client

    where = os.environ.get("DATABASE_URL") or os.environ["DATA_DIR"]
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if args.district:
        from district import build, personas

        say(f"The district-scale data set in {where} …")
        build(log=say)
        people = personas()
    else:
        say(f"Building the demo in {where} …")
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        people = demo_personas()
    page_list = [page for page in pages(people) if args.only.lower() in page[0].lower()]
    count_dashboards(page_list)
    loaders = str(engines["django"].engine.loaders)  # template_partials wraps the cached one
    assert not settings.DEBUG and "loaders.cached.Loader" in loaders, "not production settings"

    import komunitas.wsgi  # noqa: F401  (start as the server does: URLs loaded, gc.freeze())

    use_floor_urls()
    member = people["member"]
    clients: dict[int, Client] = {}
    results = []
    load_before = os.getloadavg()
    for label, path, who in [("Floor", FLOOR_PATH, member), *page_list]:
        if who.pk not in clients:
            clients[who.pk] = Client()
            clients[who.pk].force_login(who)
        client = clients[who.pk]
        for _ in range(args.warm_up):
            response = client.get(path, secure=True)
            close_old_connections()
        if response.status_code != 200:
            say(f"{path} answered {response.status_code} for {who.email}")
            return 1
        if args.queries:
            show_queries(label, client, path)
        if args.profile and path != FLOOR_PATH:
            profile(label, client, path, args)
        if args.profile or args.queries:
            continue
        captured: list[str] = []
        with connection.execute_wrapper(_counting(captured)):  # survives the reconnections
            client.get(path, secure=True)
        close_old_connections()
        samples, cpu = [], []
        for _ in range(args.n):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path, secure=True)
            close_old_connections()  # what a WSGI server's request_finished does
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        results.append(
            {
                "label": label,
                "path": path,
                "p50_ms": statistics.median(samples),
                "p95_ms": percentile(samples, 95),
                "cpu_p50_ms": statistics.median(cpu),
                "cpu_p95_ms": percentile(cpu, 95),
                "queries": len(captured),
            }
        )
    if args.profile or args.queries:
        return 0

    load_after = os.getloadavg()
    floor_row, rows = results[0], results[1:]
    for row in rows:
        row["ratio"] = row["cpu_p95_ms"] / floor_row["cpu_p95_ms"]
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    data = "district-scale data set" if args.district else "demo"
    if args.json:
        keys = ("path", "p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms", "ratio", "queries")
        print(
            json.dumps(
                {
                    "database": database,
                    "data": data,
                    "requests_per_page": args.n,
                    "cpus": os.cpu_count(),
                    "load_average": [round(load_before[0], 2), round(load_after[0], 2)],
                    "floor": {k: round(v, 2) if isinstance(v, float) else v
                              for k, v in floor_row.items() if k in keys},
                    "pages": {
                        row["label"]: {k: round(row[k], 2) if isinstance(row[k], float) else row[k]
                                       for k in keys}
                        for row in rows
                    },
                },
                indent=2,
                ensure_ascii=False,
            )
        )  # fmt: skip
        return 0
    print(f"\n{args.n} requests per page, {data}, {database}, {os.cpu_count()} CPUs, load average")
    print(f"{load_before[0]:.1f} at the start and {load_after[0]:.1f} at the end")
    print(
        f"Floor: CPU p50 {floor_row['cpu_p50_ms']:.1f} ms, p95 {floor_row['cpu_p95_ms']:.1f} ms, "
        f"{floor_row['queries']} queries\n"
    )
    print("| page | queries | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | × floor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['label']} | {row['queries']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['cpu_p50_ms']:.1f} | {row['cpu_p95_ms']:.1f} | {row['ratio']:.1f} |"
        )
    return 0


def _counting(captured: list):
    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    return count


def _create_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database if it is not there (the data set is then
    built into it once, as on SQLite, and reused)."""
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def show_queries(label: str, client, path: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path, secure=True)
    print(f"\n=== {label} `{path}`: {len(captured)} queries")
    for query in captured:
        print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:4000]}")


def profile(label: str, client, path: str, args) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(max(args.n // 5, 5)):
        client.get(path, secure=True)
    profiler.disable()
    print(f"\n=== {label} `{path}`")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    sys.exit(main())
