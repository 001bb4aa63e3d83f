"""The search page /cari/ and the search box in the header."""

import pytest

from komunitas.search.models import SearchEntry
from tests.budget import ok
from tests.factories import make_community

pytestmark = pytest.mark.django_db


def in_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_the_page_needs_a_login(client):
    response = client.get("/cari/", {"q": "belajar"})
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_the_page_without_a_query_shows_the_form_only(login, member):
    response = login(member).get("/cari/")
    assert response.status_code == 200
    assert response.context["page"] is None
    assert b'name="q"' in response.content


def test_results_mark_the_words_and_link_to_the_thing(
    login, member, public_community, private_community, indexed
):
    indexed()
    response = login(member).get("/cari/", {"q": "belajar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/k/berdiferensiasi/">Komunitas <mark>Pembelajaran</mark>' in html
    assert "<mark>Pembelajaran</mark> berdiferensiasi di kelas rangkap" in html


def test_an_outsider_never_sees_a_private_communitys_title(
    login, outsider, public_community, private_community, indexed
):
    indexed()
    for params in ({"q": "sekolah"}, {"q": "rahasia"}, {"q": "pembelajaran"}):
        html = login(outsider).get("/cari/", params).content.decode()
        assert "Rahasia" not in html
        assert "lingkar-rahasia" not in html


def test_an_outsider_cannot_filter_by_a_private_community(
    login, outsider, private_community, indexed
):
    indexed()
    response = login(outsider).get("/cari/", {"community": private_community.pk})
    assert response.status_code == 400
    assert "Rahasia" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "belajar", "start": "kemarin"},
        {"q": "belajar", "start": "2026-05-02", "end": "2026-05-01"},
        {"q": "belajar", "kind": "nothing.here"},
        {"q": "belajar", "solved": "maybe"},
        {"q": "belajar", "author": "abc"},
        {"q": "x" * 201},
    ],
    ids=["bad-date", "end-before-start", "unknown-kind", "bad-solved", "bad-author", "long"],
)
def test_bad_input_gives_the_form_back_with_a_message(login, member, params):
    client = login(in_english(member))
    response = client.get("/cari/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="errors" role="alert">Please correct the marked fields below.</p>' in html
    assert 'class="errorlist' in html
    assert response.context["page"] is None


def test_a_nul_byte_in_the_words_is_dropped_before_the_search(login, member):
    """NUL bytes are taken out of every query string (lib/middleware.NulByteMiddleware)."""
    response = login(in_english(member)).get("/cari/", {"q": "guru\x00"})
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["q"] == "guru"


def test_the_end_date_before_the_start_says_so(login, member):
    client = login(in_english(member))
    response = client.get("/cari/", {"start": "2026-05-02", "end": "2026-05-01"})
    assert "The end date comes before the start date." in response.content.decode()
    assert 'value="2026-05-02"' in response.content.decode()


@pytest.mark.parametrize(
    "query", ['"', "OR", "NEAR(a b)", "a AND", "*", "-x", "kelas:", "^", "((", "'; --"]
)
def test_query_syntax_of_the_databases_is_just_text(login, member, public_community, query):
    response = login(member).get("/cari/", {"q": query})
    assert response.status_code == 200


def test_kind_filter(login, member, public_community, indexed, fasilitator):
    from komunitas.communities.models import Community

    make_community(fasilitator, name="Belajar Daring", kind=Community.Kind.ONLINE)
    indexed()
    client = login(member)
    online = client.get("/cari/", {"q": "belajar", "kind": "communities.community:daring"})
    assert [hit.entry.title for hit in online.context["hits"]] == ["Belajar Daring"]
    every = client.get("/cari/", {"q": "belajar", "kind": "communities.community"})
    assert len(every.context["hits"]) == 2


def test_filters_alone_list_newest_first(login, member, fasilitator, indexed):
    first = make_community(fasilitator, name="Pertama")
    second = make_community(fasilitator, name="Kedua")
    indexed()
    response = login(member).get("/cari/", {"kind": "communities.community"})
    assert [hit.entry.object_id for hit in response.context["hits"]] == [second.pk, first.pk]


def test_the_page_speaks_english_when_asked(login, member, public_community, indexed):
    indexed()
    client = login(in_english(member))
    html = client.get("/cari/", {"q": "belajar"}).content.decode()
    assert "1 result" in html
    assert "Search for" in html


def test_the_page_speaks_indonesian_by_default(login, member, public_community, indexed):
    indexed()
    html = login(member).get("/cari/", {"q": "zzzz"}).content.decode()
    assert "Tidak ada yang ditemukan" in html
    assert "0 hasil" in html


def test_the_header_has_a_search_box_on_every_page(login, member):
    client = login(member)
    home = client.get("/").content.decode()
    assert 'action="/cari/"' in home and 'name="q"' in home
    # The search page has its own box, with what was typed, escaped; not a second one on top.
    on_search = client.get("/cari/", {"q": "guru <b>"}).content.decode()
    assert 'id="top-search-q"' not in on_search
    assert 'value="guru &lt;b&gt;"' in on_search


def test_pages_of_twenty(login, member, fasilitator, indexed):
    for n in range(23):
        make_community(fasilitator, name=f"Komunitas Numerasi {n}")
    indexed()
    client = login(member)
    first = client.get("/cari/", {"q": "numerasi"})
    assert len(first.context["hits"]) == 20
    assert first.context["page"].paginator.count == 23
    second = client.get("/cari/", {"q": "numerasi", "page": 2})
    assert len(second.context["hits"]) == 3
    beyond = client.get("/cari/", {"q": "numerasi", "page": "99"})
    assert beyond.status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_results(
    login, member, fasilitator, indexed, django_assert_max_num_queries
):
    client = login(member)
    make_community(fasilitator, name="Komunitas Numerasi")
    indexed()
    with django_assert_max_num_queries(15) as few:
        ok(client.get("/cari/", {"q": "numerasi"}))
    for n in range(25):
        make_community(fasilitator, name=f"Komunitas Numerasi {n}")
    indexed()
    assert SearchEntry.objects.count() == 26
    with django_assert_max_num_queries(15) as many:
        response = ok(client.get("/cari/", {"q": "numerasi"}))
    assert len(response.context["hits"]) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_meeting_and_a_reflection_are_listed_under_their_own_day(
    login, member, public_community, indexed
):
    import datetime

    import time_machine

    from komunitas.journeys.models import Reflection
    from komunitas.meetings.models import Meeting

    with time_machine.travel(datetime.datetime(2026, 5, 1, 3, tzinfo=datetime.UTC)):
        Meeting.objects.create(
            community=public_community, title="Kopdar asesmen formatif",
            starts_at=datetime.datetime(2026, 5, 21, 7, tzinfo=datetime.UTC),
            mode=Meeting.Mode.IN_PERSON, place="SDN 1",
        )  # fmt: skip
        Reflection.objects.create(
            author=member, title="Refleksi asesmen formatif", body="Catatan",
            written_on=datetime.date(2026, 4, 20),
        )  # fmt: skip
    indexed()
    client = login(member)
    html = client.get("/cari/", {"q": "asesmen formatif"}).content.decode()
    assert ">21 Mei 2026<" in html and ">20 Apr 2026<" in html and ">1 Mei 2026<" not in html
    found = client.get("/cari/", {"q": "asesmen formatif", "start": "2026-05-20"})
    assert "Kopdar" in found.content.decode() and "Refleksi asesmen" not in found.content.decode()
