"""Pages run a number of queries that does not grow with what they list (DESIGN.md §4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from komunitas.discussions.actions import (
    do_create_post,
    do_hide,
    do_mark_solution,
    do_record_application,
    do_reply,
)
from komunitas.discussions.models import Reaction
from tests.budget import ok
from tests.factories import make_user

pytestmark = pytest.mark.django_db
BUDGET = 15


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _thread(question, people, n):
    """``n`` replies by several people, with quotes, edits, reactions, a deleted and a hidden
    one, attachments-free, and the solution marked."""
    replies = []
    for i in range(n):
        author = people[i % len(people)]
        quoted = replies[-1] if replies and i % 3 == 0 else None
        reply = do_reply(
            post=question, author=author, body=f"Balasan **{i}**", quoted=quoted, check_rate=False
        )
        replies.append(reply)
        if i % 5 == 0:
            reply.edit(f"Balasan {i}, diubah", by=author)
        for kind in ("thanks", "useful")[: i % 3]:
            Reaction.objects.create(user=people[(i + 1) % len(people)], post=question, reply=reply,
                                    kind=kind)  # fmt: skip
    replies[1].soft_delete(by=replies[1].author)
    do_hide(item=replies[2], by=question.community.facilitators().first(), reason="Uji")
    do_mark_solution(post=question, reply=replies[3], by=question.author)
    return replies


@pytest.fixture
def crowd(public_community):
    from komunitas.communities.actions import do_add_member

    people = [make_user() for _ in range(6)]
    for person in people:
        do_add_member(community=public_community, user=person)
    return people


@pytest.mark.parametrize("viewer", ["member", "fasilitator"])
def test_a_thread_of_100_replies_costs_what_a_thread_of_5_costs(
    viewer, request, client, question, crowd, public_community
):
    other = do_create_post(
        author=question.author, community=public_community, kind="question", title="Lain"
    )
    _thread(question, crowd, 100)
    _thread(other, crowd, 5)
    for person in crowd[:3]:
        do_record_application(
            member=person,
            target=question,
            applied_on=timezone.localdate(),
            class_name="4A",
            what_happened="Dicoba",
            outcome="better",
        )
    client.force_login(request.getfixturevalue(viewer))
    big = _count(client, question.get_absolute_url())
    second_page = _count(client, question.get_absolute_url() + "?page=2")
    small = _count(client, other.get_absolute_url())
    assert big <= BUDGET, big
    assert small <= BUDGET and second_page <= BUDGET
    assert big - small <= 1  # the applied-in-class box of the bigger one lists its reports


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("discussions:community", args=[c.slug]),
        lambda c: reverse("discussions:community", args=[c.slug]) + "?urut=help&status=unsolved",
        lambda c: reverse("discussions:feed"),
        lambda c: reverse("discussions:feed") + "?lihat=diikuti",
        lambda c: reverse("discussions:bookmarks"),
        lambda c: "/",
    ],
    ids=["community", "community-help", "personal", "following", "bookmarks", "home"],
)
def test_feeds_cost_the_same_for_5_and_40_posts(url, client, member, public_community, crowd):
    from komunitas.discussions.models import Bookmark, PostFollow

    client.force_login(member)

    def add_posts(n):
        for i in range(n):
            post = do_create_post(
                author=crowd[i % len(crowd)],
                community=public_community,
                kind=["question", "good_practice", "concern"][i % 3],
                title=f"Tulisan {i}",
                sections={"context": "a", "what_i_did": "b"},
                tags=[f"topik {i % 4}", "umum"],
                check_rate=False,
            )
            Bookmark.objects.create(user=member, post=post)
            PostFollow.objects.create(user=member, post=post)

    add_posts(5)
    few = _count(client, url(public_community))
    add_posts(35)
    many = _count(client, url(public_community))
    assert many <= BUDGET, many
    assert many == few


def test_attachments_of_the_post_and_its_replies_cost_one_query(client, question, crowd):
    from komunitas.discussions.models import Attachment

    replies = [
        do_reply(post=question, author=crowd[i], body=f"Balasan {i}", check_rate=False)
        for i in range(4)
    ]
    client.force_login(crowd[0])
    without = _count(client, question.get_absolute_url())

    def attach(reply, name):
        Attachment.objects.create(post=question, reply=reply, kind="document", name=name,
                                  file=f"lampiran/{name}", content_type="application/pdf",
                                  size=1000)  # fmt: skip

    attach(None, "rpp-pecahan.pdf")
    attach(replies[0], "lembar-kerja.pdf")
    attach(replies[0], "rubrik.pdf")
    attach(replies[2], "foto-kelas.pdf")
    with CaptureQueriesContext(connection) as queries:
        page = ok(client.get(question.get_absolute_url())).content.decode()
    assert len(queries) == without
    assert sum("discussions_attachment" in q["sql"] for q in queries) == 1
    body, first, third = (
        page.split('id="balasan-')[0],
        page.split(f'id="balasan-{replies[0].pk}"')[1].split('id="balasan-')[0],
        page.split(f'id="balasan-{replies[2].pk}"')[1].split('id="balasan-')[0],
    )
    assert "rpp-pecahan.pdf" in body and "lembar-kerja.pdf" not in body
    assert "lembar-kerja.pdf" in first and "rubrik.pdf" in first and "foto-kelas" not in first
    assert "foto-kelas.pdf" in third and "rpp-pecahan" not in third
