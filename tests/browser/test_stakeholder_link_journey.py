"""On a phone, a guru penggerak links a stakeholder of the district map to the pengawas's account
by e-mail; the pengawas sees the entry about them and declines."""

import pytest

from komunitas.communities.models import Stakeholder
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_school, make_user

pytestmark = pytest.mark.browser

SLEMAN = "34.04"


def test_a_penggerak_links_a_stakeholder_and_the_person_named_declines(page, site):
    penggerak = make_user(
        "ratna@contoh.test", full_name="Ratna Kusuma", role="guru_penggerak", school=make_school()
    )
    pengawas = make_user("hendra@contoh.test", full_name="Hendra Nugroho", role="pengawas")
    pengawas.supervised_schools.set([make_school()])
    stakeholder = Stakeholder.objects.create(
        regency_id=SLEMAN,
        name="Koordinator Pengawas SD",
        kind=Stakeholder.Kind.PENGAWAS,
        influence=2,
        interest=3,
        support="Narasumber asesmen diagnostik",
        added_by=penggerak,
    )

    log_in(page, site, penggerak.email)
    page.goto(f"{site}/k/wilayah/{SLEMAN}/pemangku/")
    with page.expect_navigation():
        page.get_by_role("link", name="Tautkan ke akun").click()
    assert horizontal_overflow(page) == []
    page.fill("#id_email", "hendra@contoh")  # not a whole address: kept, with a message
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    assert page.locator("#id_email").input_value() == "hendra@contoh"
    page.fill("#id_email", "Hendra@Contoh.test")
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    assert page.get_by_text("Di platform:").first.is_visible()
    assert page.get_by_role("link", name="Hendra Nugroho").first.is_visible()
    stakeholder.refresh_from_db()
    assert stakeholder.account == pengawas

    page.context.clear_cookies()
    log_in(page, site, pengawas.email)
    page.goto(f"{site}/k/wilayah/saya/")
    assert page.get_by_text("Narasumber asesmen diagnostik").first.is_visible()
    assert horizontal_overflow(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Ini bukan saya: tolak").click()
    assert page.get_by_text("Belum ada peta wilayah yang menautkan entri").first.is_visible()
    stakeholder.refresh_from_db()
    assert (stakeholder.account, stakeholder.declined_by) == (None, pengawas)
