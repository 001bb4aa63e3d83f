"""A newcomer on a phone: sign up, verify the address from the mail, complete the profile, switch
to English. And a teacher's home page on a laptop."""

import os
import re

import pytest

from komunitas.accounts.models import Phase, Subject, User
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import PASSWORD, make_school, make_user

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SCREENSHOT_DIR", "/tmp/shots")


def _submit(page, form_selector="main form.stack"):
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").click()


def test_newcomer_signs_up_on_a_phone_verifies_completes_profile_and_switches_language(
    page, site, mailoutbox, run_worker
):
    school = make_school(name="SD Negeri 1 Wonosari")
    subject = Subject.objects.get(code="bahasa-indonesia")
    phase = Phase.objects.get(code="B")

    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.goto(site + "/akun/daftar/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert horizontal_overflow(page) == []

    page.fill("#id_full_name", "Dewi Lestari")
    page.fill("#id_email", "Dewi.Lestari@Contoh.test")
    page.select_option("#id_role", User.Role.GURU)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent")
    _submit(page)
    assert page.get_by_text("dewi.lestari@contoh.test").first.is_visible()

    run_worker()  # the outbox's worker sends the verification mail
    (message,) = mailoutbox
    assert message.to == ["dewi.lestari@contoh.test"]
    link = re.search(r"https?://\S+/akun/verifikasi/\S+/", message.body).group(0)
    assert link.startswith(site)
    page.goto(link)

    assert page.url == site + "/akun/profil/"
    assert page.locator(".msg-success").is_visible()
    # Logged in: the header carries the log-out form.
    assert page.locator("header form[action$='/akun/keluar/']").count() == 1
    user = User.objects.get(email="dewi.lestari@contoh.test")
    assert user.email_verified_at is not None

    page.fill("#id_whatsapp", "081234567890")
    page.fill("#id_nuptk", "1234567890123456")
    page.fill("#id_school_npsn", school.npsn)
    page.check(f"input[name=subjects][value='{subject.pk}']")
    page.check(f"input[name=phases][value='{phase.pk}']")
    _submit(page)

    assert page.url == site + "/akun/profil/"
    assert page.locator(".msg-success").is_visible()
    assert page.locator(".errors").count() == 0
    user.refresh_from_db()
    assert user.whatsapp == "+6281234567890"
    assert user.nuptk == "1234567890123456"
    assert user.school == school
    assert list(user.subjects.all()) == [subject]
    assert list(user.phases.all()) == [phase]
    assert horizontal_overflow(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/phone-profile.png", full_page=True)

    page.select_option("#language-select", label="English")
    _submit(page, "footer form.lang")

    assert page.locator("html").get_attribute("lang") == "en"
    user.refresh_from_db()
    assert user.language == "en"


def test_teacher_home_page_fits_a_laptop_screen(laptop_page, site):
    teacher = make_user("siti@contoh.test", full_name="Siti Rahayu", school=make_school())

    log_in(laptop_page, site, teacher.email)

    assert laptop_page.url == site + "/"
    assert laptop_page.locator("h1").inner_text().strip().endswith("Siti")
    assert laptop_page.locator("nav[aria-label]").is_visible()
    assert horizontal_overflow(laptop_page) == []
    os.makedirs(SHOTS, exist_ok=True)
    laptop_page.screenshot(path=f"{SHOTS}/laptop-home.png", full_page=True)
