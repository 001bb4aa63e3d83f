"""Posts and replies in the search: who finds them, and the index following every change.

Everything is made through the discussions services inside ``commit()``, so the index is kept by
the same signals and on-commit work as on the live site.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from komunitas.communities.actions import do_add_member, do_delete_community, do_remove_member
from komunitas.discussions.actions import (
    do_create_post,
    do_delete_reply,
    do_edit_post,
    do_edit_reply,
    do_hide,
    do_mark_solution,
    do_move_post,
    do_reply,
    do_unhide,
)
from komunitas.discussions.models import Post
from komunitas.search.models import SearchEntry
from komunitas.search.query import Query, search
from tests.budget import ok
from tests.factories import make_community, make_user

pytestmark = pytest.mark.django_db


def found(user, words, **filters):
    return {(e.source, e.object_id) for e in search(user, Query(words=words, **filters))}


def post_key(post):
    return ("discussions.post", post.pk)


def reply_key(reply):
    return ("discussions.reply", reply.pk)


def ask(author, community, title, body="", kind=Post.Kind.QUESTION, **extra):
    return do_create_post(
        author=author,
        community=community,
        kind=kind,
        title=title,
        body=body,
        check_rate=False,
        **extra,
    )


def answer(post, author, body):
    return do_reply(post=post, author=author, body=body, check_rate=False)


# --- the permission matrix -----------------------------------------------------------------------

ITEMS = [
    "public_post",
    "private_post",
    "public_reply",
    "private_reply",
    "hidden_post",
    "deleted_post",
    "reply_in_hidden_post",
    "hidden_reply",
    "deleted_reply",
    "post_in_deleted_community",
]
# fmt: off
MATRIX = {
    #              pub  priv  pubR privR hidP delP rInH hidR delR delC
    "fasilitator": "Y    Y     Y    Y     .    .    .    .    .    .",
    "anggota":     "Y    Y     Y    Y     .    .    .    .    .    .",
    "mitra":       "Y    Y     Y    Y     .    .    .    .    .    .",
    "outsider":    "Y    .     Y    .     .    .    .    .    .    .",
    "removed":     "Y    .     Y    .     .    .    .    .    .    .",
    "operator":    "Y    Y     Y    Y     .    .    .    .    .    .",
    "anonymous":   ".    .     .    .     .    .    .    .    .    .",
}
# fmt: on


@pytest.fixture
def world(
    commit, fasilitator, member, partner, outsider, operator, public_community, private_community
):
    """One post or reply per item, each with its own word; the author of the hidden and deleted
    ones is the member, who must not find them either."""
    removed = make_user(full_name="Pak Keluar")
    for community in (public_community, private_community):
        do_remove_member(
            membership=do_add_member(community=community, user=removed),
            by=fasilitator,
            reason="Pindah tugas",
        )
    gone_community = make_community(fasilitator, name="Komunitas Bubar")
    do_add_member(community=gone_community, user=member)
    items = {}
    with commit():
        items["public_post"] = ask(member, public_community, "Alfa: kesiapan belajar")
        items["private_post"] = ask(member, private_community, "Bravo: jadwal supervisi")
        items["public_reply"] = answer(items["public_post"], fasilitator, "Charlie tiket keluar")
        items["private_reply"] = answer(items["private_post"], fasilitator, "Delta rapat kepala")
        items["hidden_post"] = ask(member, public_community, "Echo: iklan")
        items["deleted_post"] = ask(member, public_community, "Foxtrot: salah kirim")
        items["reply_in_hidden_post"] = answer(items["hidden_post"], fasilitator, "Golf balasan")
        items["hidden_reply"] = answer(items["public_post"], member, "Hotel kata kasar")
        items["deleted_reply"] = answer(items["public_post"], member, "India terhapus")
        items["post_in_deleted_community"] = ask(member, gone_community, "Juliet: arsip")
    with commit():
        do_hide(item=items["hidden_post"], by=fasilitator, reason="Iklan")
        items["deleted_post"].soft_delete(by=member)
        do_hide(item=items["hidden_reply"], by=fasilitator, reason="Kasar")
        do_delete_reply(reply=items["deleted_reply"], by=member)
        do_delete_community(community=gone_community, by=None)
    people = {
        "fasilitator": fasilitator,
        "anggota": member,
        "mitra": partner,
        "outsider": outsider,
        "removed": removed,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }
    return people, items


WORDS = {
    "public_post": "alfa",
    "private_post": "bravo",
    "public_reply": "charlie",
    "private_reply": "delta",
    "hidden_post": "echo",
    "deleted_post": "foxtrot",
    "reply_in_hidden_post": "golf",
    "hidden_reply": "hotel",
    "deleted_reply": "india",
    "post_in_deleted_community": "juliet",
}


@pytest.mark.parametrize("person", list(MATRIX))
def test_who_finds_what(world, person):
    """One row of the matrix per test: which of the items this person finds by its word."""
    people, items = world
    expected = [
        item for item, cell in zip(ITEMS, MATRIX[person].split(), strict=True) if cell == "Y"
    ]
    finds = []
    for item in ITEMS:
        obj = items[item]
        key = post_key(obj) if isinstance(obj, Post) else reply_key(obj)
        if key in found(people[person], WORDS[item]):
            finds.append(item)
    assert finds == expected
    # With no words, the filters list only what the person may see, too.
    listed = found(people[person], "", source="discussions.post")
    listed |= found(people[person], "", source="discussions.reply")
    keys = {
        post_key(items[i]) if isinstance(items[i], Post) else reply_key(items[i]) for i in expected
    }
    assert listed == keys


def test_hidden_and_deleted_things_are_not_in_the_index_at_all(world):
    _people, items = world
    for item in ("hidden_post", "deleted_post", "reply_in_hidden_post", "hidden_reply"):
        obj = items[item]
        source = "discussions.post" if isinstance(obj, Post) else "discussions.reply"
        assert not SearchEntry.objects.filter(source=source, object_id=obj.pk).exists()


def test_nothing_private_on_the_page_for_an_outsider(world, login):
    people, _items = world
    client = login(people["outsider"])
    for words in ("bravo", "delta", "supervisi", "rapat", "jadwal"):
        response = client.get("/cari/", {"q": words})
        assert response.context["page"].paginator.count == 0
        html = response.content.decode()
        assert "Bravo: jadwal" not in html and "rapat kepala" not in html


# --- kept current ------------------------------------------------------------------------------


def test_an_edited_post_is_found_by_its_new_words(commit, member, public_community):
    with commit():
        post = ask(member, public_community, "Media literasi", "Kartu huruf")
    with commit():
        do_edit_post(
            post=post, by=member, title="Media numerasi", body="Kartu bilangan", tags=["numerasi"]
        )
    assert found(member, "numerasi bilangan") == {post_key(post)}
    assert found(member, "literasi") == set()
    assert found(member, "huruf") == set()
    assert found(member, "", tag="Numerasi") == {post_key(post)}


def test_an_edited_reply_is_found_by_its_new_words(commit, member, fasilitator, public_community):
    with commit():
        post = ask(member, public_community, "Tanya")
        reply = answer(post, fasilitator, "Pakai kartu huruf")
    with commit():
        do_edit_reply(reply=reply, by=fasilitator, body="Pakai **kartu bilangan**")
    assert found(member, "bilangan") == {reply_key(reply)}
    assert found(member, "huruf") == set()


def test_a_post_moved_to_a_private_community_leaves_outsiders_results_with_its_replies(
    commit, member, fasilitator, outsider, public_community, private_community
):
    with commit():
        post = ask(member, public_community, "Pindahan supervisi akademik")
        reply = answer(post, fasilitator, "Balasan supervisi")
    assert found(outsider, "supervisi") == {post_key(post), reply_key(reply)}
    with commit():
        do_move_post(post=post, by=fasilitator, community=private_community, reason="Salah tempat")
    assert found(outsider, "supervisi") == set()
    assert found(member, "supervisi", community=private_community) == {
        post_key(post),
        reply_key(reply),
    }
    assert found(member, "supervisi", community=public_community) == set()


def test_a_hidden_post_leaves_with_its_replies_and_comes_back_when_shown(
    commit, member, fasilitator, public_community
):
    with commit():
        post = ask(member, public_community, "Iklan kursus")
        reply = answer(post, fasilitator, "Iklan lagi")
    with commit():
        do_hide(item=post, by=fasilitator, reason="Iklan")
    assert found(fasilitator, "iklan") == set()
    with commit():
        do_unhide(item=post, by=fasilitator)
    assert found(fasilitator, "iklan") == {post_key(post), reply_key(reply)}


def test_solved_follows_the_solution(commit, member, fasilitator, public_community):
    with commit():
        question = ask(member, public_community, "Asesmen diagnostik cepat?")
        reply = answer(question, fasilitator, "Asesmen dengan tiket keluar")
        ask(member, public_community, "Asesmen untuk kelas besar?")
        ask(member, public_community, "Praktik asesmen", kind=Post.Kind.GOOD_PRACTICE)
    assert found(member, "asesmen", solved=True) == set()
    assert len(found(member, "asesmen", solved=False)) == 2  # the good practice is neither
    with commit():
        do_mark_solution(post=question, reply=reply, by=member)
    assert found(member, "asesmen", solved=True) == {post_key(question), reply_key(reply)}
    # Deleting the solution unsolves the post (discussions does it with QuerySet.update()).
    with commit():
        do_delete_reply(reply=reply, by=fasilitator)
    assert found(member, "asesmen", solved=True) == set()
    assert post_key(question) in found(member, "asesmen", solved=False)


def test_kind_author_and_date_filters(commit, member, fasilitator, public_community):
    before = timezone.now() - datetime.timedelta(days=40)
    with time_machine.travel(before, tick=False), commit():
        old = ask(member, public_community, "Refleksi numerasi", kind=Post.Kind.REFLECTION)
    with commit():
        new = ask(fasilitator, public_community, "Pertanyaan numerasi")
        reply = answer(new, member, "Jawaban numerasi")
    everything = {post_key(old), post_key(new), reply_key(reply)}
    assert found(member, "numerasi") == everything
    assert found(member, "numerasi", source="discussions.post") == {post_key(old), post_key(new)}
    assert found(member, "numerasi", source="discussions.post", kind="reflection") == {
        post_key(old)
    }
    assert found(member, "numerasi", source="discussions.reply") == {reply_key(reply)}
    assert found(member, "numerasi", author=member) == {post_key(old), reply_key(reply)}
    today = timezone.localdate()
    assert found(member, "numerasi", start=today - datetime.timedelta(days=1)) == {
        post_key(new),
        reply_key(reply),
    }
    assert found(member, "numerasi", end=today - datetime.timedelta(days=30)) == {post_key(old)}


def test_good_practice_sections_and_markdown_are_searched_as_words(
    commit, member, public_community, login
):
    with commit():
        post = ask(
            member,
            public_community,
            "Praktik baik pojok baca",
            "Kami **membuat** pojok <script>alert(1)</script>",
            kind=Post.Kind.GOOD_PRACTICE,
            sections={"what_i_did": "Murid *memilih* buku", "evidence": "Foto kegiatan"},
        )
    assert found(member, "pilih buku") == {post_key(post)}
    assert found(member, "foto") == {post_key(post)}
    entry = SearchEntry.objects.get(source="discussions.post", object_id=post.pk)
    assert entry.body.startswith("Kami membuat pojok")  # Markdown's marks are gone
    html = login(member).get("/cari/", {"q": "membuat"}).content.decode()
    assert "<mark>membuat</mark> pojok &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_results_page_shows_kind_community_author_and_tags(commit, member, public_community, login):
    with commit():
        ask(member, public_community, "Tanya numerasi", tags=["numerasi", "kelas awal"])
    html = login(member).get("/cari/", {"q": "numerasi"}).content.decode()
    assert "Pertanyaan" in html
    assert public_community.name in html
    assert member.full_name in html
    assert "#kelas awal" in html


def test_the_results_page_runs_the_same_queries_for_1_or_20_posts(
    commit, member, fasilitator, public_community, login, django_assert_max_num_queries
):
    client = login(member)
    with commit():
        post = ask(member, public_community, "Numerasi 0", tags=["numerasi"])
        answer(post, fasilitator, "Numerasi jawaban")
    with django_assert_max_num_queries(15) as few:
        ok(client.get("/cari/", {"q": "numerasi"}))
    with commit():
        for n in range(20):
            post = ask(member, public_community, f"Numerasi {n + 1}", tags=["numerasi", "x"])
            answer(post, fasilitator, f"Numerasi jawaban {n}")
    with django_assert_max_num_queries(15) as many:
        response = ok(client.get("/cari/", {"q": "numerasi"}))
    assert len(response.context["hits"]) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_thread_is_found_once_by_its_title_and_replies_by_their_own_words(
    commit, member, fasilitator, public_community, login
):
    with commit():
        post = ask(member, public_community, "Pojok baca kelas dua", tags=["literasi"])
        reply = answer(post, fasilitator, "Coba rak buku dari kardus bekas.")
        do_mark_solution(post=post, reply=reply, by=member)
    assert found(member, "pojok baca") == {post_key(post)}
    assert found(member, "kardus") == {reply_key(reply)}
    assert found(member, "", tag="literasi") == {post_key(post)}
    html = login(member).get("/cari/", {"q": "kardus"}).content.decode()
    assert f'<a href="/diskusi/{post.pk}/#balasan-{reply.pk}">Pojok baca kelas dua</a>' in html
    assert '<span class="tag tag-solved">solusi</span>' in html
