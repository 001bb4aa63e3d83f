"""From training to practice on a phone: a teacher records a training, posts a challenge from it
to her community, receives a solution, logs that she applied it in class and finds it in her
practice portfolio (and its PDF)."""

import pytest
from pypdf import PdfReader

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.discussions.actions import do_mark_solution, do_reply
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.journeys.models import TrainingChallenge
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser


def _submit(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


def test_a_teacher_takes_a_training_challenge_to_her_community_and_into_class(page, site):
    fasilitator = make_user(
        "ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK
    )
    community = make_community(fasilitator, name="KKG Gugus Melati", slug="gugus-melati")
    siti = make_user("siti@contoh.test", full_name="Siti Rahayu")
    dewi = make_user("dewi@contoh.test", full_name="Dewi Wulandari")
    do_add_member(community=community, user=siti)
    do_add_member(community=community, user=dewi)

    log_in(page, site, "siti@contoh.test")
    page.goto(site + "/belajar/")
    assert horizontal_overflow(page) == []
    with page.expect_navigation():
        page.locator("main a[href='/belajar/pelatihan/baru/']").first.click()

    # 1. Record the training.
    page.fill("#id_name", "Pelatihan Asesmen Diagnostik")
    page.fill("#id_organiser", "Dinas Pendidikan Sleman")
    page.fill("#id_started_on", "2026-02-10")
    page.fill("#id_ended_on", "2026-02-12")
    page.fill("#id_topics", "asesmen, diferensiasi")
    _submit(page, "main form.stack button[type=submit]")
    assert page.get_by_role("heading", level=1).inner_text() == "Pelatihan Asesmen Diagnostik"
    assert horizontal_overflow(page) == []

    # 2. Note a challenge of applying it, and post it to the community as a Tantangan.
    page.fill("#id_title", "Asesmen diagnostik memakan dua jam pelajaran")
    page.fill("#id_detail", "Kelas saya 32 murid. Bagaimana mempersingkatnya?")
    _submit(page, "#challenges-h ~ form.stack button[type=submit]")
    challenge = TrainingChallenge.objects.get()
    page.select_option(f"#post-{challenge.pk}", str(community.pk))
    _submit(page, f"form[action='/belajar/tantangan/{challenge.pk}/kirim/'] button")
    post = Post.objects.get()
    assert post.kind == Post.Kind.CHALLENGE and post.community == community
    assert page.url == f"{site}{post.get_absolute_url()}"

    # 3. A colleague answers; Siti marks the answer as the solution.
    reply = do_reply(post=post, author=dewi, body="Pakai lima soal kunci saja, 10 menit.")
    do_mark_solution(post=post, reply=reply, by=siti)

    page.goto(f"{site}/belajar/pelatihan/{challenge.training_id}/")
    assert page.get_by_text("Pakai lima soal kunci saja, 10 menit.").is_visible()
    assert page.locator(".tag-done").first.is_visible()
    assert horizontal_overflow(page) == []

    # 4. She applied it in class.
    with page.expect_navigation():
        page.locator(f"#challenge-{challenge.pk} a.button").click()
    page.fill("#id_applied_on", "2026-03-05")
    page.fill("#id_class_name", "4B")
    page.fill("#id_what_happened", "Asesmen selesai dalam 12 menit; kelompok langsung terbentuk.")
    page.locator("input[name=outcome][value=better]").check()
    _submit(page, "main form.stack button[type=submit]")
    application = ClassroomApplication.objects.get()
    assert application.member == siti and application.target == post

    # 5. ...and finds it in her practice portfolio, and in its PDF.
    page.goto(site + "/belajar/portofolio/")
    assert page.get_by_text("Asesmen selesai dalam 12 menit").is_visible()
    assert page.get_by_text("Asesmen diagnostik memakan dua jam pelajaran").first.is_visible()
    assert horizontal_overflow(page) == []
    with page.expect_download() as download:
        page.locator("a[href='/belajar/portofolio.pdf']").click()
    pdf = PdfReader(download.value.path())
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Asesmen selesai dalam 12 menit" in text and "4B" in text
