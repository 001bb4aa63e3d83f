"""The practice portfolio: a paged timeline of one's own evidence, and a PDF of it that reads
back with what the member wrote, whatever script they wrote it in."""

import datetime
import io

import pytest
from pypdf import PdfReader

from komunitas.discussions.actions import (
    do_create_post,
    do_mark_solution,
    do_record_application,
    do_reply,
)
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.journeys.models import Reflection
from komunitas.journeys.portfolio import timeline_page
from tests.budget import ok

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def evidence(member, colleague, community):
    practice = do_create_post(
        author=colleague, community=community, kind=Post.Kind.GOOD_PRACTICE,
        title="Kartu giliran bicara", sections={"what_i_did": "Dua kartu per murid."},
        check_rate=False,
    )  # fmt: skip
    do_record_application(
        member=member, target=practice, applied_on=datetime.date(2026, 3, 10), class_name="4B",
        what_happened="Murid pendiam mulai bicara", outcome="better",
    )  # fmt: skip
    challenge = do_create_post(
        author=member, community=community, kind=Post.Kind.CHALLENGE,
        title="Kelas ramai setelah berkelompok", body="Bagaimana?", check_rate=False,
    )  # fmt: skip
    reply = do_reply(post=challenge, author=colleague, body="Pakai lonceng kecil", check_rate=False)
    do_mark_solution(post=challenge, reply=reply, by=member)
    own_practice = do_create_post(
        author=member, community=community, kind=Post.Kind.GOOD_PRACTICE,
        title="Pojok baca kelas 4", sections={"context": "Sudut kelas kosong"}, check_rate=False,
    )  # fmt: skip
    Reflection.objects.create(
        author=member, title="Refleksi pekan ke-3", facts="Fakta — “kutipan” dan ✓",
        feelings="Senang 😊 ꦱꦸꦏ", template="4f", written_on=datetime.date(2026, 3, 12),
    )  # fmt: skip
    return practice, challenge, own_practice


def test_the_portfolio_shows_the_four_kinds_of_evidence(login, member, evidence):
    practice, challenge, own_practice = evidence
    page = login(member).get("/belajar/portofolio/")
    kinds = {item.kind for item in page.context["items"]}
    assert kinds == {"applied", "solved", "practice", "reflection"}
    html = page.content.decode()
    for text in ("Kartu giliran bicara", "Kelas ramai setelah berkelompok", "Pojok baca kelas 4",
                 "Refleksi pekan ke-3"):  # fmt: skip
        assert text in html


def test_the_pdf_reads_back_with_the_members_words(login, member, evidence):
    response = login(member).get("/belajar/portofolio.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="portofolio-')
    text = _pdf_text(response)
    for expected in ("Siti Rahayu", "Kartu giliran bicara", "4B", "Murid pendiam mulai bicara",
                     "Kelas ramai setelah berkelompok", "Pakai lonceng kecil",
                     "Pojok baca kelas 4", "Sudut kelas kosong", "Refleksi pekan ke-3",
                     "Fakta — “kutipan” dan ✓"):  # fmt: skip
        assert expected in text, expected


def test_the_portfolio_is_only_ones_own(login, colleague, evidence):
    page = login(colleague).get("/belajar/portofolio/")
    assert "Refleksi pekan ke-3" not in page.content.decode()
    assert "Refleksi pekan ke-3" not in _pdf_text(login(colleague).get("/belajar/portofolio.pdf"))


def test_the_timeline_pages_without_skipping_or_repeating(member, community):
    for i in range(7):
        Reflection.objects.create(
            author=member, title=f"r{i}", body="b", template="free",
            written_on=datetime.date(2026, 3, 1 + i // 3),
        )  # fmt: skip
        ClassroomApplication.objects.create(
            member=member, community=community, target=community, class_name="1",
            applied_on=datetime.date(2026, 3, 1 + i // 2), what_happened="x", outcome="same",
        )  # fmt: skip
    seen, cursor, pages = [], None, 0
    while True:
        items, cursor = timeline_page(member, cursor=cursor and _parse(cursor), per_page=4)
        seen += [(item.kind, item.obj.pk) for item in items]
        pages += 1
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 14 and pages == 4
    first, _next = timeline_page(member, per_page=14)
    assert [i.key for i in first] == sorted((i.key for i in first), reverse=True)


def _parse(cursor):
    from komunitas.journeys.portfolio import parse_cursor

    return parse_cursor(cursor)


def test_a_bad_cursor_shows_the_first_page(login, member, evidence):
    assert login(member).get("/belajar/portofolio/?dari=kemarin").status_code == 200


def test_the_portfolio_queries_do_not_grow(login, member, colleague, community, evidence):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(member)
    with CaptureQueriesContext(connection) as few:
        ok(client.get("/belajar/portofolio/"))
        ok(client.get("/belajar/portofolio.pdf"))
    practice = evidence[0]
    for i in range(12):
        do_record_application(
            member=member, target=practice, applied_on=datetime.date(2026, 3, 1), class_name=f"{i}",
            what_happened="x", outcome="same",
        )  # fmt: skip
        Reflection.objects.create(author=member, title=f"r{i}", body="b", template="free")
    with CaptureQueriesContext(connection) as many:
        ok(client.get("/belajar/portofolio/"))
        ok(client.get("/belajar/portofolio.pdf"))
    assert len(many) == len(few)
