#!/usr/bin/env python
"""Benchmark: one event in a community of 5,000 members, from the request to the last mail.

Not a timed test: it prints the figures reported in README.md. It builds a fresh database
(a temporary SQLite file, or the PostgreSQL database named by --database, which it empties),
makes a community with N members, and measures

1. the "request": recording the event in its transaction (what a view pays), for N and for 5;
2. the fan-out task: permission checks and one notification per member, with its query count;
3. the delivery of every mail by ``komunitas worker --batch`` (locmem mail backend), when all
   members want the kind at once — the worst case; by default community activity goes in the
   daily digest.

    .venv/bin/python scripts/bench_fanout.py                       # SQLite
    .venv/bin/python scripts/bench_fanout.py --database postgres://postgres@127.0.0.1:5432/x
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(database: str | None) -> None:
    data = tempfile.mkdtemp(prefix="komunitas-bench-")
    os.environ.update(
        SECRET_KEY="bench-" + "k" * 60,
        DEBUG="false",
        DATA_DIR=data,
        STATIC_MANIFEST="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_SETTINGS_MODULE="komunitas.settings",
    )
    os.environ.pop("REDIS_URL", None)
    if database:
        os.environ["DATABASE_URL"] = database
        import psycopg

        base, name = database.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command

    mail.outbox = []
    call_command("migrate", verbosity=0)


def make_community(size: int, tag: str):
    from komunitas.accounts.models import User
    from komunitas.communities.models import Community, Membership

    users = User.objects.bulk_create(
        User(email=f"{tag}{n}@bench.test", full_name=f"Guru {n}", password="!")  # noqa: S106  (unusable)
        for n in range(size)
    )
    community = Community.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", domain="x")
    Membership.objects.bulk_create(
        Membership(
            community=community,
            user=user,
            role=Membership.Role.FASILITATOR if n == 0 else Membership.Role.ANGGOTA,
        )
        for n, user in enumerate(users)
    )
    return community, users[0]


def register_kind(default: str) -> str:
    from komunitas.accounts.models import User
    from komunitas.communities.models import Membership
    from komunitas.notifications import kinds

    key = "bench.new_post"
    kinds.unregister(key)
    kinds.register(
        kinds.Kind(
            key=key,
            label="A new post in my community",
            audience=lambda event: User.objects.filter(
                memberships__community=event.target,
                memberships__status=Membership.Status.ACTIVE,
            ),
            action="community.view",
            default=default,
            describe=lambda event, count: f"{count} new post(s) in {event.title}",
        )
    )
    return key


def timed(func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - start
    return result, elapsed, len(queries)


def post(community, author, kind):
    """What a view does when a member posts: the change and its event, in one transaction."""
    from django.db import transaction

    from komunitas.notifications.services import announce

    with transaction.atomic():
        return announce(kind, actor=author, target=community, title=community.name, url="/k/bench/")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a PostgreSQL URL (the database is recreated)")
    parser.add_argument("--members", type=int, default=5000)
    args = parser.parse_args()
    setup(args.database)

    from django.core import mail
    from django.core.management import call_command
    from django.db import connection

    from komunitas.notifications.kinds import Delivery
    from komunitas.notifications.models import Mail, Notification
    from komunitas.notifications.services import fan_out

    small, small_author = make_community(5, "small")
    big, big_author = make_community(args.members, "big")
    print(f"{connection.vendor}, {args.members} members")
    for default in (Delivery.DAILY, Delivery.IMMEDIATELY):
        kind = register_kind(default)
        post(small, small_author, kind)  # warm up: content types, templates, connections
        _, small_request, small_q = timed(lambda k=kind: post(small, small_author, k))
        event, request, request_q = timed(lambda k=kind: post(big, big_author, k))
        created, fan, fan_q = timed(lambda e=event: fan_out.call(e.pk))
        mail.outbox = []
        _, deliver, _ = timed(lambda: call_command("worker", batch=True, verbosity=0))
        sent = Mail.objects.filter(notification__event=event, status=Mail.Status.SENT).count()
        assert created == Notification.objects.filter(event=event).count()
        print(
            f"  default {default:>11}: request {request * 1000:6.1f} ms / {request_q} queries "
            f"(5 members: {small_request * 1000:.1f} ms / {small_q}); "
            f"fan-out {fan:5.2f} s / {fan_q} queries for {created} notifications; "
            f"worker {deliver:6.2f} s, {sent} mails sent ({len(mail.outbox)} in the outbox)"
        )


if __name__ == "__main__":
    main()
