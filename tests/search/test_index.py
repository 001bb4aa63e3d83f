"""The index follows every change once it is committed, and `komunitas reindex` rebuilds it."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from komunitas.communities.actions import do_delete_community
from komunitas.communities.models import Community
from komunitas.search.models import SearchEntry
from komunitas.search.query import Query, search
from tests.factories import make_community

pytestmark = pytest.mark.django_db


def titles(user, words, **filters):
    return [entry.title for entry in search(user, Query(words=words, **filters))]


def fts_rows() -> int:
    """Rows of the full-text part (SQLite's FTS5 table; PostgreSQL's column lives in the row)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts")
        else:
            cursor.execute("SELECT count(*) FROM search_searchentry WHERE document IS NOT NULL")
        return cursor.fetchone()[0]


def test_a_new_community_is_found_after_the_commit(commit, fasilitator, member):
    with commit():
        make_community(fasilitator, name="Kelompok Numerasi Gugus Mawar")
    assert titles(member, "numerasi") == ["Kelompok Numerasi Gugus Mawar"]


def test_nothing_is_indexed_before_the_commit(commit, fasilitator, member):
    with commit(), transaction.atomic():
        make_community(fasilitator, name="Kelompok Numerasi")
        assert titles(member, "numerasi") == []
    assert titles(member, "numerasi") == ["Kelompok Numerasi"]


def test_a_rolled_back_change_never_reaches_the_index(commit, fasilitator, member):
    with commit():
        try:
            with transaction.atomic():
                make_community(fasilitator, name="Kelompok Numerasi")
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert titles(member, "numerasi") == []
    assert not SearchEntry.objects.exists()


def test_an_edit_is_found_by_its_new_words_only(commit, fasilitator, member):
    with commit():
        community = make_community(fasilitator, name="Kelompok Literasi")
    with commit():
        community.name = "Kelompok Numerasi"
        community.save()
    assert titles(member, "numerasi") == ["Kelompok Numerasi"]
    assert titles(member, "literasi") == []
    assert SearchEntry.objects.count() == 1
    assert fts_rows() == 1


def test_a_deleted_community_leaves_the_index(commit, fasilitator, member):
    with commit():
        community = make_community(fasilitator, name="Kelompok Numerasi")
    with commit():
        do_delete_community(community=community, by=None)
    assert titles(member, "numerasi") == []
    assert not SearchEntry.objects.exists()
    assert fts_rows() == 0


def test_a_community_removed_from_the_database_leaves_the_index(commit, fasilitator, member):
    with commit():
        community = make_community(fasilitator, name="Kelompok Numerasi")
    with commit():
        Community.objects.filter(pk=community.pk).delete()
    assert not SearchEntry.objects.exists()
    assert fts_rows() == 0


def test_reindex_rebuilds_what_was_lost_and_drops_what_is_gone(fasilitator, member):
    kept = make_community(fasilitator, name="Kelompok Numerasi")
    gone = make_community(fasilitator, name="Kelompok Numerasi Lama")
    call_command("reindex", verbosity=0)
    assert sorted(titles(member, "numerasi")) == ["Kelompok Numerasi", "Kelompok Numerasi Lama"]
    # Changes made behind the search's back (QuerySet.update sends no signal):
    Community.objects.filter(pk=kept.pk).update(name="Kelompok Literasi")
    Community.objects.filter(pk=gone.pk).update(deleted_at=gone.created_at)
    SearchEntry.objects.create(
        source="retired.source", object_id=1, title="Numerasi", url="/", created_at=gone.created_at
    )
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert "communities.community: 1 indexed" in out.getvalue()
    assert titles(member, "numerasi") == []
    assert titles(member, "literasi") == ["Kelompok Literasi"]
    assert SearchEntry.objects.count() == 1
    assert fts_rows() == 1


def test_reindex_of_one_source(fasilitator, member):
    make_community(fasilitator, name="Kelompok Numerasi")
    call_command("reindex", "communities.community", verbosity=0)
    assert titles(member, "numerasi") == ["Kelompok Numerasi"]


def test_reindex_refuses_an_unknown_source():
    with pytest.raises(CommandError, match="Unknown source nothing.here"):
        call_command("reindex", "nothing.here")


def test_reindex_twice_changes_nothing(fasilitator, member, indexed):
    make_community(fasilitator, name="Kelompok Numerasi")
    indexed()
    first = list(SearchEntry.objects.values_list("pk", "title"))
    indexed()
    assert list(SearchEntry.objects.values_list("pk", "title")) == first
    assert fts_rows() == 1
