"""Set up and inspect a site for the fault tests, run in its own process with the site's
environment (``python tests/faults/scenario.py COMMAND [ARG]``); prints JSON."""

import json
import sys


def setup(members: int) -> dict:
    from django.utils import timezone

    from komunitas.accounts.models import User
    from komunitas.communities.actions import do_start_community
    from komunitas.communities.models import Community, Membership
    from komunitas.discussions.actions import do_create_post
    from komunitas.discussions.models import Post

    password = "kata-sandi-rahasia-123"  # noqa: S105
    now = timezone.now()
    author = User.objects.create_user(
        "penulis@contoh.test",
        password,
        full_name="Penulis",
        email_verified_at=now,
        role=User.Role.GURU_PENGGERAK,
    )
    community = do_start_community(
        community=Community(name="Komunitas Uji", slug="uji", domain="Asesmen"), by=author
    )
    users = User.objects.bulk_create(
        [
            User(
                email=f"guru{n}@contoh.test",
                full_name=f"Guru {n}",
                password=author.password,
                email_verified_at=now,
            )
            for n in range(members)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(community=community, user=u, role=Membership.Role.ANGGOTA) for u in users]
    )
    post = do_create_post(
        author=author,
        community=community,
        kind=Post.Kind.QUESTION,
        title="Pertanyaan uji",
        body="Isi.",
    )
    return {"post": post.pk, "community": community.slug, "password": password}


def announce() -> dict:
    from django.db import transaction

    from komunitas.accounts.models import User
    from komunitas.communities.models import Community
    from komunitas.discussions.actions import do_create_post
    from komunitas.discussions.models import Post

    author = User.objects.get(email="penulis@contoh.test")
    with transaction.atomic():
        post = do_create_post(
            author=author,
            community=Community.objects.get(slug="uji"),
            kind=Post.Kind.ANNOUNCEMENT,
            title="Pengumuman uji",
            body="Rapat besok.",
        )
    return {"post": post.pk}


def retry(minutes: int) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from komunitas.notifications.services import retry_fan_out

    return {"queued": retry_fan_out(timezone.now() + timedelta(minutes=minutes))}


def counts() -> dict:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from komunitas.discussions.models import Reply
    from komunitas.notifications.models import Event, Notification

    bodies = list(Reply.objects.values_list("body", flat=True))
    return {
        "replies": bodies,
        "events": list(Event.objects.values("kind", "fanned_out_at", "attempts")),
        "notifications": Notification.objects.count(),
        "by_kind": dict(
            Notification.objects.values_list("event__kind").annotate(n=Count("pk")).order_by()
        ),
        "per_recipient_event": list(
            Notification.objects.values("event", "recipient")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list("n", flat=True)
        ),
        "tasks": list(DBTaskResult.objects.values_list("task_path", "status")),
    }


if __name__ == "__main__":
    import django

    django.setup()
    command, *args = sys.argv[1:]
    result = {"setup": setup, "announce": announce, "retry": retry, "counts": counts}[command](
        *map(int, args)
    )
    print(json.dumps(result, default=str))
