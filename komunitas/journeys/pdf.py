"""The practice portfolio as a PDF (fpdf2), for a teacher's own career evidence.

fpdf2's built-in fonts cover Latin-1 only, so every text passes through ``latin1``: typographic
punctuation becomes its plain form, accents are kept where Latin-1 has them and dropped where it
does not, and anything else (emoji, other scripts) becomes "?", so no member's text can break
the export.
"""

import unicodedata

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from komunitas.lib.markdown import plain_text

PLAIN = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
        "−": "-", "…": "...", "•": "-", "→": "->", "←": "<-", "×": "x", "\u00a0": " ",
        "\u200b": "", "✓": "v",
    }
)  # fmt: skip


def latin1(text) -> str:
    """``text`` in characters that fpdf2's core fonts can draw."""
    text = str(text or "").translate(PLAIN)
    out = []
    for ch in text:
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base if base.strip() else "?")
    return "".join(out)


class PortfolioPDF(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.doc_title = latin1(title)
        self.set_title(self.doc_title)
        self.set_author("Komunitas Praktisi")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.doc_title} - {self.page_no()}", align="C")

    def heading(self, text, size=14):
        self.ln(3)
        self.set_font("Helvetica", "B", size)
        self.set_text_color(7, 82, 58)
        self.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)

    def line_of(self, text, style="", size=10):
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def entry(self, title, meta, *paragraphs):
        self.ln(1.5)
        self.line_of(title, "B", 11)
        if meta:
            self.set_text_color(90)
            self.line_of(meta, size=9)
            self.set_text_color(0)
        for label, text in paragraphs:
            if text:
                self.line_of(f"{label}: {plain_text(text)}" if label else plain_text(text))


def _day(value):
    return date_format(value, "j F Y") if value else ""


def render_portfolio(member, data) -> bytes:
    """``data`` is what ``portfolio.portfolio_data`` gathers; returns the PDF's bytes."""
    pdf = PortfolioPDF(_("Practice portfolio of %(name)s") % {"name": member.full_name})
    pdf.add_page()
    pdf.heading(pdf.doc_title, 16)
    school = member.school.name if member.school_id else ""
    pdf.line_of(" - ".join(x for x in (school, _("made on %(date)s") % {
        "date": _day(timezone.localdate())}) if x))  # fmt: skip
    pdf.line_of(
        _(
            "%(applied)s times applied in class, %(solved)s challenges solved, "
            "%(practices)s good practices shared, %(reflections)s reflections."
        )
        % {k: len(v) for k, v in data.items()}
    )

    pdf.heading(_("Applied in class"))
    for a in data["applied"]:
        pdf.entry(
            str(a.target) if a.target is not None else _("(no longer available)"),
            " - ".join(
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
    pdf.heading(_("Challenges solved with the community"))
    for post in data["solved"]:
        solution = post.solution.body if post.solution_id else ""
        pdf.entry(
            post.title,
            " - ".join(
                (post.community.name, _("solved on %(date)s") % {"date": _day(post.solved_at)})
            ),  # fmt: skip
            ("", post.body),
            (_("Solution"), solution),
        )
    pdf.heading(_("Good practices shared"))
    for post in data["practices"]:
        pdf.entry(
            post.title,
            " - ".join((post.community.name, _day(post.created_at))),
            *[(str(label), text) for label, text in post.sections()],
        )
    pdf.heading(_("Reflections"))
    for r in data["reflections"]:
        pdf.entry(r.title, _day(r.written_on), *r.sections())
    return bytes(pdf.output())
