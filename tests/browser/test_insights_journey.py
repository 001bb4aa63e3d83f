"""The Dinas Pendidikan opens the district dashboard and downloads the PDF report."""

import datetime

import pytest

from komunitas.accounts.models import Regency, User
from komunitas.communities.actions import do_add_member
from komunitas.insights.models import Report, Story
from komunitas.reads.models import ReadActivity
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_school, make_user

pytestmark = pytest.mark.browser


def _district():
    sleman = Regency.objects.get(code="34.04")
    school = make_school(name="SD Negeri Depok 1", regency=sleman)
    make_school(name="SD Negeri Tanpa Komunitas", regency=sleman)
    ratna = make_user(full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK, school=school)
    community = make_community(
        ratna, name="Komunitas Berdiferensiasi", slug="berdiferensiasi", regency=sleman
    )
    siti = make_user(full_name="Siti Rahayu", school=school)
    do_add_member(community=community, user=siti)
    today = datetime.date.today()
    ReadActivity.objects.bulk_create(
        [
            ReadActivity(user=user, community=community, day=today - datetime.timedelta(days=d))
            for user in (ratna, siti)
            for d in range(0, 150, 9)
        ]
    )
    Story.objects.create(
        community=community, author=siti, title="Tiket keluar untuk kelas 4",
        activity="Pertemuan bulan lalu", gained="Tiket keluar tiga soal",
        applied="Saya pakai setiap akhir pelajaran", changed="Nilai pecahan naik",
        shared_with_partners=True,
    )  # fmt: skip
    return make_user("dinas@contoh.test", full_name="Lestari", role=User.Role.DINAS, regency=sleman)


def test_the_dinas_opens_the_district_dashboard_and_downloads_the_pdf(laptop_page, site):
    page = laptop_page
    _district()
    log_in(page, site, "dinas@contoh.test")

    page.goto(f"{site}/wawasan/")
    with page.expect_navigation():
        page.get_by_role("link", name="Kabupaten Sleman").click()
    assert page.url == f"{site}/wawasan/daerah/34.04/"
    assert page.get_by_role("heading", level=1).inner_text() == "Kabupaten Sleman"
    assert page.locator("figure.ins-chart svg").count() >= 4
    assert page.get_by_role("link", name="Komunitas Berdiferensiasi").is_visible()
    assert page.get_by_text("Tiket keluar untuk kelas 4").is_visible()
    assert horizontal_overflow(page) == []

    page.fill(
        "input[name=start]", (datetime.date.today() - datetime.timedelta(days=180)).isoformat()
    )
    page.fill("input[name=end]", datetime.date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Buat laporan").click()
    assert page.get_by_text("Laporan sudah siap.").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    path = download.value.path()
    assert download.value.suggested_filename.startswith(
        "laporan-komunitas-praktisi-kabupaten-sleman"
    )
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Report.objects.get().status == Report.Status.DONE


def test_on_a_phone_the_dashboard_does_not_scroll_sideways(page, site):
    _district()
    log_in(page, site, "dinas@contoh.test")
    page.goto(f"{site}/wawasan/daerah/34.04/")
    assert page.locator("figure.ins-chart svg").first.is_visible()
    assert horizontal_overflow(page) == []
