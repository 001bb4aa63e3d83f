"""On a phone: a fasilitator saves a solved answer to the library and adds it to a collection;
a member finds it by subject and phase and downloads it."""

from pathlib import Path

import pytest

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.discussions.actions import do_create_post, do_mark_solution, do_reply
from komunitas.discussions.models import Post
from komunitas.lib.pdf import simple_pdf
from komunitas.pustaka.models import Collection, Resource
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_solved_answer_goes_to_the_library_and_a_member_downloads_it(
    page, site, tmp_path, _media
):
    ratna = make_user("ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK)
    siti = make_user("siti@contoh.test", full_name="Siti Rahayu")
    dewi = make_user("dewi@contoh.test", full_name="Dewi Lestari")
    community = make_community(ratna, name="KKG Matematika Gugus Melati", slug="kkg-matematika")
    do_add_member(community=community, user=siti)
    do_add_member(community=community, user=dewi)
    question = do_create_post(
        author=siti,
        community=community,
        kind=Post.Kind.QUESTION,
        title="Bagaimana mengenalkan pecahan senilai?",
        body="Murid kelas 3 bingung mengapa 1/2 sama dengan 2/4.",
        subjects=["matematika"],
        phases=["B"],
    )
    answer = do_reply(post=question, author=dewi, body="Pakai kertas lipat: lipat dua, lalu 4.")
    do_mark_solution(post=question, reply=answer, by=siti)
    Collection.objects.create(title="Jawaban pilihan", owner=ratna, community=community)
    worksheet = tmp_path / "lembar-kerja-kertas-lipat.pdf"
    worksheet.write_bytes(simple_pdf("Lembar kerja kertas lipat", ["Lipat dua, arsir satu."]))

    # Ratna, the fasilitator, opens the solved question and saves the answer to the library.
    log_in(page, site, "ratna@contoh.test")
    page.goto(f"{site}/diskusi/{question.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Simpan ke pustaka").click()
    assert page.locator("input[name=title]").input_value() == question.title
    assert page.locator("select[name=subject]").input_value() == "matematika"
    assert page.locator("select[name=phase]").input_value() == "B"
    assert page.locator("input[name=author_name]").input_value() == "Dewi Lestari"
    page.locator("select[name=kind]").select_option("lembar_kerja")
    page.locator("input[name=file]").set_input_files(str(worksheet))
    assert horizontal_overflow(page) == []
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    resource = Resource.objects.get()
    assert page.url == f"{site}/pustaka/{resource.pk}/"
    assert page.locator(".msg-success").is_visible()
    assert page.get_by_role("link", name=question.title).is_visible()  # back to the thread

    # ... and adds it to the community's collection.
    page.locator("select[name=collection]").select_option(label="Jawaban pilihan")
    with page.expect_navigation():
        page.locator(".pustaka-collect button[type=submit]").click()
    assert page.locator(".msg-success").is_visible()
    assert Collection.objects.get().items.get().resource == resource
    with page.expect_navigation():
        page.get_by_role("button", name="Keluar").click()

    # Siti, on her phone, finds it by subject and phase and downloads it.
    log_in(page, site, "siti@contoh.test")
    with page.expect_navigation():
        page.get_by_role("link", name="Pustaka", exact=True).click()
    page.locator("details.filters summary").click()
    page.locator("select[name=subject]").select_option("matematika")
    page.locator("select[name=phase]").select_option("B")
    with page.expect_navigation():
        page.locator("form.pustaka-find button[type=submit]").click()
    assert "subject=matematika" in page.url and "phase=B" in page.url
    assert horizontal_overflow(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name=question.title).click()
    assert page.get_by_text("Dewi Lestari").first.is_visible()
    assert horizontal_overflow(page) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh").first.click()
    download = download_info.value
    assert download.suggested_filename == "lembar-kerja-kertas-lipat.pdf"
    assert Path(download.path()).read_bytes() == worksheet.read_bytes()
    resource.refresh_from_db()
    assert resource.download_count == 1
