"""Certificates' part of the members' data rights (komunitas/core/privacy.py).

The export holds every request and certificate of the member. Erasure deletes the requests
still waiting or declined, but keeps the certificates issued, with the name and NUPTK printed
on them: a certificate is a document its holder has handed to a school, a Dinas or an
assessor, and its verification page must keep answering "valid" (or "revoked") for it. Only
what the certificate itself says is kept; the link to the erased account is cut
(docs/certificates.md, "Privacy").
"""

from komunitas.certificates.models import Certificate, CertificateLog
from komunitas.core.privacy import all_rows, privacy_part


@privacy_part("certificates", order=45)
class CertificatesPrivacy:
    def export(self, user):
        return {
            "certificates": all_rows(Certificate.objects.filter(member=user)),
            "certificate_log": all_rows(CertificateLog.objects.filter(by=user)),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        mine = Certificate.objects.filter(member=user)
        mine.exclude(status=Certificate.Status.ISSUED).delete()
        mine.update(member=None)
