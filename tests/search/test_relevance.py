"""Relevance on the database at hand (the suite runs on SQLite and on PostgreSQL).

Indonesian builds words with affixes; a search for *belajar* must find *pembelajaran*. PostgreSQL
stems with its ``indonesian`` configuration, SQLite with the same Snowball algorithm in Python:
both must give these answers.
"""

import pytest
from django.db import connection

from komunitas.search.query import Query, search
from komunitas.search.text import stem
from tests.factories import make_community

pytestmark = pytest.mark.django_db

FAMILY = {
    "Pembelajaran di kelas rangkap": "pembelajaran",
    "Guru mengajar membaca permulaan": "mengajar",
    "Pelajaran matematika yang menyenangkan": "pelajaran",
    "Ruang pengajaran yang nyaman": "pengajaran",
}


def names(user, words, **filters):
    return [entry.title for entry in search(user, Query(words=words, **filters))]


@pytest.fixture
def communities(fasilitator, indexed):
    for name in [*FAMILY, "Lingkar sepak bola", "Pembelajaran berdiferensiasi"]:
        make_community(fasilitator, name=name, domain="Komunitas guru")
    indexed()


@pytest.mark.parametrize("query", ["belajar", "pembelajaran", "ajar", "mengajar", "diajarkan"])
def test_every_form_of_ajar_finds_the_whole_family(query, member, communities):
    found = set(names(member, query))
    assert found == {*FAMILY, "Pembelajaran berdiferensiasi"}


def test_all_words_must_match(member, communities):
    assert names(member, "belajar membaca") == ["Guru mengajar membaca permulaan"]


def test_common_words_do_not_narrow(member, communities):
    assert names(member, "pelajaran yang untuk matematika") == [
        "Pelajaran matematika yang menyenangkan"
    ]


@pytest.mark.parametrize("query", ["diferensiasi", "berdiferensiasi", "Diferensiasi"])
def test_diferensiasi_and_berdiferensiasi_find_each_other(query, fasilitator, member, indexed):
    make_community(fasilitator, name="Strategi diferensiasi konten", domain="Komunitas guru")
    make_community(fasilitator, name="Kelas berdiferensiasi", domain="Komunitas guru")
    indexed()
    assert set(names(member, query)) == {"Strategi diferensiasi konten", "Kelas berdiferensiasi"}


def test_a_title_match_ranks_above_a_match_in_the_text(fasilitator, member, indexed):
    make_community(
        fasilitator,
        name="Kelompok Kerja Guru Gugus Anggrek",
        domain="Komunitas guru",
        description="Kadang kami membahas numerasi.",
    )
    make_community(fasilitator, name="Numerasi Kelas Awal", domain="Komunitas guru")
    indexed()
    assert names(member, "numerasi") == ["Numerasi Kelas Awal", "Kelompok Kerja Guru Gugus Anggrek"]


def test_newest_first_when_asked(fasilitator, member, indexed):
    make_community(fasilitator, name="Numerasi Kelas Awal", domain="Komunitas guru")
    make_community(
        fasilitator,
        name="Kelompok Kerja Guru Gugus Anggrek",
        domain="Komunitas guru",
        description="Kadang kami membahas numerasi.",
    )
    indexed()
    assert names(member, "numerasi", newest_first=True) == [
        "Kelompok Kerja Guru Gugus Anggrek",
        "Numerasi Kelas Awal",
    ]


def test_words_match_whatever_their_case_and_accents(fasilitator, member, indexed):
    make_community(fasilitator, name="Literasi Café Guru", domain="Komunitas guru")
    indexed()
    assert names(member, "LITERASI") == ["Literasi Café Guru"]


# The roots the database's index holds for these words: PostgreSQL's own ``indonesian``
# stemmer, or on SQLite the stems the search wrote with the same algorithm in Python.
ROOTS = {
    "belajar": "ajar",
    "pembelajaran": "ajar",
    "mengajar": "ajar",
    "pelajaran": "ajar",
    "membaca": "baca",
    "bacaan": "baca",
    "bermain": "main",
    "permainan": "main",
    "kelasnya": "kelas",
    "berdiferensiasi": "diferensiasi",
    "diferensiasi": "ferensiasi",
    "menyenangkan": "senang",
    "keberhasilan": "hasil",
    "perbaikan": "baik",
    "kemampuan": "mampu",
}


def test_the_index_holds_the_roots_the_database_gives(fasilitator, indexed):
    community = make_community(fasilitator, name="Kata", domain="x", description=" ".join(ROOTS))
    indexed()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            held = {}
            for word in ROOTS:
                cursor.execute("SELECT ts_lexize('indonesian_stem', %s)", [word])
                held[word] = cursor.fetchone()[0][0]
            cursor.execute(
                "SELECT array_to_string(tsvector_to_array(document), ' ') FROM search_searchentry"
                " WHERE source = 'communities.community' AND object_id = %s",
                [community.pk],
            )
            lexemes = set(cursor.fetchone()[0].split())
        else:
            held = {word: stem(word) for word in ROOTS}
            cursor.execute(
                "SELECT f.body FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid"
                " WHERE e.source = 'communities.community' AND e.object_id = %s",
                [community.pk],
            )
            lexemes = set(cursor.fetchone()[0].split())
    assert held == ROOTS
    assert set(ROOTS.values()) <= lexemes
    # And Python's stemmer (used for snippets on both) agrees with the database's.
    assert {word: stem(word) for word in ROOTS} == held


def test_a_word_matching_very_much_ranks_the_newest_matches_and_says_so(
    fasilitator, member, indexed, settings, login
):
    settings.SEARCH_RANKED_WINDOW = 3
    made = [
        make_community(fasilitator, name=f"Numerasi {n}", domain="Komunitas guru") for n in range(5)
    ]
    indexed()
    assert set(names(member, "numerasi")) == {"Numerasi 2", "Numerasi 3", "Numerasi 4"}
    # A filter keeps its matches first, then the newest of them are ranked.
    assert set(names(member, "numerasi", source="communities.community")) == {
        "Numerasi 2",
        "Numerasi 3",
        "Numerasi 4",
    }
    assert names(member, "numerasi", community=made[0]) == ["Numerasi 0"]
    html = login(member).get("/cari/", {"q": "numerasi"}).content.decode()
    assert "hanya 3 terbaru" in html
    html = login(member).get("/cari/", {"q": "numerasi", "kind": "communities.community"})
    assert "hanya 3 terbaru" in html.content.decode()
    html = login(member).get("/cari/", {"q": "numerasi", "community": made[0].pk})
    assert "hanya 3 terbaru" not in html.content.decode()
