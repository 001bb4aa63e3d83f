"""A guru penggerak on a phone starts a community and chooses its place province → regency →
kecamatan (htmx swaps the selects), then opens the district map of that kabupaten."""

import os

import pytest
from playwright.sync_api import expect

from komunitas.accounts.models import District, User
from komunitas.communities.models import Community, Stakeholder
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_school, make_user

pytestmark = pytest.mark.browser

KLATEN = "33.10"
SHOTS = os.environ.get("SCREENSHOT_DIR", "/tmp/shots")


def _settled(page):
    """htmx listens on swapped-in content only when it settles (~20 ms after the swap), in the
    same step that takes the ``htmx-added`` class away: a choice made before that goes unheard
    (a flaky test, never a person's speed), so wait for the class to go."""
    expect(page.locator("#region-fields.htmx-added")).to_have_count(0)


def test_a_penggerak_chooses_the_kecamatan_with_htmx_and_opens_the_district_map(page, site):
    penggerak = make_user(
        "ratna@contoh.test",
        full_name="Ratna Kusuma",
        role=User.Role.GURU_PENGGERAK,
        school=make_school(),  # in Kabupaten Sleman
    )
    Stakeholder.objects.create(
        regency_id=KLATEN,
        name="Kepala Bidang GTK Klaten",
        kind=Stakeholder.Kind.DINAS,
        influence=3,
        interest=3,
    )
    log_in(page, site, penggerak.email)
    page.goto(f"{site}/k/baru/")
    assert page.locator("#id_regency").input_value() == "34.04"  # her school's district

    with page.expect_response(lambda r: "/k/wilayah/pilihan/" in r.url):
        page.select_option("#id_province", "33")
    # Locators wait on their own; wait_for_function would need eval, which our CSP forbids.
    page.locator("#id_regency option[value='33.10']").wait_for(state="attached")
    _settled(page)
    assert page.locator("#id_regency option[value='34.04']").count() == 0
    with page.expect_response(lambda r: "/k/wilayah/pilihan/" in r.url):
        page.select_option("#id_regency", KLATEN)
    kecamatan = District.objects.filter(regency_id=KLATEN).order_by("code").first()
    page.locator(f"#id_district option[value='{kecamatan.code}']").wait_for(state="attached")
    _settled(page)
    page.select_option("#id_district", kecamatan.code)

    page.fill("#id_name", "KKG Kelas Rangkap Klaten")
    page.fill("#id_slug", "kelas-rangkap-klaten")
    page.fill("#id_domain", "Mengajar dua kelas sekaligus")
    with page.expect_navigation():
        page.locator("main form button.primary").click()
    assert page.url == f"{site}/k/kelas-rangkap-klaten/"
    community = Community.objects.get(slug="kelas-rangkap-klaten")
    assert (community.regency_id, community.district_id) == (KLATEN, kecamatan.code)
    assert page.get_by_text(f"Kecamatan {kecamatan.name}").first.is_visible()
    assert horizontal_overflow(page) == []

    # As its fasilitator she now shares in the district map of Klaten.
    with page.expect_navigation():
        page.locator(f"a[href='/k/wilayah/{KLATEN}/']").click()
    assert page.get_by_text("Kepala Bidang GTK Klaten").first.is_visible()
    assert page.get_by_text("KKG Kelas Rangkap Klaten").first.is_visible()
    assert horizontal_overflow(page) == []
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/phone-district-map.png", full_page=True)
