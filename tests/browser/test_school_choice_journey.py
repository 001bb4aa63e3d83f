"""On a phone, a teacher finds their school by name in the profile form and taps it: the NPSN
field is filled (htmx swaps in the field), and saving the profile keeps the school."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import make_school, make_user

pytestmark = pytest.mark.browser


def test_a_teacher_taps_their_school_in_the_search_results(page, site):
    teacher = make_user("wulan@contoh.test", full_name="Wulan Sari")
    school = make_school(name="SD Negeri Sukamaju")
    make_school(name="SD Negeri Sukamakmur")
    log_in(page, site, teacher.email)
    page.goto(site + "/akun/profil/")
    page.fill("#school-q", "Sukama")
    page.locator("section[aria-labelledby=find-school] button[type=submit]").click()
    choice = page.get_by_label(f"{school.npsn} — SD Negeri Sukamaju", exact=False)
    choice.tap()
    expect(page.locator("#id_school_npsn")).to_have_value(school.npsn)
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()
    teacher.refresh_from_db()
    assert teacher.school == school
