"""The practice portfolio as a PDF, for a teacher's own career evidence (``komunitas.lib.pdf``:
fpdf2 with an embedded Unicode font, so every character the teacher wrote is kept)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komunitas.lib.markdown import plain_text
from komunitas.lib.pdf import Document

GREEN = (7, 82, 58)


class PortfolioPDF(Document):
    def __init__(self, title: str):
        super().__init__(title, numbered=True)

    def entry(self, title, meta, *paragraphs):
        self.ln(1.5)
        self.paragraph(title, "B", 11)
        if meta:
            self.paragraph(meta, size=9, color=(90, 90, 90))
        for label, text in paragraphs:
            if text:
                self.paragraph(f"{label}: {plain_text(text)}" if label else plain_text(text))


def _day(value):
    return date_format(value, "j F Y") if value else ""


def render_portfolio(member, data) -> bytes:
    """``data`` is what ``portfolio.portfolio_data`` gathers; returns the PDF's bytes."""
    pdf = PortfolioPDF(_("Practice portfolio of %(name)s") % {"name": member.full_name})
    pdf.add_page()
    pdf.heading(pdf.doc_title, 16, GREEN)
    school = member.school.name if member.school_id else ""
    pdf.paragraph(" — ".join(x for x in (school, _("made on %(date)s") % {
        "date": _day(timezone.localdate())}) if x))  # fmt: skip
    pdf.paragraph(
        _(
            "%(applied)s times applied in class, %(solved)s challenges solved, "
            "%(practices)s good practices shared, %(reflections)s reflections."
        )
        % {k: len(v) for k, v in data.items()}
    )

    if data["lessons"]:
        pdf.heading(_("Lesson studies"), color=GREEN)
    for study in data["lessons"]:
        role = _("taught") if study.teacher_id == member.pk else _("observed")
        pdf.entry(
            study.title,
            " — ".join((study.community.name, _day(study.local_start), str(role))),
            (_("Research question"), study.research_question),
            (_("Conclusion"), study.conclusion),
        )
    pdf.heading(_("Applied in class"), color=GREEN)
    for a in data["applied"]:
        pdf.entry(
            str(a.target) if a.target is not None else _("(no longer available)"),
            " — ".join(
                x
                for x in (
                    _day(a.applied_on),
                    a.class_name,
                    str(a.phase or ""),
                    a.get_outcome_display(),
                )
                if x
            ),  # fmt: skip
            (_("What happened"), a.what_happened),
            (_("Note"), a.note),
        )
    pdf.heading(_("Challenges solved with the community"), color=GREEN)
    for post in data["solved"]:
        solution = post.solution.body if post.solution_id else ""
        pdf.entry(
            post.title,
            " — ".join(
                (post.community.name, _("solved on %(date)s") % {"date": _day(post.solved_at)})
            ),  # fmt: skip
            ("", post.body),
            (_("Solution"), solution),
        )
    pdf.heading(_("Good practices shared"), color=GREEN)
    for post in data["practices"]:
        pdf.entry(
            post.title,
            " — ".join((post.community.name, _day(post.created_at))),
            *[(str(label), text) for label, text in post.sections()],
        )
    pdf.heading(_("Reflections"), color=GREEN)
    for r in data["reflections"]:
        pdf.entry(r.title, _day(r.written_on), *r.sections())
    return pdf.bytes()
