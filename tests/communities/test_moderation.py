"""Reports, a fasilitator deleting a community, and the operators' moderation pages."""

import pytest

from komunitas.communities.actions import do_delete_community, do_report_community
from komunitas.communities.models import Community, LogEntry, Report
from tests.factories import make_community, make_user

pytestmark = pytest.mark.django_db

PAGES = ["/k/moderasi/", "/k/moderasi/dihapus/", "/k/moderasi/log/"]
PEOPLE = ["fasilitator", "member", "partner", "outsider", "operator"]


@pytest.fixture
def community(request):
    return request.getfixturevalue(f"{request.param}_community")


# --- who may open the moderation pages


@pytest.mark.parametrize("community", ["public", "private"], indirect=True)
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("page", [*PAGES, "one"])
def test_only_operators_open_the_moderation_pages(login, request, community, person, page):
    do_report_community(community=community, by=make_user(), reason="spam", details="Iklan")
    url = f"/k/moderasi/k/{community.slug}/" if page == "one" else page
    response = login(request.getfixturevalue(person)).get(url)
    assert response.status_code == (200 if person == "operator" else 403)
    if person == "operator" and page in ("/k/moderasi/", "one"):
        assert community.name in response.content.decode()


@pytest.mark.parametrize("community", ["public", "private"], indirect=True)
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("action", ["hapus", "pulihkan"])
def test_only_operators_delete_and_restore_from_the_moderation_page(
    login, request, community, person, action
):
    if action == "pulihkan":
        do_delete_community(community=community, by=None, reason="Uji")
    data = {"reason": "Keputusan moderasi"}
    response = login(request.getfixturevalue(person)).post(
        f"/k/moderasi/k/{community.slug}/{action}/", data
    )
    community.refresh_from_db()
    if person == "operator":
        assert response.status_code == 302
        assert (community.deleted_at is None) == (action == "pulihkan")
    else:
        assert response.status_code == 403
        assert (community.deleted_at is None) == (action == "hapus")


# --- reporting


@pytest.mark.parametrize(
    ("visibility", "person", "expected"),
    [
        ("public", "member", 200),
        ("public", "partner", 200),
        ("public", "outsider", 200),
        ("public", "fasilitator", 403),
        ("public", "operator", 200),
        ("private", "member", 200),
        ("private", "outsider", 404),
        ("private", "fasilitator", 403),
    ],
)
def test_who_may_report_a_community(login, request, visibility, person, expected):
    community = request.getfixturevalue(f"{visibility}_community")
    response = login(request.getfixturevalue(person)).get(f"/k/{community.slug}/laporkan/")
    assert response.status_code == expected


def test_a_reader_reports_a_community_and_it_is_logged(login, outsider, public_community):
    client = login(outsider)
    response = client.post(
        f"/k/{public_community.slug}/laporkan/", {"reason": "spam", "details": "Jualan buku"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.status) == (outsider, "spam", "open")
    assert public_community.log_entries.filter(kind=LogEntry.Kind.COMMUNITY_REPORTED).exists()
    # A second report while the first is open is refused, politely.
    client.post(f"/k/{public_community.slug}/laporkan/", {"reason": "other"})
    assert Report.objects.count() == 1


def test_a_bad_report_gives_the_text_back(login, outsider, public_community):
    response = login(outsider).post(
        f"/k/{public_community.slug}/laporkan/", {"reason": "nonsense", "details": "Teks saya"}
    )
    assert response.status_code == 400
    assert "Teks saya" in response.content.decode()
    assert not Report.objects.exists()


def test_the_report_link_shows_on_the_community_page(login, outsider, public_community):
    page = login(outsider).get(f"/k/{public_community.slug}/").content.decode()
    assert f"/k/{public_community.slug}/laporkan/" in page


# --- operators decide, with a reason, and it is logged


def test_an_operator_dismisses_a_report_with_a_reason(login, operator, public_community, member):
    report = do_report_community(community=public_community, by=member, reason="other", details="?")
    client = login(operator)
    response = client.post(f"/k/moderasi/laporan/{report.pk}/abaikan/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(
        f"/k/moderasi/laporan/{report.pk}/abaikan/", {"reason": "Bukan pelanggaran"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.handled_by, report.note) == (
        "dismissed",
        operator,
        "Bukan pelanggaran",
    )
    event = public_community.log_entries.get(kind=LogEntry.Kind.REPORT_DISMISSED)
    assert (event.actor, event.reason) == (operator, "Bukan pelanggaran")
    # A handled report is no longer open: its dismiss page answers 404.
    assert client.get(f"/k/moderasi/laporan/{report.pk}/abaikan/").status_code == 404


def test_an_operator_deletes_a_reported_community_and_restores_it(
    login, operator, member, public_community
):
    report = do_report_community(community=public_community, by=member, reason="harmful")
    client = login(operator)
    assert client.post(f"/k/moderasi/k/{public_community.slug}/hapus/", {}).status_code == 400
    public_community.refresh_from_db()
    assert public_community.deleted_at is None

    client.post(f"/k/moderasi/k/{public_community.slug}/hapus/", {"reason": "Ujaran kebencian"})
    public_community.refresh_from_db()
    report.refresh_from_db()
    assert public_community.deleted_at is not None
    assert (report.status, report.handled_by) == ("acted", operator)
    assert login(member).get(f"/k/{public_community.slug}/").status_code == 404

    client = login(operator)
    deleted_page = client.get("/k/moderasi/dihapus/").content.decode()
    assert public_community.name in deleted_page and "Ujaran kebencian" in deleted_page
    client.post(f"/k/moderasi/k/{public_community.slug}/pulihkan/", {"reason": "Sudah diperbaiki"})
    public_community.refresh_from_db()
    assert public_community.deleted_at is None
    kinds = list(public_community.log_entries.values_list("kind", "reason", "actor")[:2])
    assert kinds == [
        (LogEntry.Kind.COMMUNITY_RESTORED, "Sudah diperbaiki", operator.pk),
        (LogEntry.Kind.COMMUNITY_DELETED, "Ujaran kebencian", operator.pk),
    ]
    assert login(member).get(f"/k/{public_community.slug}/").status_code == 200


def test_the_log_filters_by_community_and_kind(login, operator, public_community, member):
    other = make_community(name="Komunitas Lain", slug="komunitas-lain")
    do_report_community(community=other, by=member, reason="spam")
    client = login(operator)
    page = client.get("/k/moderasi/log/?community=komunitas-lain").content.decode()
    assert "Komunitas Lain" in page and public_community.name not in page
    page = client.get("/k/moderasi/log/?kind=community_reported").content.decode()
    assert "Komunitas Lain" in page and public_community.name not in page
    assert client.get("/k/moderasi/log/?kind=nonsense&community=%00").status_code == 200


# --- a fasilitator deletes their own community


def test_a_fasilitator_deletes_the_community_with_a_reason(login, fasilitator, public_community):
    client = login(fasilitator)
    url = f"/k/{public_community.slug}/hapus/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Kami bergabung dengan KKG lain"}).status_code == 302
    public_community.refresh_from_db()
    assert public_community.deleted_at is not None
    event = public_community.log_entries.get(kind=LogEntry.Kind.COMMUNITY_DELETED)
    assert (event.actor, event.reason) == (fasilitator, "Kami bergabung dengan KKG lain")
    assert not Community.objects.visible_to(fasilitator).filter(pk=public_community.pk).exists()


@pytest.mark.parametrize(
    ("visibility", "person", "expected"),
    [
        ("public", "member", 403),
        ("public", "partner", 403),
        ("public", "outsider", 403),
        ("private", "outsider", 404),
        ("private", "member", 403),
    ],
)
def test_others_cannot_delete_a_community(login, request, visibility, person, expected):
    community = request.getfixturevalue(f"{visibility}_community")
    client = login(request.getfixturevalue(person))
    assert client.post(f"/k/{community.slug}/hapus/", {"reason": "x"}).status_code == expected
    community.refresh_from_db()
    assert community.deleted_at is None


# --- bounded queries


@pytest.mark.parametrize("page", PAGES)
def test_the_moderation_pages_run_the_same_queries_for_few_or_many(
    login, operator, page, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            community = make_community()
            do_report_community(community=community, by=make_user(), reason="spam", details="x")
            do_report_community(community=community, by=make_user(), reason="other")
            do_delete_community(community=make_community(), by=operator, reason="Spam")

    client = login(operator)
    add(1)
    with django_assert_max_num_queries(15) as few:
        assert client.get(page).status_code == 200
    add(12)
    with django_assert_max_num_queries(15) as many:
        assert client.get(page).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_operators_find_the_open_reports_on_their_home_page(
    login, operator, member, public_community
):
    do_report_community(community=public_community, by=member, reason="spam")
    page = login(operator).get("/").content.decode()
    assert "/k/moderasi/" in page and "1 laporan terbuka" in page
    assert "/k/moderasi/" not in login(member).get("/").content.decode()
