"""Certificates in the members' data rights: exported; on erasure the requests go and the issued
certificates stay verifiable with what they say (docs/certificates.md, "Privacy")."""

from django.urls import reverse

from komunitas.certificates import actions
from komunitas.certificates.models import Certificate
from komunitas.certificates.privacy import CertificatesPrivacy


def test_the_export_holds_the_members_certificates(issued, member):
    exported = CertificatesPrivacy().export(member)
    assert [row["number"] for row in exported["certificates"]] == [issued.number]


def test_erasure_keeps_issued_certificates_verifiable_and_drops_requests(
    client, issued, member, record, last_month, fasilitator
):
    # a second, declined request in another period
    start, _end = last_month
    earlier = start.replace(year=start.year - 1)
    Certificate.objects.create(
        community=record, member=member, period_start=earlier, period_end=earlier,
        status=Certificate.Status.DECLINED, decline_reason="x",
    )  # fmt: skip
    CertificatesPrivacy().erase(member, remove_public=False)
    assert list(Certificate.objects.values_list("pk", flat=True)) == [issued.pk]
    issued.refresh_from_db()
    assert issued.member_id is None and issued.holder_name == "Siti Rahayu"
    page = client.get(reverse("certificates:verify", args=[issued.code]))
    assert page.status_code == 200 and "Sertifikat ini sah" in page.content.decode()
    # and it can still be revoked by the community
    actions.do_revoke_certificate(certificate=issued, by=fasilitator, reason="Ganda")
