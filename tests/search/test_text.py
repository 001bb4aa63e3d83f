"""Words, stems, queries and snippets: the parts the two databases share."""

import pytest

from komunitas.search.text import highlight, parse_query, snippet, stem, stemmed

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>klik</a>",
    '"><svg onload=alert(1)>',
    "&lt;script&gt;belajar",
    "</mark><script>x</script><mark>",
]


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("belajar", "ajar"),
        ("pembelajaran", "ajar"),
        ("mengajar", "ajar"),
        ("pengajaran", "ajar"),
        ("pelajaran", "ajar"),
        ("membaca", "baca"),
        ("bacaan", "baca"),
        ("permainan", "main"),
        ("bermain", "main"),
        ("kelasnya", "kelas"),
    ],
)
def test_indonesian_affixes_reduce_to_the_root(word, root):
    assert stem(word) == root


def test_text_is_stored_as_stems():
    assert stemmed("Pembelajaran, MENGAJAR; murid-murid") == "ajar ajar murid murid"


def test_a_query_keeps_each_word_once_and_drops_common_words():
    terms = parse_query("cara belajar yang menyenangkan untuk belajar")
    assert [term.word for term in terms] == ["cara", "belajar", "menyenangkan"]
    assert terms[1].forms == {"ajar", "belajar"}
    assert parse_query("berdiferensiasi")[0].forms == {
        "berdiferensiasi",
        "diferensiasi",
        "ferensiasi",
    }


def test_a_query_of_only_common_words_keeps_them():
    assert [term.word for term in parse_query("yang dan")] == ["yang", "dan"]


def test_a_query_counts_at_most_eight_words():
    assert len(parse_query("satu dua tiga empat lima enam tujuh delapan sembilan sepuluh")) == 8


def test_a_query_of_punctuation_has_no_terms():
    assert parse_query("*()-:^\"'<>") == []


def test_highlight_marks_every_form_of_the_word():
    marked = highlight("Belajar dari pembelajaran, bukan dari bermain", parse_query("belajar"))
    assert str(marked) == (
        "<mark>Belajar</mark> dari <mark>pembelajaran</mark>, bukan dari bermain"
    )


def test_a_word_with_di_matches_its_form_with_ber():
    # Snowball strips di- (diferensiasi -> ferensiasi) but not after ber- (berdiferensiasi ->
    # diferensiasi): the query matches the word's stem or the word itself as a stem.
    marked = highlight("Pembelajaran berdiferensiasi", parse_query("diferensiasi"))
    assert str(marked) == "Pembelajaran <mark>berdiferensiasi</mark>"


@pytest.mark.parametrize("payload", XSS)
def test_snippets_escape_the_members_text(payload):
    text = f"Cara belajar {payload} di kelas rangkap {payload}"
    for html in (snippet(text, parse_query("belajar kelas")), highlight(text, parse_query("x"))):
        assert "<script" not in html
        assert "<img" not in html
        assert "<svg" not in html
        assert "<a " not in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_shows_the_passage_where_the_words_are():
    text = "Awal cerita. " * 40 + "Murid belajar membaca dengan kartu kata. " + "Akhir. " * 40
    shown = str(snippet(text, parse_query("membaca kartu")))
    assert "<mark>membaca</mark>" in shown and "<mark>kartu</mark>" in shown
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(shown) < 320


def test_snippet_without_words_is_the_beginning():
    assert str(snippet("Pendek saja.", [])) == "Pendek saja."
    long = str(snippet("kata " * 200, []))
    assert long.endswith(" …") and len(long) <= 245
