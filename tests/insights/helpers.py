"""Small builders for hand-computed fixtures: a member who joined on a date, reads on days."""

import datetime

from django.utils import timezone

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.insights.models import Story
from komunitas.reads.models import ReadActivity
from tests.factories import make_user

ZONE = datetime.timezone(datetime.timedelta(hours=7))  # WIB, the installation's zone


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE)


def joined(community, on: datetime.date, user=None, **fields):
    user = user or make_user(**fields)
    do_add_member(community=community, user=user)
    Membership.objects.filter(community=community, user=user).update(joined_at=at(on))
    return user


def reads(user, community, *days: datetime.date):
    ReadActivity.objects.bulk_create(
        [ReadActivity(user=user, community=community, day=day) for day in days]
    )


def story(author, community, on: datetime.date | None = None, **fields):
    fields = {
        "title": "Kartu pilihan membuat murid berani memilih",
        "activity": "Diskusi tentang diferensiasi konten",
        "gained": "Ide kartu pilihan",
        "applied": "Saya coba di kelas 3",
        "changed": "Murid yang pendiam mulai bertanya",
        **fields,
    }
    return Story.objects.create(
        author=author,
        community=community,
        created_at=at(on) if on else timezone.now(),
        **fields,
    )


def days_back(today: datetime.date, *offsets: int) -> list[datetime.date]:
    return [today - datetime.timedelta(days=n) for n in offsets]


def post(community, author, kind, on, hour=10, **fields):
    from komunitas.discussions.models import Post

    return Post.objects.create(
        community=community,
        author=author,
        kind=kind,
        title=fields.pop("title", f"{kind} {on}"),
        created_at=at(on, hour),
        **fields,
    )


def reply(target, author, on, hour=11, **fields):
    from komunitas.discussions.models import Reply

    return Reply.objects.create(
        post=target, author=author, body="Coba kartu pilihan.", created_at=at(on, hour), **fields
    )


def applied(member, target, on, outcome, community=None):
    from django.contrib.contenttypes.models import ContentType

    from komunitas.discussions.models import ClassroomApplication

    return ClassroomApplication.objects.create(
        member=member,
        community=community or target.community,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        applied_on=on,
        class_name="3A",
        what_happened="Murid memilih kartu",
        outcome=outcome,
        created_at=at(on),
    )
