"""A district-scale data set (DESIGN.md §4) for the benchmarks, built once and kept.

    from district import build, personas   # after django.setup(), from a script in scripts/

``build()`` fills the database of the current settings (SQLite in ``DATA_DIR`` by default) with a
district of about 5,000 members in 300 schools, 200 communities, 50,000 posts and 150,000
replies over a year, 200,000 reading days, 5,000 "applied in class" records and 500 stories —
what ``benchmark_insights.py`` measures the dashboards on — and then what the other apps'
pages need at the same scale: about 4,800 meetings with their RSVPs and attendance, 3,000
library resources with votes and collections, 2,000 learning plans with goals, steps and
check-ins, 200,000 notifications, one post with 300 replies and one with 20, and the search
index. Each stage is skipped when its rows are already there, so a second run reuses the database
file at once.

``default_data_dir()`` is where the scripts keep it unless ``DATA_DIR`` says otherwise.
"""

from __future__ import annotations

import datetime
import random
import tempfile
import time
from pathlib import Path

MEMBERS, SCHOOLS, COMMUNITIES = 5000, 300, 200
POSTS, REPLIES, READS, APPLICATIONS, STORIES = 50_000, 150_000, 200_000, 5000, 500
MEETINGS_PER_COMMUNITY, RESOURCES, PLANS, NOTIFICATIONS = 24, 3000, 2000, 200_000
LONG_THREAD = 300  # replies of the one long discussion
SHORT_THREAD = 20  # replies of the one typical discussion

# Bodies are short paragraphs of Markdown, like members write: what the pages render.
PARAGRAPHS = [
    "Saya mencoba **asesmen diagnostik** di awal bab pecahan. Hasilnya murid terbagi tiga "
    "kelompok kesiapan.",
    "Bagaimana cara membagi kelompok yang adil?\n\n- berdasarkan kesiapan\n- berdasarkan minat\n"
    "- berdasarkan gaya belajar",
    "Kartu permainan pecahan ternyata membuat murid lebih berani bertanya. Lembar kerjanya saya "
    "bagikan di pustaka.",
    "Di kelas 4A kami memakai *rubrik sederhana* tiga tingkat, dan orang tua ikut membaca "
    "portofolio anak setiap bulan.",
    "Terima kasih, Bu. Saya akan coba minggu depan dan ceritakan hasilnya di sini.",
    "Menurut saya kuncinya refleksi bersama setelah pertemuan: apa yang berhasil, apa yang belum, "
    "dan apa langkah berikutnya.",
]


def default_data_dir() -> Path:
    return Path(tempfile.gettempdir()) / "komunitas-district"


def _text(rng: random.Random, paragraphs: int = 2) -> str:
    return "\n\n".join(rng.choice(PARAGRAPHS) for _ in range(paragraphs))


def build(log=print) -> None:
    """Build what is missing, stage by stage; a stage already there is skipped."""
    for stage in (
        _district,
        _meetings,
        _library,
        _plans,
        _notifications,
        _long_thread,
        _short_thread,
        _search,
    ):
        started = time.perf_counter()
        if stage():
            log(f"{stage.__name__.strip('_')}: built in {time.perf_counter() - started:.0f} s")


def _district() -> bool:
    """Members, schools, communities, posts, replies, reading, applications, stories."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from komunitas.accounts.models import Regency, School, User
    from komunitas.communities.models import Community, Membership
    from komunitas.discussions.models import ClassroomApplication, Post, Reply
    from komunitas.insights.models import Story
    from komunitas.reads.models import ReadActivity

    if Community.objects.filter(slug="bench-0").exists():
        return False
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
            User(email="operator@bench.test", full_name="Operator", role="operator",
                 is_staff=True),
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
                              title="Bagaimana membagi kelompok?", body=_text(rng),
                              created_at=created, last_activity_at=created,
                              first_reply_at=created + datetime.timedelta(hours=rng.randint(1, 72))
                              if rng.random() < 0.8 else None,
                              solved_at=created + datetime.timedelta(days=3)
                              if rng.random() < 0.4 else None))  # fmt: skip
        posts = Post.objects.bulk_create(posts, batch_size=5000)
        Reply.objects.bulk_create(
            (Reply(post=p, author=rng.choice(members[p.community_id]), body=_text(rng, 1),
                   created_at=p.created_at + datetime.timedelta(hours=rng.randint(1, 200)))
             for p in (rng.choice(posts) for _i in range(REPLIES))),
            batch_size=5000,
        )  # fmt: skip
        counts = Reply.objects.filter(post=OuterRef("pk")).values("post").annotate(n=Count("pk"))
        Post.objects.update(reply_count=Coalesce(Subquery(counts.values("n")[:1]), 0))
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
    return True


def _members_by_community() -> dict[int, list[int]]:
    from komunitas.communities.models import Membership

    members: dict[int, list[int]] = {}
    for community_id, user_id in Membership.objects.filter(
        community__slug__startswith="bench-"
    ).values_list("community_id", "user_id"):
        members.setdefault(community_id, []).append(user_id)
    return members


def _meetings() -> bool:
    """Two meetings a month in every community over a year, half past, with RSVPs and
    attendance."""
    from django.db import transaction
    from django.utils import timezone

    from komunitas.meetings.models import Attendance, Meeting, Rsvp

    if Meeting.objects.filter(community__slug="bench-0").exists():
        return False
    rng = random.Random(5)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    members = _members_by_community()
    with transaction.atomic():
        meetings = []
        for community_id, user_ids in members.items():
            for i in range(MEETINGS_PER_COMMUNITY):
                starts = now + datetime.timedelta(days=14 * (i - MEETINGS_PER_COMMUNITY // 2) + 3)
                meetings.append(Meeting(
                    community_id=community_id, title=f"Pertemuan rutin {i + 1}",
                    topic="Asesmen diagnostik di kelas", agenda="- Pembukaan\n- Berbagi praktik",
                    starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90),
                    facilitator_id=user_ids[0], created_by_id=user_ids[0], place="Ruang guru",
                ))  # fmt: skip
        meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
        rsvps, attendances = [], []
        for meeting in meetings:
            user_ids = members[meeting.community_id]
            chosen = rng.sample(user_ids, k=min(len(user_ids), rng.randint(5, 25)))
            if meeting.starts_at < now:
                attendances += [
                    Attendance(meeting=meeting, member_id=u, method="code",
                               checked_in_at=meeting.starts_at)
                    for u in chosen
                ]  # fmt: skip
            rsvps += [Rsvp(meeting=meeting, user_id=u, answer="hadir") for u in chosen]
        Rsvp.objects.bulk_create(rsvps, batch_size=5000)
        Attendance.objects.bulk_create(attendances, batch_size=5000)
    return True


def _library() -> bool:
    """Resources (links) with their curriculum place, votes and collections."""
    from django.db import transaction
    from django.db.models import Count

    from komunitas.accounts.models import Phase, Subject
    from komunitas.pustaka.models import (
        Collection,
        CollectionItem,
        HelpfulVote,
        Resource,
        ResourceVersion,
    )

    if Resource.objects.filter(title__startswith="Bench ").exists():
        return False
    rng = random.Random(6)
    members = _members_by_community()
    subjects, phases = list(Subject.objects.all()), list(Phase.objects.all())
    community_ids = list(members)
    with transaction.atomic():
        resources = []
        for i in range(RESOURCES):
            community_id = rng.choice(community_ids)
            resources.append(Resource(
                title=f"Bench {i}: modul ajar pecahan", description=_text(rng),
                kind=rng.choice(Resource.Kind.values), subject=rng.choice(subjects),
                phase=rng.choice(phases), topic="Pecahan senilai",
                community_id=community_id if rng.random() < 0.7 else None,
                audience=rng.choice(Resource.Audience.values),
                added_by_id=rng.choice(members[community_id]),
                helpful_count=0,
            ))  # fmt: skip
        resources = Resource.objects.bulk_create(resources, batch_size=2000)
        versions = ResourceVersion.objects.bulk_create(
            (ResourceVersion(resource=r, number=1, link=f"https://contoh.id/{r.pk}",
                             created_by_id=r.added_by_id)
             for r in resources),
            batch_size=2000,
        )  # fmt: skip
        for resource, version in zip(resources, versions, strict=True):
            resource.current_version = version
        Resource.objects.bulk_update(resources, ["current_version"], batch_size=2000)
        all_members = sorted({u for ids in members.values() for u in ids})
        HelpfulVote.objects.bulk_create(
            (HelpfulVote(resource=rng.choice(resources), member_id=rng.choice(all_members))
             for _i in range(10 * RESOURCES)),
            batch_size=5000, ignore_conflicts=True,
        )  # fmt: skip
        counted = Resource.objects.annotate(n=Count("helpful_votes")).values_list("pk", "n")
        for pk, n in counted:
            Resource.objects.filter(pk=pk).update(helpful_count=n)
        collections = Collection.objects.bulk_create(
            Collection(title=f"Koleksi {i}", community_id=community_ids[i % len(community_ids)],
                       owner_id=members[community_ids[i % len(community_ids)]][0])
            for i in range(300)
        )  # fmt: skip
        CollectionItem.objects.bulk_create(
            (CollectionItem(collection=c, resource=r, position=j, added_by_id=c.owner_id)
             for c in collections for j, r in enumerate(rng.sample(resources, k=10))),
            batch_size=5000,
        )  # fmt: skip
    return True


def _plans() -> bool:
    """Learning plans with goals, steps and check-ins."""
    from django.db import transaction
    from django.utils import timezone

    from komunitas.journeys.models import CheckIn, Goal, LearningPlan, Step

    if LearningPlan.objects.filter(title__startswith="Bench ").exists():
        return False
    rng = random.Random(7)
    members = _members_by_community()
    now = timezone.now()
    with transaction.atomic():
        plans = []
        for i in range(PLANS):
            community_id = rng.choice(list(members))
            plans.append(LearningPlan(
                owner_id=members[community_id][i % len(members[community_id])],
                community_id=community_id, title=f"Bench {i}: diferensiasi konten",
                visibility=rng.choice(["private", "mentor", "community"]),
                status=rng.choice(["active", "active", "done"]),
                created_at=now - datetime.timedelta(days=rng.randint(10, 300)),
            ))  # fmt: skip
        plans = LearningPlan.objects.bulk_create(plans, batch_size=2000)
        Goal.objects.bulk_create(
            (Goal(plan=p, practice="Memberi umpan balik", why="…", position=j)
             for p in plans for j in range(2)),
            batch_size=5000,
        )  # fmt: skip
        Step.objects.bulk_create(
            (Step(plan=p, description=f"Langkah {j + 1}") for p in plans for j in range(4)),
            batch_size=5000,
        )
        CheckIn.objects.bulk_create(
            (CheckIn(plan=p, author_id=p.owner_id, status="on_track", note=_text(rng, 1),
                     created_at=p.created_at + datetime.timedelta(days=7 * (j + 1)))
             for p in plans for j in range(5)),
            batch_size=5000,
        )  # fmt: skip
    return True


def _notifications() -> bool:
    """Reply events on posts, fanned out: about forty notifications per member."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from komunitas.discussions.models import Post
    from komunitas.notifications.models import Event, Notification

    if Event.objects.filter(title__startswith="Bench ").exists():
        return False
    rng = random.Random(8)
    members = _members_by_community()
    post_type = ContentType.objects.get_for_model(Post)
    posts = list(Post.objects.values_list("pk", "community_id", "author_id")[:20_000])
    now = timezone.now()
    with transaction.atomic():
        events = Event.objects.bulk_create(
            (Event(kind="discussions.reply", actor_id=author, target_type=post_type,
                   target_id=pk, title=f"Bench {pk}: Bagaimana membagi kelompok?",
                   url=f"/diskusi/{pk}/", created_at=now - datetime.timedelta(minutes=i * 20),
                   fanned_out_at=now)
             for i, (pk, _c, author) in enumerate(posts)),
            batch_size=5000,
        )  # fmt: skip
        community_of = {pk: c for pk, c, _a in posts}
        per_event = NOTIFICATIONS // len(events)
        Notification.objects.bulk_create(
            (Notification(event=e, recipient_id=u, delivery="in_app", created_at=e.created_at,
                          read_at=None if rng.random() < 0.1 else now)
             for e in events
             for u in rng.sample(members[community_of[e.target_id]],
                                 k=min(per_event, len(members[community_of[e.target_id]])))),
            batch_size=5000, ignore_conflicts=True,
        )  # fmt: skip
    return True


def _long_thread() -> bool:
    """One discussion with many replies, in the fasilitator persona's community."""
    return _thread("Bench: diskusi panjang", LONG_THREAD, seed=9)


def _short_thread() -> bool:
    """One discussion with 20 replies (the thread page's typical size), in the same community."""
    return _thread("Bench: diskusi dua puluh balasan", SHORT_THREAD, seed=10)


def _thread(title: str, replies: int, *, seed: int) -> bool:
    from django.db import transaction
    from django.utils import timezone

    from komunitas.discussions.models import Post, Reply

    if Post.objects.filter(title=title).exists():
        return False
    rng = random.Random(seed)
    community, fasilitator = _fasilitator()
    user_ids = _members_by_community()[community.pk]
    created = timezone.now() - datetime.timedelta(days=20)
    with transaction.atomic():
        post = Post.objects.create(
            community=community, author=fasilitator, kind="question",
            title=title, body=_text(rng, 4), created_at=created,
            last_activity_at=created, first_reply_at=created + datetime.timedelta(hours=1),
        )  # fmt: skip
        Reply.objects.bulk_create(
            Reply(post=post, author_id=rng.choice(user_ids), body=_text(rng, 2),
                  created_at=created + datetime.timedelta(hours=i + 1))
            for i in range(replies)
        )  # fmt: skip
        Post.objects.filter(pk=post.pk).update(reply_count=replies)
    return True


def _search() -> bool:
    from komunitas.search.index import reindex
    from komunitas.search.models import SearchEntry

    if SearchEntry.objects.count() > 1000:  # (the long discussion's post indexes itself)
        return False
    reindex()
    return True


def _fasilitator():
    from komunitas.communities.models import Membership

    first = (
        Membership.objects.filter(
            role="fasilitator", community__visibility="public", community__slug__startswith="bench-"
        )
        .select_related("community", "user")
        .order_by("community_id")
        .first()
    )
    return first.community, first.user


def personas() -> dict:
    """Who each page is for: the fasilitator of a public community (and the community), one of
    its members, the district office, a principal and an operator; the long discussion, one
    past meeting and one resource of that community."""
    from komunitas.accounts.models import User
    from komunitas.communities.models import Membership
    from komunitas.discussions.models import Post
    from komunitas.meetings.models import Meeting
    from komunitas.pustaka.models import Resource

    community, fasilitator = _fasilitator()
    member = (
        Membership.objects.filter(community=community, role="anggota")
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    past = (
        Meeting.objects.filter(community=community, attendances__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    return {
        "community": community,
        "fasilitator": fasilitator,
        "member": member,
        "dinas": User.objects.get(email="dinas@bench.test"),
        "kepsek": User.objects.get(email="kepsek@bench.test"),
        "operator": User.objects.get(email="operator@bench.test"),
        "long_post": Post.objects.get(title="Bench: diskusi panjang"),
        "short_post": Post.objects.get(title="Bench: diskusi dua puluh balasan"),
        "meeting": past,
        "resource": Resource.objects.filter(audience="everyone").order_by("pk").first(),
    }
