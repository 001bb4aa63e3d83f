"""On a phone: Siti asks a question (her draft survives a reload), Joko answers, Siti marks the
solution, and Dewi reports having applied it in her class."""

import re

import pytest
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community
from komunitas.discussions.models import ClassroomApplication, Draft, Post
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser

QUESTION = "Asesmen diagnostik yang cepat untuk 32 murid?"


def _as(page, site, email):
    page.context.clear_cookies()
    log_in(page, site, email)


def test_ask_answer_solve_and_apply_in_class_on_a_phone(page, site):
    ratna = make_user("ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK)
    community = make_community(
        ratna,
        name="Komunitas Berdiferensiasi",
        slug="berdiferensiasi",
        join_policy=Community.JoinPolicy.APPROVAL,
    )
    for email, name in (
        ("siti@contoh.test", "Siti Rahayu"),
        ("joko@contoh.test", "Joko Santoso"),
        ("dewi@contoh.test", "Dewi Lestari"),
    ):
        do_add_member(community=community, user=make_user(email, full_name=name))

    # Siti asks. She starts writing; the draft is saved on the server while she types.
    _as(page, site, "siti@contoh.test")
    page.goto(f"{site}/k/berdiferensiasi/diskusi/")
    assert horizontal_overflow(page) == []
    page.get_by_role("link", name="Pertanyaan").click()
    page.fill("input[name=title]", QUESTION)
    page.fill("textarea[name=body]", "Kelas 4 saya 32 murid. Adakah cara yang **cepat**?")
    page.locator("#draft-status").get_by_text("Draf tersimpan").wait_for()
    page.reload()  # as if the connection dropped
    assert page.input_value("input[name=title]") == QUESTION
    assert "cepat" in page.input_value("textarea[name=body]")
    assert horizontal_overflow(page) == []
    page.fill("input[name=tags]", "asesmen diagnostik")
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan").click()
    post = Post.objects.get(title=QUESTION)
    assert page.url == f"{site}{post.get_absolute_url()}"
    assert page.locator(".prose strong").inner_text() == "cepat"
    # Published, the text is no longer a draft, even if an autosave arrived late.
    page.goto(f"{site}/k/berdiferensiasi/diskusi/tulis/question/")
    assert page.input_value("input[name=title]") == ""
    assert all(draft.data.get("published_at") for draft in Draft.objects.all())

    # Joko finds it among the posts that need help, and answers.
    _as(page, site, "joko@contoh.test")
    page.goto(f"{site}/diskusi/?urut=help")
    page.get_by_role("link", name=QUESTION).click()
    page.fill("textarea[name=body]", "Pakai **tiket keluar** tiga soal di akhir pelajaran.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim balasan").click()
    answer = post.replies.get()
    assert page.locator(f"#balasan-{answer.pk}").is_visible()
    assert horizontal_overflow(page) == []

    # Siti marks Joko's answer as the solution.
    _as(page, site, "siti@contoh.test")
    page.goto(f"{site}{post.get_absolute_url()}")
    with page.expect_navigation():
        page.get_by_role("button", name="Tandai sebagai solusi").click()
    assert page.locator(".dz-solution .dz-solution-label").is_visible()
    post.refresh_from_db()
    assert post.solution == answer and post.solved_at and post.first_reply_at
    assert horizontal_overflow(page) == []

    # Dewi tried it in her class and says how it went.
    _as(page, site, "dewi@contoh.test")
    page.goto(f"{site}{post.get_absolute_url()}")
    page.get_by_role("link", name="Saya terapkan di kelas").click()
    page.fill("input[name=applied_on]", timezone.localdate().isoformat())
    page.fill("input[name=class_name]", "4B")
    page.select_option("select[name=phase]", "B")
    page.fill("textarea[name=what_happened]", "Tiket keluar tiga soal; pengelompokan lebih cepat.")
    page.get_by_label("Lebih baik bagi murid saya").check()
    assert horizontal_overflow(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim").click()
    assert page.url.startswith(f"{site}{post.get_absolute_url()}")
    assert re.search(r"1 anggota sudah menerapkannya", page.locator(".dz-applied").inner_text())
    application = ClassroomApplication.objects.get()
    assert application.member.email == "dewi@contoh.test"
    assert application.reply == answer and application.outcome == "better"
