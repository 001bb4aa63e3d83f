"""The Dinas sees the certificates issued in its kabupaten/kota, in its dashboard and report:
counts and JP per community, a private community's only as a total, never a member's name."""

import io

from django.urls import reverse
from pypdf import PdfReader

from komunitas.certificates import actions
from komunitas.certificates.figures import issued_in
from komunitas.communities.models import Community
from komunitas.insights import reports
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, resolve
from tests.certificates.conftest import SLEMAN, attend


def _issue_in_private(private_community, member, fasilitator, last_month):
    start, end = last_month
    actions.do_set_rules(
        community=private_community, by=fasilitator, per_meeting=3, per_practice=0, cap=None
    )
    attend(private_community, member, start)
    asked = actions.do_request_certificate(
        community=private_community, member=member, start=start, end=end
    )
    return actions.do_issue_certificate(certificate=asked, by=fasilitator)


def test_the_dinas_dashboard_counts_the_certificates_of_its_regency(
    login, dinas, issued, private_community, member, fasilitator, last_month
):
    _issue_in_private(private_community, member, fasilitator, last_month)
    page = login(dinas).get(reverse("insights:dashboard", args=[Kind.REGENCY, SLEMAN]))
    text = page.content.decode()
    assert "Sertifikat JP yang terbit" in text
    assert "2 sertifikat terbit dalam periode ini, seluruhnya 11 JP." in text
    assert issued.community_name in text
    assert "Lingkar Rahasia" not in text  # private: only its total
    assert "1 sertifikat (3 JP) di 1 komunitas privat" in text
    assert "Siti Rahayu" not in text


def test_another_regencys_dinas_does_not_see_it(login, other_dinas, issued):
    response = login(other_dinas).get(reverse("insights:dashboard", args=[Kind.REGENCY, SLEMAN]))
    assert response.status_code == 404


def test_revoked_certificates_are_not_counted(issued, fasilitator, dinas):
    actions.do_revoke_certificate(certificate=issued, by=fasilitator, reason="Ganda")
    scope = resolve(Kind.REGENCY, SLEMAN)
    figures = issued_in(scope.communities(), Community.objects.visible_to(dinas),
                        *Period.last(90).bounds())  # fmt: skip
    assert (figures.certificates, figures.jp, figures.revoked) == (0, 0, 1)


def test_the_report_has_the_figures_in_every_format(
    issued, dinas, private_community, member, fasilitator, last_month
):
    _issue_in_private(private_community, member, fasilitator, last_month)
    data = reports.content(resolve(Kind.REGENCY, SLEMAN), Period.last(90), dinas)
    csv = reports.csv_bytes(data).decode("utf-8-sig")
    assert "Sertifikat JP yang terbit" in csv and "JP pada sertifikat yang terbit" in csv
    pdf = reports.pdf_bytes(data)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert issued.community_name in text
    assert "1 komunitas privat (tidak disebut namanya)" in text
    assert "Siti Rahayu" not in text
    assert reports.xlsx_bytes(data).startswith(b"PK")
