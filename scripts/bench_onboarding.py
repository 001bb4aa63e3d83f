#!/usr/bin/env python
"""Time bulk onboarding: 10,000 teachers checked, imported and their invitations queued.

    .venv/bin/python scripts/bench_onboarding.py            # SQLite in a fresh temporary folder
    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_onboarding.py --rows 10000

Makes 300 schools and two communities, writes a CSV of ``--rows`` teachers (a third of them with
a community to join), then times, as the pages and the worker run them:

1. the check (``do_check_batch``: read, validate every row, keep the batch),
2. the import (``do_import_batch``: checked again, then accounts and enrolments in bulk, one
   transaction),
3. queueing the invitations (``queue_invitations``, what the worker's ``send_invitations`` task
   runs: one rendered mail per teacher in the outbox),
4. the same file imported again (every row an update, no new account),
with the number of queries of each. The budget (issue #18) is steps 1 to 3 under 60 s.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="kp-bench-onboarding-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
for name, value in (("DEBUG", "false"), ("SECRET_KEY", "benchmark-only"),
                    ("ALLOWED_HOSTS", "testserver"), ("STATIC_MANIFEST", "false"),
                    ("SITE_URL", "https://komunitas.test")):  # fmt: skip
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(label, func):
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:7.2f} s  {len(captured):6d} queries")
    return result, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    from django.conf import settings

    settings.ONBOARDING_MAX_ROWS = max(settings.ONBOARDING_MAX_ROWS, args.rows)
    call_command("migrate", verbosity=0)

    from komunitas.accounts.models import Regency, School, User
    from komunitas.communities.actions import do_start_community
    from komunitas.communities.models import Community
    from komunitas.onboarding.actions import do_check_batch, do_import_batch, queue_invitations

    regency = Regency.objects.get(code="34.04")
    dinas, _ = User.objects.get_or_create(
        email="dinas@bench.test",
        defaults={"full_name": "Dinas", "role": User.Role.DINAS, "regency": regency},
    )
    School.objects.bulk_create(
        [
            School(
                npsn=f"{40000000 + n}",
                name=f"SD Bench {n}",
                level="sd",
                status="negeri",
                regency=regency,
            )  # fmt: skip
            for n in range(300)
        ],
        ignore_conflicts=True,
    )
    slugs = []
    for n in range(2):
        slug = f"bench-{n}"
        if not Community.objects.filter(slug=slug).exists():
            do_start_community(community=Community(name=f"Bench {n}", slug=slug), by=dinas)
        slugs.append(slug)
    stamp = int(time.time())
    lines = ["nama,email,nuptk,npsn,peran,komunitas"]
    for n in range(args.rows):
        nuptk = f"{stamp % 10**6:06d}{n:010d}" if n % 2 else ""
        join = slugs[n % 2] if n % 3 == 0 else ""
        lines.append(
            f"Guru Uji {n},guru{stamp}.{n}@bench.test,{nuptk},{40000000 + n % 300},guru,{join}"
        )
    data = ("\n".join(lines) + "\n").encode("utf-8")
    print(f"{args.rows} rows, {len(data) / 1e6:.1f} MB, on {connection.vendor}")

    batch, check_s = timed("1. check (preview)", lambda: do_check_batch(
        data=data, file_name="bench.csv", by=dinas))  # fmt: skip
    assert batch.status == "checked", batch.errors[:5]
    batch, import_s = timed("2. import (one transaction)", lambda: do_import_batch(
        batch=batch, by=dinas))  # fmt: skip
    assert batch.created == args.rows, (batch.created, batch.errors[:5])
    queued, mail_s = timed("3. queue the invitations (worker)", lambda: queue_invitations(
        batch_id=batch.pk))  # fmt: skip
    assert queued == args.rows
    total = check_s + import_s + mail_s
    print(f"{'   total, steps 1-3':<44} {total:7.2f} s  (budget 60 s)")
    again = do_check_batch(data=data, file_name="bench-again.csv", by=dinas)
    again, again_s = timed("4. the same file imported again", lambda: do_import_batch(
        batch=again, by=dinas))  # fmt: skip
    assert (again.created, again.updated) == (0, args.rows)
    return 0 if total < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
