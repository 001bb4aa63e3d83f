"""A teacher searches from the header on a phone, narrows to questions and to one author.

The posts are written through the discussions services against the live server's database, so
the index is kept by the real on-commit signal handlers, as on the site.
"""

import pytest

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community
from komunitas.discussions.actions import do_create_post, do_reply
from komunitas.discussions.models import Post
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser


def test_a_teacher_finds_a_question_by_another_form_of_the_word(page, site):
    ratna = make_user("ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK)
    siti = make_user("siti@contoh.test", full_name="Siti Rahayu")
    public = make_community(
        ratna, name="Komunitas Kelas Rangkap", slug="kelas-rangkap", domain="Kelas rangkap di SD"
    )
    secret = make_community(
        ratna,
        name="Lingkar Kepala Sekolah",
        slug="lingkar",
        visibility=Community.Visibility.PRIVATE,
        join_policy=Community.JoinPolicy.INVITATION,
    )
    do_add_member(community=public, user=siti)
    question = do_create_post(
        author=ratna,
        community=public,
        kind=Post.Kind.QUESTION,
        title="Pembelajaran dua kelas sekaligus?",
        body="Bagaimana <b>mengatur</b> waktu pembelajaran untuk kelas 1 dan 2?",
        tags=["kelas rangkap"],
    )
    do_reply(post=question, author=siti, body="Saya membagi pembelajaran jadi dua sesi.")
    do_create_post(
        author=ratna,
        community=public,
        kind=Post.Kind.REFLECTION,
        title="Refleksi pembelajaran minggu ini",
        body="Murid senang.",
    )
    do_create_post(
        author=ratna,
        community=secret,
        kind=Post.Kind.QUESTION,
        title="Pembelajaran rahasia kepala sekolah",
        body="Hanya untuk lingkar.",
    )

    log_in(page, site, "siti@contoh.test")
    page.locator("#top-search-q").fill("belajar")
    with page.expect_navigation():
        page.locator("#top-search-q").press("Enter")
    assert page.url.startswith(f"{site}/cari/?q=belajar")
    results = page.locator(".search-results > li")
    assert results.count() == 3  # the question, the reply, the reflection; not the private one
    assert "rahasia" not in page.locator("main").inner_text().lower()
    marks = page.locator(".search-results mark").all_inner_texts()
    assert marks and {mark.lower() for mark in marks} == {"pembelajaran"}
    snippets = " ".join(page.locator(".search-snippet").all_inner_texts())
    assert "<b>mengatur</b>" in snippets  # the member's text, shown as text
    assert horizontal_overflow(page) == []

    page.locator("details.filters summary").click()
    page.locator("select[name=kind]").select_option("discussions.post:question")
    with page.expect_navigation():
        page.locator("details.filters button[type=submit]").click()
    assert results.count() == 1
    assert results.first.locator("h2").inner_text() == "Pembelajaran dua kelas sekaligus?"
    assert horizontal_overflow(page) == []

    page.locator("select[name=kind]").select_option("")
    with page.expect_navigation():
        page.locator("details.filters button[type=submit]").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Siti Rahayu").click()
    assert results.count() == 1
    assert "dua sesi" in results.first.inner_text()
    with page.expect_navigation():
        results.first.locator("h2 a").click()
    assert page.url.startswith(f"{site}/diskusi/{question.pk}/")
