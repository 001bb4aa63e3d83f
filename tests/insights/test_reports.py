"""Laporan Komunitas Praktisi: built at once or in the background, read back from its files."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from komunitas.insights.models import Report
from tests.insights.helpers import joined, reads, story

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}


@pytest.fixture
def district(public_community, private_community, member, dinas, fasilitator, partner):
    """A Sleman district with a public and a private community and two stories."""
    story(
        member, public_community, datetime.date(2026, 3, 3),
        title="Kartu pilihan untuk kelas 3", shared_with_partners=True,
    )  # fmt: skip
    story(member, public_community, datetime.date(2026, 3, 4), title="Catatan pribadi saya")
    story(
        member, private_community, datetime.date(2026, 3, 5),
        title="Cerita dari ruang aman", shared_with_partners=True,
    )  # fmt: skip
    newcomer = joined(public_community, datetime.date(2026, 2, 1))
    reads(newcomer, public_community, datetime.date(2026, 4, 1))
    from komunitas.communities.models import SupportCommitment

    SupportCommitment.objects.create(
        community=public_community, partner=partner, kind="room",
        description="Ruang perpustakaan untuk pertemuan", status="agreed",
    )  # fmt: skip
    SupportCommitment.objects.create(
        community=private_community, partner=fasilitator, kind="funds",
        description="Dana rahasia lingkar", status="agreed",
    )  # fmt: skip
    return public_community


def _pdf_text(report: Report) -> str:
    report.pdf.open("rb")
    try:
        reader = PdfReader(io.BytesIO(report.pdf.read()))
    finally:
        report.pdf.close()
    return "\n".join(page.extract_text() for page in reader.pages)


def _make(client, url):
    response = client.post(url, PERIOD)
    assert response.status_code == 302
    return Report.objects.latest("pk"), response


def test_a_dinas_report_is_built_at_once_for_a_small_district(login, dinas, district):
    client = login(dinas)
    report, response = _make(client, "/wawasan/daerah/34.04/laporan/")
    assert response["Location"] == report.get_absolute_url()
    assert report.status == Report.Status.DONE
    text = _pdf_text(report)
    assert "Laporan Komunitas Praktisi" in text
    assert "Kabupaten Sleman" in text
    assert "Kartu pilihan untuk kelas 3" in text  # shared with partners
    assert "Cerita dari ruang aman" in text  # shared, from a private community...
    assert "Lingkar Rahasia" not in text  # ...which is not named
    assert "Dana rahasia lingkar" not in text
    assert "Catatan pribadi saya" not in text  # not shared
    assert "Ruang perpustakaan untuk pertemuan" in text
    assert "Komunitas Berdiferensiasi" in text


def test_the_figures_read_back_from_the_xlsx_and_the_csv(login, dinas, district, member):
    from komunitas.pustaka.models import Resource

    dinas.language = "en"  # the report speaks the language of who asked for it
    dinas.save()
    Resource.objects.create(
        title="Modul pecahan", community=district, added_by=member, view_count=4,
        created_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    report, _response = _make(login(dinas), "/wawasan/daerah/34.04/laporan/")
    report.xlsx.open("rb")
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    report.xlsx.close()
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    by_key = {row[2]: row[3] for row in rows if row and row[2]}
    assert by_key["Members"] == 3  # Ratna, Siti (in both communities) and the newcomer
    assert by_key["Value-creation stories"] == 3
    assert (by_key["Library items added"], by_key["Library views (all time)"]) == (1, 4)
    # The newcomer joined on 1 February and came back on 1 April: after 30 days, not 90.
    assert by_key["Newcomers still active after 30 days"] == 100.0
    assert by_key["Newcomers still active after 90 days"] == 0.0
    communities = [row[0] for row in book.worksheets[2].iter_rows(values_only=True)]
    assert "Komunitas Berdiferensiasi" in communities
    assert "Lingkar Rahasia" not in communities
    report.csv.open("rb")
    text = report.csv.read().decode("utf-8-sig")
    report.csv.close()
    csv_rows = list(csv.reader(io.StringIO(text)))
    assert ["5", "Mengintegrasikan ke pekerjaan (integrating into work)",
            "Value-creation stories", "3", "count"] in [row[:5] for row in csv_rows]  # fmt: skip
    assert ["1", "Mengedukasi anggota (educating members)",
            "Library items added", "1", "count"] in [row[:5] for row in csv_rows]  # fmt: skip


def test_the_csv_of_a_report_is_indonesian_in_indonesian(login, dinas, district):
    report, _response = _make(login(dinas), "/wawasan/daerah/34.04/laporan/")
    report.csv.open("rb")
    rows = list(csv.reader(io.StringIO(report.csv.read().decode("utf-8-sig"))))
    report.csv.close()
    assert rows[0] == ["tujuan", "nama tujuan", "ukuran", "nilai", "satuan", "definisi"]
    units = {row[4] for row in rows[1:]}
    assert units <= {"jumlah", "persen", "jam"} and "jumlah" in units


def test_a_large_report_is_built_by_the_worker_with_progress(
    login, dinas, district, settings, run_worker, commit
):
    settings.INSIGHTS_INLINE_MEMBERS = 0
    client = login(dinas)
    with commit():
        report, _response = _make(client, "/wawasan/daerah/34.04/laporan/")
    assert report.status == Report.Status.QUEUED
    waiting = client.get(report.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'data-hx-trigger="every 2s"' in waiting and "<progress" in waiting
    assert "<html" not in waiting  # the htmx request gets the partial only
    run_worker()
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.progress == 100
    ready = client.get(report.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in ready and "unduh.pdf" in ready
    response = client.get(f"/wawasan/laporan/{report.pk}/unduh.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_report_is_not_downloaded_by_another(login, dinas, other_dinas, district):
    report, _response = _make(login(dinas), "/wawasan/daerah/34.04/laporan/")
    client = login(other_dinas)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(f"/wawasan/laporan/{report.pk}/unduh.pdf").status_code == 404


def test_a_dinas_cannot_ask_for_the_report_of_another_district(login, other_dinas, district):
    response = login(other_dinas).post("/wawasan/daerah/34.04/laporan/", PERIOD)
    assert response.status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "period",
    [
        {"start": "2026-06-30", "end": "2026-01-01"},
        {"start": "2026-01-01", "end": "2999-01-01"},
        {"start": "2020-01-01", "end": "2026-01-01"},
        {"start": "kemarin", "end": ""},
        {},
    ],
)
def test_a_wrong_period_is_given_back_with_a_message(login, dinas, district, period):
    response = login(dinas).post("/wawasan/daerah/34.04/laporan/", period)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_facilitators_report_of_a_private_community_names_it_for_them(
    login, fasilitator, district, private_community
):
    report, _response = _make(
        login(fasilitator), f"/wawasan/komunitas/{private_community.slug}/laporan/"
    )
    text = _pdf_text(report)
    assert "Lingkar Rahasia" in text
    assert "Cerita dari ruang aman" in text


def test_the_report_lists_the_meetings_held_without_naming_private_ones(
    login, dinas, district, private_community, member, fasilitator
):
    from komunitas.meetings.models import Attendance, Meeting
    from tests.insights.helpers import at

    def meeting(community, day, title, **fields):
        return Meeting.objects.create(
            community=community, title=title, starts_at=at(datetime.date(2026, *day), 14),
            **fields,
        )  # fmt: skip

    held = meeting(district, (3, 12), "Diferensiasi konten kelas rendah",
                   minutes_published_at=at(datetime.date(2026, 3, 13)))  # fmt: skip
    for person in (member, fasilitator):
        Attendance.objects.create(meeting=held, member=person, method="marked")
    meeting(district, (4, 9), "Asesmen formatif dengan tiket keluar")
    meeting(district, (4, 16), "Pertemuan yang dibatalkan", status=Meeting.Status.CANCELLED)
    meeting(district, (7, 2), "Pertemuan sesudah periode")
    meeting(private_community, (3, 20), "Rapat lingkar yang rahasia")
    meeting(private_community, (5, 20), "Rapat lingkar kedua")

    dinas.language = "en"
    dinas.save()
    report, _response = _make(login(dinas), "/wawasan/daerah/34.04/laporan/")
    text = _pdf_text(report)
    assert "Meetings held" in text
    assert "Diferensiasi konten kelas rendah" in text
    assert "Asesmen formatif dengan tiket keluar" in text
    assert "dibatalkan" not in text and "sesudah periode" not in text
    assert "Rapat lingkar" not in text  # the private community's meetings are counted only
    assert "2 meetings of private communities, not named." in text

    report.xlsx.open("rb")
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    report.xlsx.close()
    rows = list(book["Meetings held"].iter_rows(values_only=True))
    assert rows[1][1:] == (
        "Komunitas Berdiferensiasi",
        "Diferensiasi konten kelas rendah",
        2,
        "yes",
    )
    assert rows[1][0].date() == datetime.date(2026, 3, 12)
    assert rows[2][1:] == (
        "Komunitas Berdiferensiasi", "Asesmen formatif dengan tiket keluar", 0, "no",
    )  # fmt: skip
    assert rows[3] == ("2 meetings of private communities, not named.", None, None, None, None)


def test_the_report_names_the_meetings_of_a_private_community_for_its_fasilitator(
    login, fasilitator, district, private_community
):
    from komunitas.meetings.models import Meeting
    from tests.insights.helpers import at

    Meeting.objects.create(
        community=private_community, title="Rapat lingkar yang rahasia",
        starts_at=at(datetime.date(2026, 3, 20), 14),
    )  # fmt: skip
    report, _response = _make(
        login(fasilitator), f"/wawasan/komunitas/{private_community.slug}/laporan/"
    )
    assert "Rapat lingkar yang rahasia" in _pdf_text(report)


def test_a_report_built_by_the_worker_speaks_the_zone_of_who_asked(dinas, district):
    """Outside any request (as in the worker) the dates are in the requester's zone: a meeting
    at 23.30 WIB on 12 March is on 13 March for a dinas in WITA."""
    from komunitas.insights import reports
    from komunitas.insights.scope import Kind, resolve
    from komunitas.meetings.models import Meeting
    from tests.insights.helpers import ZONE

    Meeting.objects.create(
        community=district, title="Pertemuan larut malam",
        starts_at=datetime.datetime(2026, 3, 12, 23, 30, tzinfo=ZONE),
    )  # fmt: skip
    dinas.time_zone, dinas.language = "Asia/Makassar", "en"
    dinas.save()
    scope = resolve(Kind.REGENCY, dinas.regency_id)
    report = Report.objects.create(
        requested_by=dinas, scope_kind=scope.kind, scope_ref=scope.ref, title=scope.label,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30),
    )  # fmt: skip
    assert reports.build(report)
    report.refresh_from_db()
    report.xlsx.open("rb")
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    report.xlsx.close()
    row = next(r for r in book["Meetings held"].iter_rows(values_only=True) if r[2] == (
        "Pertemuan larut malam"))  # fmt: skip
    assert row[0].date() == datetime.date(2026, 3, 13)
    assert "13 Mar 2026" in _pdf_text(report)
