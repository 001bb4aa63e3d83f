#!/usr/bin/env python
"""The write path under load: 64 members posting replies at once through gunicorn on SQLite.

    .venv/bin/python scripts/write_path.py           # 64 writers, 60 s, 2 workers × 4 threads
    .venv/bin/python scripts/write_path.py --writers 16 --seconds 20
    .venv/bin/python scripts/write_path.py --copy-of $TMPDIR/komunitas-district/komunitas.sqlite3

It makes a new site in a temporary folder (migrated SQLite file, one community, one question,
``--writers`` members), serves it with gunicorn as production does, and lets each writer (a
thread here, with its own session) post replies to the question for ``--seconds``: every reply
a new form submission (its own ``submission`` key) with a unique body. Then it reads the
database and reports, as JSON:

- ``acknowledged``: replies the site answered with its redirect (the member saw "sent");
- ``lost``: acknowledged replies not in the database; ``duplicated``: bodies stored twice;
- ``database_locked``: "database is locked" in the server's log, ``errors``: other answers;
- ``p50_ms``, ``p95_ms``: the time of a reply's POST as the writer saw it;
- the machine's load average before and after (others share it: say it with the numbers).

Target (issue #21): 0 locked, 0 lost, 0 duplicated, p95 under 300 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "tulis-balasan-2026"  # noqa: S105  (members of a throwaway site)


def setup(count: int) -> None:
    """In the site's own process: the community, its question and the writers (JSON out)."""
    import django

    django.setup()
    from komunitas.accounts.models import User
    from komunitas.communities.actions import do_add_member, do_start_community
    from komunitas.communities.models import Community
    from komunitas.discussions.actions import do_create_post

    def user(email, name):
        return User.objects.create_user(
            email, PASSWORD, full_name=name, email_verified_at=django.utils.timezone.now()
        )

    fasilitator = user("fasilitator@write.test", "Fasilitator Tulis")
    community = do_start_community(
        community=Community(name="Komunitas Tulis", slug="tulis"), by=fasilitator
    )
    writers = []
    for i in range(count):
        person = user(f"penulis{i}@write.test", f"Penulis {i}")
        do_add_member(community=community, user=person)
        writers.append(person.email)
    post = do_create_post(author=fasilitator, community=community, kind="question", title="Tanya")
    print(json.dumps({"post": post.pk, "writers": writers}))


class Session:
    """A member's browser over plain HTTP: cookies, the CSRF token, a new key per reply."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    def csrf(self, path) -> str:
        status, html = self.request("GET", path)
        assert status == 200, (path, status)
        return unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))

    def login(self, email):
        token = self.csrf("/akun/masuk/")
        status, _ = self.request(
            "POST",
            "/akun/masuk/",
            {"csrfmiddlewaretoken": token, "email": email, "password": PASSWORD},
        )
        assert status == 302, status


def writer(port, email, post, until, results, lock):
    session = Session(port)
    session.login(email)
    token = session.csrf(f"/diskusi/{post}/")
    n = 0
    while time.monotonic() < until:
        body = f"{email.split('@')[0]} balasan {n}"
        fields = {
            "csrfmiddlewaretoken": token,
            "submission": uuid.uuid4().hex,
            "draft_key": f"reply:{post}",
            "body": body,
        }
        start = time.perf_counter()
        try:
            status, _ = session.request("POST", f"/diskusi/{post}/balas/", fields)
        except OSError as error:
            status = f"error {error}"
        took = (time.perf_counter() - start) * 1000
        with lock:
            results.append((status, body, took))
        n += 1


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":  # in the site's own process
        setup(int(sys.argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--copy-of",
        type=Path,
        help="start from a copy of this migrated SQLite file (e.g. the district data set) "
        "instead of migrating a new one",
    )
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="komunitas-writes-"))
    (data_dir / "static").mkdir()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "SECRET_KEY": "write-path-" + "w" * 60,
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_MANIFEST": "false",
        "ALLOWED_HOSTS": "127.0.0.1,komunitas.test",
        "SITE_URL": "https://komunitas.test",
        "DATABASE_URL": "",
        "DISCUSSIONS_REPLIES_PER_HOUR": "1000000",
        "DJANGO_SETTINGS_MODULE": "komunitas.settings",
        "PYTHONPATH": str(ROOT),
    }
    run = {"env": env, "check": True, "capture_output": True, "text": True}
    if args.copy_of:
        with (
            sqlite3.connect(args.copy_of) as source,
            sqlite3.connect(data_dir / "komunitas.sqlite3") as target,
        ):
            source.backup(target)
    else:
        subprocess.run([sys.executable, "-m", "komunitas", "migrate", "--no-input"], **run)
    made = subprocess.run([sys.executable, __file__, "--setup", str(args.writers)], **run)
    setup_data = json.loads(made.stdout.strip().splitlines()[-1])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(data_dir / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "komunitas.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(args.workers), "--threads", str(args.threads),
         "--timeout", "120"],
        env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        load_before = os.getloadavg()
        results: list = []
        lock = threading.Lock()
        until = time.monotonic() + 5 + args.seconds  # logging in first
        threads = [
            threading.Thread(target=writer, args=(port, email, setup_data["post"], until,
                                                  results, lock))
            for email in setup_data["writers"]
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()

    with sqlite3.connect(data_dir / "komunitas.sqlite3") as db:
        stored: dict[str, int] = {}
        for (body,) in db.execute(
            "SELECT body FROM discussions_reply WHERE post_id = ?", [setup_data["post"]]
        ):
            stored[body] = stored.get(body, 0) + 1
    acknowledged = [body for status, body, _ms in results if status == 302]
    times = [ms for status, _body, ms in results if status == 302]
    server_log = (data_dir / "gunicorn.log").read_text(errors="replace")
    report = {
        "writers": args.writers,
        "seconds": args.seconds,
        "gunicorn": f"{args.workers} workers × {args.threads} threads",
        "cpus": os.cpu_count(),
        "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
        "attempts": len(results),
        "acknowledged": len(acknowledged),
        "errors": sum(1 for status, _b, _ms in results if status != 302),
        "database_locked": server_log.count("database is locked"),
        "lost": sum(1 for body in acknowledged if body not in stored),
        "duplicated": sum(1 for n in stored.values() if n > 1),
        "p50_ms": round(percentile(times, 50), 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
        "replies_per_second": round(len(acknowledged) / args.seconds, 1),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
