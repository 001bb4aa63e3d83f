"""The certificate as a PDF, in Bahasa Indonesia whatever the reader's language (it is shown
to a school, a Dinas or an assessor), with a QR code of its public verification page.

Drawn with ``komunitas.lib.pdf`` (fpdf2, DejaVu Sans embedded); the QR code is made by segno
and embedded as a PNG image. Everything printed comes from the certificate's frozen fields.
"""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komunitas.certificates.hours import readable_activities
from komunitas.certificates.models import Certificate
from komunitas.lib.pdf import Document

GREEN = (7, 82, 58)


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def render_certificate(certificate: Certificate, *, compress: bool = True) -> bytes:
    with translation.override("id"):
        return _render(certificate, compress)


def _day(value) -> str:
    return date_format(value, "j F Y")


def _render(c: Certificate, compress: bool) -> bytes:
    pdf = Document(_("Certificate of participation") + f" {c.number}")
    pdf.set_compression(compress)
    pdf.add_page()
    pdf.heading(_("CERTIFICATE OF PARTICIPATION"), 20, GREEN)
    pdf.paragraph(_("Number: %(number)s") % {"number": c.number}, size=10)
    pdf.ln(4)
    pdf.paragraph(_("This certifies that"), size=11)
    pdf.heading(c.holder_name, 16)
    if c.holder_nuptk:
        pdf.paragraph(_("NUPTK %(nuptk)s") % {"nuptk": c.holder_nuptk}, size=10)
    pdf.ln(2)
    pdf.paragraph(
        _(
            "took part in the Komunitas Praktisi %(community)s from %(start)s to %(end)s "
            "and is credited with %(jp)s JP (jam pelajaran)."
        )
        % {
            "community": c.community_name,
            "start": _day(c.period_start),
            "end": _day(c.period_end),
            "jp": c.total_jp,
        },
        size=11,
    )
    pdf.ln(2)
    pdf.paragraph(
        _(
            "Counted as: %(per_meeting)s JP per meeting attended (%(meetings)s), "
            "%(per_practice)s JP per practice applied in class (%(practices)s), "
            "%(per_lesson_study)s JP per lesson study taught or observed (%(lesson_studies)s)."
        )
        % {
            "per_meeting": c.per_meeting,
            "meetings": c.meetings,
            "per_practice": c.per_practice,
            "practices": c.practices,
            "per_lesson_study": c.per_lesson_study,
            "lesson_studies": c.lesson_studies,
        },
        size=9,
        color=(90, 90, 90),
    )
    pdf.heading(_("Activities"), 12, GREEN)
    rows = [(day, kind, what, str(jp)) for day, kind, what, jp in readable_activities(c.activities)]
    pdf.grid([_("Date"), _("Activity"), _("Description"), _("JP")], rows, (2.2, 2.6, 5, 0.8))
    pdf.ln(4)
    pdf.paragraph(_("Total: %(jp)s JP") % {"jp": c.total_jp}, "B", 11)
    pdf.ln(6)
    pdf.paragraph(_("Issued on %(date)s by the fasilitator") % {"date": _day(c.decided_at)})
    pdf.paragraph(c.facilitator_name, "B", 11)
    _qr(pdf, verification_url(c))
    return pdf.bytes()


def _qr(pdf: Document, url: str) -> None:
    size = 32
    if pdf.get_y() + size + 14 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(url)), x=pdf.l_margin, y=top, w=size, h=size)
    pdf.set_xy(pdf.l_margin + size + 4, top + 4)
    pdf.multi_cell(
        0,
        5,
        _("Check that this certificate is valid: scan the code or open %(url)s") % {"url": url},
    )
