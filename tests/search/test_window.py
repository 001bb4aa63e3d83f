"""Filters inside the index and the window of newest matches (docs/search.md, "Performance").

On SQLite the filters are tokens of the FTS5 table (komunitas/search/facets.py): these tests check
that every filter finds exactly what the same filter on the entries' columns finds, that the
window of newest matches is taken after the filters, and that the page costs the same number of
queries however many things match. They run on PostgreSQL too, where the filters are columns.
"""

import pytest

from komunitas.discussions.actions import do_create_post, do_mark_solution, do_move_post, do_reply
from komunitas.discussions.models import Post
from komunitas.search.models import SearchEntry
from komunitas.search.query import Query, find, search

pytestmark = pytest.mark.django_db


def ask(author, community, title, kind=Post.Kind.QUESTION, **extra):
    return do_create_post(
        author=author, community=community, kind=kind, title=title, check_rate=False, **extra
    )


def keys(entries):
    return {(entry.source, entry.object_id) for entry in entries}


@pytest.fixture
def forum(commit, member, fasilitator, public_community, private_community):
    """Posts and replies of every kind, author, tag and state in two communities."""
    with commit():
        made = []
        for n, community in enumerate([public_community, private_community] * 3):
            for kind in (Post.Kind.QUESTION, Post.Kind.GOOD_PRACTICE, Post.Kind.REFLECTION):
                author = member if n % 2 else fasilitator
                tags = ["kelas awal", "numerasi"] if n % 3 == 0 else ["literasi"]
                made.append(ask(author, community, f"Numerasi {kind} {n}", kind=kind, tags=tags))
        replies = [
            do_reply(post=post, author=fasilitator, body="Numerasi jawaban", check_rate=False)
            for post in made[::2]
        ]
        do_mark_solution(post=made[0], reply=replies[0], by=fasilitator)
    return made


def filters(public_community, member):
    return [
        {"source": "discussions.post"},
        {"source": "discussions.reply"},
        {"source": "communities.community"},
        {"source": "discussions.post", "kind": "question"},
        {"source": "discussions.post", "kind": "good_practice"},
        {"community": public_community},
        {"author": member},
        {"solved": True},
        {"solved": False},
        {"tag": "Kelas  Awal"},
        {"tag": "literasi"},
        {"source": "discussions.post", "kind": "question", "solved": False, "author": member},
    ]


def test_every_filter_finds_what_the_same_filter_on_the_entries_finds(
    forum, member, public_community
):
    everything = list(search(member, Query(words="numerasi")))
    assert len(everything) > 20
    for chosen in filters(public_community, member):
        expected = set()
        for entry in everything:
            if chosen.get("source") and entry.source != chosen["source"]:
                continue
            if chosen.get("kind") and entry.kind != chosen["kind"]:
                continue
            if chosen.get("community") and entry.community_id != chosen["community"].pk:
                continue
            if chosen.get("author") and entry.author_id != chosen["author"].pk:
                continue
            if "solved" in chosen and entry.solved is not chosen["solved"]:
                continue
            if chosen.get("tag") and " ".join(chosen["tag"].lower().split()) not in entry.tag_list:
                continue
            expected.add((entry.source, entry.object_id))
        assert keys(search(member, Query(words="numerasi", **chosen))) == expected, chosen


def test_a_word_never_matches_a_filter_token(forum, member, public_community):
    assert search(member, Query(words=f"c{public_community.pk}")).count() == 0
    assert search(member, Query(words="v1")).count() == 0


def test_the_window_is_taken_after_the_filters(forum, commit, member, public_community, settings):
    """Newer things of other kinds never push the asked kind out of the window."""
    with commit():
        for n in range(5):
            ask(member, public_community, f"Numerasi terbaru {n}", kind=Post.Kind.REFLECTION)
    settings.SEARCH_RANKED_WINDOW = 2
    query = Query(words="numerasi", source="discussions.post", kind="question")
    result = find(member, query)
    assert result.windowed
    questions = SearchEntry.objects.filter(source="discussions.post", kind="question")
    newest = set(questions.order_by("-pk").values_list("object_id", flat=True)[:2])
    assert {entry.object_id for entry in result.entries} == newest
    # Exactly as many as the window: nothing was left out, so nothing is said.
    settings.SEARCH_RANKED_WINDOW = questions.count()
    assert not find(member, query).windowed
    assert len(find(member, query).entries) == questions.count()


def test_the_window_counts_matches_whoever_may_see_them_but_shows_only_the_visible(
    forum, outsider, private_community, settings
):
    settings.SEARCH_RANKED_WINDOW = 4
    result = find(outsider, Query(words="numerasi", source="discussions.post"))
    assert result.windowed
    assert all(entry.community_id != private_community.pk for entry in result.entries)


def test_a_moved_post_is_found_by_its_new_community_only(
    forum, commit, member, fasilitator, public_community, private_community
):
    post = forum[0]
    with commit():
        do_move_post(post=post, by=fasilitator, community=private_community, reason="Salah tempat")
    key = ("discussions.post", post.pk)
    assert key in keys(search(member, Query(words="numerasi", community=private_community)))
    assert key not in keys(search(member, Query(words="numerasi", community=public_community)))


def test_filtered_searches_cost_the_same_queries_for_few_or_many_matches(
    commit, member, fasilitator, public_community, login, settings, django_assert_max_num_queries
):
    settings.SEARCH_RANKED_WINDOW = 10
    client = login(member)
    params = {"q": "numerasi", "kind": "discussions.post:question", "solved": "no"}
    with commit():
        ask(member, public_community, "Numerasi 0")
    with django_assert_max_num_queries(15) as few:
        assert client.get("/cari/", params).status_code == 200
    with commit():
        for n in range(30):
            ask(fasilitator, public_community, f"Numerasi {n + 1}", tags=["numerasi"])
    with django_assert_max_num_queries(15) as many:
        response = client.get("/cari/", {**params, "page": "1"})
    assert response.context["windowed"]
    assert response.context["page"].paginator.count == 10
    assert len(response.context["hits"]) == 10
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(15):
        assert client.get("/cari/", {**params, "community": public_community.pk}).status_code == 200
