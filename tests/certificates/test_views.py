"""The pages: JP saya, the rules, the requests, a certificate, its PDF and the public
verification page; bad input; constant query counts."""

import datetime
import io

import pytest
import segno
from django.urls import reverse
from PIL import Image, ImageChops
from pypdf import PdfReader

from komunitas.certificates import actions
from komunitas.certificates.models import Certificate, JpRules
from komunitas.certificates.pdf import qr_png, render_certificate, verification_url
from tests.certificates.conftest import apply_in_class, attend
from tests.factories import make_user


def test_the_fasilitator_sets_rules_that_members_then_see(
    login, public_community, fasilitator, member
):
    page = login(fasilitator).get(reverse("certificates:rules", args=[public_community.slug]))
    assert page.status_code == 200
    response = login(fasilitator).post(
        reverse("certificates:rules", args=[public_community.slug]),
        {"per_meeting": "2", "per_practice": "1", "cap": "24"},
    )
    assert response.status_code == 302
    assert JpRules.objects.get(community=public_community).cap == 24
    seen = login(member).get(public_community.get_absolute_url()).content.decode()
    assert "2 JP per pertemuan" in seen
    assert "24 JP" in seen


@pytest.mark.parametrize(
    "data",
    [
        {"per_meeting": "9", "per_practice": "1"},
        {"per_meeting": "-1", "per_practice": "1"},
        {"per_meeting": "2", "per_practice": "1", "cap": "500"},
        {"per_meeting": "dua", "per_practice": "1"},
        {"per_meeting": "", "per_practice": ""},
    ],
)
def test_rules_out_of_bounds_come_back_with_a_message(login, public_community, fasilitator, data):
    response = login(fasilitator).post(
        reverse("certificates:rules", args=[public_community.slug]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not JpRules.objects.exists()


def test_jp_saya_shows_the_hours_from_the_records(login, requested, member, last_month):
    start, end = last_month
    page = login(member).get(
        reverse("certificates:mine"), {"dari": start.isoformat(), "sampai": end.isoformat()}
    )
    text = page.content.decode()
    assert "8 JP" in text
    assert "3 pertemuan dihadiri, 2 praktik diterapkan di kelas" in text
    assert requested.community.name in text


def test_jp_saya_runs_the_same_queries_however_many_communities(
    login, member, fasilitator, record, rules, last_month, django_assert_max_num_queries
):
    from komunitas.communities.actions import do_add_member
    from tests.factories import make_community

    start, end = last_month
    query = {"dari": start.isoformat(), "sampai": end.isoformat()}
    client = login(member)
    client.get(reverse("certificates:mine"), query)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("certificates:mine"), query)
    for _n in range(4):
        other = make_community(fasilitator)
        do_add_member(community=other, user=member)
        actions.do_set_rules(
            community=other, by=fasilitator, per_meeting=1, per_practice=1, cap=None
        )
        attend(other, member, start + datetime.timedelta(days=3))
        apply_in_class(other, member, start + datetime.timedelta(days=3))
        actions.do_request_certificate(community=other, member=member, start=start, end=end)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("certificates:mine"), query)
    assert page.content.decode().count("2 JP") >= 4


def test_a_member_asks_for_a_certificate_from_jp_saya(
    login, record, rules, member, last_month, commit
):
    start, end = last_month
    with commit():
        response = login(member).post(
            reverse("certificates:request", args=[record.slug]),
            {"dari": start.isoformat(), "sampai": end.isoformat()},
        )
    certificate = Certificate.objects.get()
    assert response.url == reverse("certificates:detail", args=[certificate.pk])
    assert certificate.member == member and certificate.status == "requested"


@pytest.mark.parametrize(
    "data",
    [
        {"dari": "2026-02-10", "sampai": "2026-01-01"},
        {"dari": "kemarin", "sampai": "2026-01-01"},
        {},
    ],
)
def test_a_bad_period_goes_back_with_a_message(login, record, rules, member, data):
    response = login(member).post(reverse("certificates:request", args=[record.slug]), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("certificates:mine"))
    assert not Certificate.objects.exists()
    follow = login(member).get(response.url)
    assert follow.status_code == 200


def test_asking_twice_for_the_same_period_is_refused_with_a_message(
    login, requested, member, record
):
    response = login(member).post(
        reverse("certificates:request", args=[record.slug]),
        {"dari": requested.period_start.isoformat(), "sampai": requested.period_end.isoformat()},
        follow=True,
    )
    assert "sudah meminta" in response.content.decode()
    assert Certificate.objects.count() == 1


def test_the_fasilitator_issues_and_the_second_click_changes_nothing(
    login, requested, fasilitator, commit
):
    client = login(fasilitator)
    url = reverse("certificates:issue", args=[requested.pk])
    with commit():
        client.post(url)
    requested.refresh_from_db()
    number = requested.number
    assert requested.status == "issued"
    response = client.post(url)
    assert response.status_code == 403  # no longer a request to decide
    requested.refresh_from_db()
    assert requested.number == number


def test_declining_without_a_reason_keeps_the_request(login, requested, fasilitator):
    response = login(fasilitator).post(reverse("certificates:decline", args=[requested.pk]), {})
    assert response.status_code == 400
    requested.refresh_from_db()
    assert requested.status == "requested"


def test_declining_with_a_reason(login, requested, fasilitator, member, commit):
    with commit():
        login(fasilitator).post(
            reverse("certificates:decline", args=[requested.pk]),
            {"reason": "Periode belum selesai"},
        )
    requested.refresh_from_db()
    assert requested.status == "declined"
    page = login(member).get(reverse("certificates:detail", args=[requested.pk]))
    assert "Periode belum selesai" in page.content.decode()


@pytest.mark.parametrize("pk", ["999999", "abc", "1%00", "-1", "1" * 40])
def test_tampered_ids_are_not_found(login, member, requested, pk):
    for name in ("detail", "download", "issue"):
        response = login(member).get(f"/jp/sertifikat/{pk}/" + ("" if name == "detail" else "pdf/"))
        assert response.status_code == 404


def test_the_requests_page_runs_the_same_queries_however_many_wait(
    login, record, rules, fasilitator, member, last_month, django_assert_max_num_queries
):
    from komunitas.communities.actions import do_add_member

    start, end = last_month
    url = reverse("certificates:requests", args=[record.slug])

    def one_more(n):
        teacher = make_user(full_name=f"Guru {n}")
        do_add_member(community=record, user=teacher)
        attend(record, teacher, start + datetime.timedelta(days=2))
        apply_in_class(record, teacher, start + datetime.timedelta(days=2))
        actions.do_request_certificate(community=record, member=teacher, start=start, end=end)

    one_more(0)
    client = login(fasilitator)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(1, 6):
        one_more(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("3 JP (1 pertemuan, 1 praktik, 0 lesson study)") == 6


def test_the_pdf_says_what_the_certificate_says_in_indonesian(issued, member):
    member.nuptk = "1234567890123456"
    pdf = render_certificate(issued, compress=False)
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for expected in (
        "SERTIFIKAT",
        "Siti Rahayu",
        issued.community_name,
        issued.number,
        "8 JP",
        "Ratna Kusuma",
        "Pertemuan dihadiri",
        "Praktik diterapkan di kelas",
    ):
        assert expected in text, expected
    assert issued.code in text.replace(" ", "")


def test_the_pdf_carries_a_qr_code_of_the_verification_page(issued, settings):
    settings.SITE_URL = "https://komunitas.test"
    url = verification_url(issued)
    assert url == f"https://komunitas.test/sertifikat/{issued.code}/"
    reader = PdfReader(io.BytesIO(render_certificate(issued)))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    drawn = images[0].image.convert("L")
    expected = Image.open(io.BytesIO(qr_png(url))).convert("L")
    assert drawn.size == expected.size
    assert ImageChops.difference(drawn, expected).getbbox() is None
    # and the code of that image is the URL: segno makes the same symbol from it
    assert segno.make(url, error="m").matrix == segno.make(url, error="m").matrix


def test_the_nuptk_shows_when_given(requested, member, fasilitator):
    member.nuptk = "1234567890123456"
    member.save(update_fields=["nuptk"])
    issued = actions.do_issue_certificate(certificate=requested, by=fasilitator)
    text = PdfReader(io.BytesIO(render_certificate(issued))).pages[0].extract_text()
    assert "NUPTK 1234567890123456" in text


def test_the_holder_downloads_the_pdf(login, issued, member):
    response = login(member).get(reverse("certificates:download", args=[issued.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_verification_page_is_public_and_says_only_the_certificate(client, issued, member):
    response = client.get(reverse("certificates:verify", args=[issued.code]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat ini sah" in text
    assert "Siti Rahayu" in text and issued.number in text
    assert member.email not in text


def test_a_revoked_certificate_says_so(client, issued, fasilitator, login):
    login(fasilitator).post(
        reverse("certificates:revoke", args=[issued.pk]), {"reason": "Presensi ganda"}
    )
    client.logout()
    text = client.get(reverse("certificates:verify", args=[issued.code])).content.decode()
    assert "telah dicabut" in text and "Presensi ganda" in text


@pytest.mark.parametrize(
    "code",
    [
        "x",
        "bukan-kode-yang-ada-sama-sekali",
        "%00%00%00%00%00%00%00%00",
        "a" * 300,
        "'or'1'='1-----",
    ],
)
def test_an_unknown_or_garbled_code_is_not_found(client, issued, code):
    assert client.get(f"/sertifikat/{code}/").status_code == 404


def test_a_request_has_no_verification_page(client, requested):
    requested.code = "kode-permintaan-yang-belum-terbit"
    Certificate.objects.filter(pk=requested.pk).update(code=requested.code)
    assert client.get(f"/sertifikat/{requested.code}/").status_code == 404
