"""The permission matrix of discussions, in a public and a private community.

Rows are people by their place; columns are actions. ``Y`` allowed, ``.`` not. The post is Siti's
solved question (Joko's answer is the solution); the reply is Joko's answer.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from komunitas.communities.actions import do_add_member, do_leave, do_remove_member
from komunitas.discussions.actions import (
    do_create_post,
    do_hide,
    do_mark_solution,
    do_move_post,
    do_reply,
    do_set_flag,
)
from komunitas.discussions.models import Post, Reply, Tag
from komunitas.permissions import can
from tests.factories import make_user

pytestmark = pytest.mark.django_db

POST_ACTIONS = [
    "view", "reply", "react", "edit", "delete", "mark_solution", "moderate", "move",
    "share_link", "report", "follow", "apply",
]  # fmt: skip

# fmt: off
PUBLIC = {
    #              view reply react edit delete solve moderate move link report follow apply
    "author":      "Y    Y     Y     Y    Y      Y     .        .    Y    .      Y      Y",
    "anggota":     "Y    Y     Y     .    .      .     .        .    Y    Y      Y      Y",
    "fasilitator": "Y    Y     Y     .    Y      Y     Y        Y    Y    Y      Y      Y",
    "mitra":       "Y    Y     Y     .    .      .     .        .    Y    Y      Y      Y",
    "outsider":    "Y    .     .     .    .      .     .        .    Y    Y      Y      .",
    "removed":     "Y    .     .     .    .      .     .        .    Y    Y      Y      .",
    "operator":    "Y    .     .     .    Y      .     Y        .    Y    Y      Y      .",
    "anonymous":   ".    .     .     .    .      .     .        .    .    .      .      .",
}
PRIVATE = {
    "author":      "Y    Y     Y     Y    Y      Y     .        .    .    .      Y      Y",
    "anggota":     "Y    Y     Y     .    .      .     .        .    .    Y      Y      Y",
    "fasilitator": "Y    Y     Y     .    Y      Y     Y        Y    .    Y      Y      Y",
    "mitra":       "Y    Y     Y     .    .      .     .        .    .    Y      Y      Y",
    "outsider":    ".    .     .     .    .      .     .        .    .    .      .      .",
    "removed":     ".    .     .     .    .      .     .        .    .    .      .      .",
    "operator":    "Y    .     .     .    Y      .     Y        .    .    Y      Y      .",
    "anonymous":   ".    .     .     .    .      .     .        .    .    .      .      .",
}
REPLY_ACTIONS = ["view", "edit", "delete", "moderate", "report", "react"]
# The reply is Joko's ("anggota" here is the asker, Siti).
REPLY_PUBLIC = {
    #              view edit delete moderate report react
    "replier":     "Y    Y    Y      .        .      Y",
    "anggota":     "Y    .    .      .        Y      Y",
    "fasilitator": "Y    .    Y      Y        Y      Y",
    "mitra":       "Y    .    .      .        Y      Y",
    "outsider":    "Y    .    .      .        Y      .",
    "operator":    "Y    .    Y      Y        Y      .",
    "anonymous":   ".    .    .      .        .      .",
}
REPLY_PRIVATE = {**REPLY_PUBLIC, "outsider": ".    .    .      .        .      ."}
# fmt: on


def _cases(tables, actions):
    cases = []
    for visibility, table in tables:
        for person, row in table.items():
            for action, cell in zip(actions, row.split(), strict=True):
                cases.append(
                    pytest.param(
                        visibility,
                        person,
                        action,
                        cell == "Y",
                        id=f"{visibility}-{person}-{action}",
                    )
                )
    return cases


@pytest.fixture
def people(fasilitator, member, colleague, partner, outsider, operator):
    return {
        "author": member,
        "anggota": colleague,
        "fasilitator": fasilitator,
        "mitra": partner,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


def _solved_question(community, member, colleague):
    post = do_create_post(author=member, community=community, kind="question", title="Tanya")
    answer = do_reply(post=post, author=colleague, body="Jawab")
    do_mark_solution(post=post, reply=answer, by=member)
    post = Post.objects.select_related("community").get(pk=post.pk)
    return post, answer


@pytest.mark.parametrize(
    ("visibility", "person", "action", "allowed"),
    _cases((("public", PUBLIC), ("private", PRIVATE)), POST_ACTIONS),
)
def test_post_permission_matrix(
    visibility, person, action, allowed, people, fasilitator, public_community, private_community
):
    community = public_community if visibility == "public" else private_community
    post, _answer = _solved_question(community, people["author"], people["anggota"])
    if person == "removed":
        people["removed"] = make_user()
        do_remove_member(
            membership=do_add_member(community=community, user=people["removed"]),
            by=fasilitator,
            reason="Spam",
        )
    post.community.forget_membership_cache()
    assert can(people[person], f"post.{action}", post) is allowed
    if action == "view":  # the lists and the pages never disagree
        visible = Post.objects.visible_to(people[person]).filter(pk=post.pk).exists()
        assert visible is allowed


@pytest.mark.parametrize(
    ("visibility", "person", "action", "allowed"),
    _cases((("public", REPLY_PUBLIC), ("private", REPLY_PRIVATE)), REPLY_ACTIONS),
)
def test_reply_permission_matrix(
    visibility, person, action, allowed, people, public_community, private_community
):
    community = public_community if visibility == "public" else private_community
    people["replier"] = people["anggota"]
    _post, answer = _solved_question(community, people["author"], people["anggota"])
    people["anggota"] = people["author"]
    assert can(people[person], f"reply.{action}", answer) is allowed
    if action == "view":
        visible = Reply.objects.visible_to(people[person]).filter(pk=answer.pk).exists()
        assert visible is allowed


# Reading, by everyone, of posts and replies in every state: ``can(view)`` agrees with
# ``visible_to``. Joko wrote the post and the reply; Siti is an anggota; the pengawas has a
# partner account but no membership; the kepala sekolah is a mitra member.
# fmt: off
VIEW = {
    #                         anonymous outsider pengawas mitra anggota author fasilitator operator
    ("public", "post"):        ".        Y        Y        Y     Y       Y      Y           Y",
    ("public", "hidden"):      ".        .        .        .     .       Y      Y           Y",
    ("public", "deleted"):     ".        .        .        .     .       .      .           .",
    ("private", "post"):       ".        .        .        Y     Y       Y      Y           Y",
    ("private", "hidden"):     ".        .        .        .     .       Y      Y           Y",
    ("private", "deleted"):    ".        .        .        .     .       .      .           .",
}
# fmt: on
VIEWERS = [
    "anonymous",
    "outsider",
    "pengawas",
    "mitra",
    "anggota",
    "author",
    "fasilitator",
    "operator",
]  # fmt: skip


def _view_cases():
    for (visibility, state), row in VIEW.items():
        for what in ("post", "reply"):
            for person, cell in zip(VIEWERS, row.split(), strict=True):
                yield pytest.param(
                    visibility, state, what, person, cell == "Y",
                    id=f"{visibility}-{state}-{what}-{person}",
                )  # fmt: skip


@pytest.mark.parametrize(("visibility", "state", "what", "person", "allowed"), list(_view_cases()))
def test_who_reads_what_agrees_with_the_lists(
    visibility, state, what, person, allowed, people, public_community, private_community,
    fasilitator,
):  # fmt: skip
    from komunitas.accounts.models import User
    from komunitas.discussions.actions import do_delete_post, do_delete_reply

    community = public_community if visibility == "public" else private_community
    joko, siti = people["anggota"], people["author"]
    viewers = {
        **people,
        "anggota": siti,
        "author": joko,
        "pengawas": make_user(full_name="Pak Pengawas", role=User.Role.PENGAWAS),
    }
    post = do_create_post(author=joko, community=community, kind="question", title="Tanya")
    reply = do_reply(post=post, author=joko, body="Tambahan")
    item = reply if what == "reply" else post
    if state == "hidden":
        do_hide(item=item, by=fasilitator, reason="Nama murid")
    elif state == "deleted" and what == "reply":
        do_delete_reply(reply=reply, by=joko)
    elif state == "deleted":
        do_delete_post(post=post, by=joko)
    item.refresh_from_db()
    user = viewers[person]
    model, rule = (Reply, "reply.view") if what == "reply" else (Post, "post.view")
    assert can(user, rule, item) is allowed
    assert model.objects.visible_to(user).filter(pk=item.pk).exists() is allowed


def test_only_facilitators_announce_and_only_members_write(
    public_community, fasilitator, member, partner, outsider
):
    assert can(fasilitator, "post.announce", public_community)
    for person in (member, partner, outsider):
        assert not can(person, "post.announce", public_community)
    assert can(member, "post.create", public_community)
    assert not can(partner, "post.create", public_community)


def test_a_locked_post_takes_no_replies_and_no_edits(question, member, fasilitator):
    do_set_flag(post=question, flag="locked", value=True, by=fasilitator)
    assert not can(member, "post.reply", question)
    assert not can(member, "post.edit", question)
    assert can(member, "post.view", question)


def test_only_good_practices_are_featured_or_shared(question, member, fasilitator):
    assert not can(fasilitator, "post.feature", question)
    assert not can(member, "post.share", question)
    practice = do_create_post(
        author=member,
        community=question.community,
        kind="good_practice",
        title="Praktik",
        sections={"context": "a", "what_i_did": "b"},
    )
    assert can(fasilitator, "post.feature", practice)
    assert can(member, "post.share", practice)
    assert not can(fasilitator, "post.share", practice)  # only its author shares it


# --- Pages and lists of a private community, for outsiders and former members


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_private_community_is_404_everywhere_for_an_outsider(
    client, private_question, outsider, member
):
    tag = Tag.objects.create(name="Rahasia", slug="rahasia")
    private_question.tags.add(tag)
    slug = private_question.community.slug
    for url in (
        reverse("discussions:community", args=[slug]),
        reverse("discussions:create", args=[slug, "question"]),
        reverse("discussions:moderation", args=[slug]),
        private_question.get_absolute_url(),
        reverse("discussions:post_history", args=[private_question.pk]),
        reverse("discussions:share", args=[private_question.pk]),
        reverse("discussions:post_report", args=[private_question.pk]),
        reverse("discussions:tag", args=["rahasia"]),
    ):
        assert _get(client, outsider, url).status_code == 404, url
    for url in (
        reverse("discussions:post_follow", args=[private_question.pk]),
        reverse("discussions:react", args=[private_question.pk]),
        reverse("discussions:reply", args=[private_question.pk]),
    ):
        assert client.post(url, {"kind": "thanks", "body": "x"}).status_code == 404, url
    assert _get(client, member, reverse("discussions:tag", args=["rahasia"])).status_code == 200


def test_feeds_never_show_a_private_community_to_outsiders(
    client, private_question, question, outsider
):
    for url in (reverse("discussions:feed"), reverse("discussions:feed") + "?urut=help", "/"):
        page = _get(client, outsider, url).content.decode()
        assert private_question.title not in page, url
    page = _get(client, outsider, reverse("discussions:feed") + "?lihat=diikuti")
    assert private_question.title not in page.content.decode()


def test_a_member_who_leaves_loses_the_private_posts_and_their_bookmarks(
    client, private_question, colleague
):
    client.force_login(colleague)
    client.post(reverse("discussions:post_bookmark", args=[private_question.pk]))
    client.post(reverse("discussions:post_follow", args=[private_question.pk]))
    assert private_question.title in client.get(reverse("discussions:bookmarks")).content.decode()
    do_leave(membership=private_question.community.membership_of(colleague))
    for url in (
        reverse("discussions:bookmarks"),
        reverse("discussions:feed"),
        reverse("discussions:feed") + "?lihat=diikuti",
    ):
        assert private_question.title not in client.get(url).content.decode(), url
    assert client.get(private_question.get_absolute_url()).status_code == 404


def test_hidden_posts_are_not_listed(client, question, fasilitator, colleague):
    do_hide(item=question, by=fasilitator, reason="Nama murid")
    url = reverse("discussions:community", args=[question.community.slug])
    assert question.title not in _get(client, colleague, url).content.decode()
    assert _get(client, colleague, question.get_absolute_url()).status_code == 404
    assert _get(client, fasilitator, question.get_absolute_url()).status_code == 200


def test_a_moved_post_follows_its_new_community(
    client, question, fasilitator, private_community, outsider
):
    do_move_post(post=question, community=private_community, by=fasilitator)
    assert _get(client, outsider, question.get_absolute_url()).status_code == 404
