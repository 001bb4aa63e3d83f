"""Every PDF we make goes through here: fpdf2 with DejaVu Sans Condensed embedded (``lib/fonts``).

The PDF core fonts know Latin-1 (or Windows-1252) only, so a title like “Fase A — kelas 1–2” or a
name like Ṣiti lost its characters to "?". With an embedded Unicode font every character a
member types in Latin, Greek or Cyrillic script, and typographic punctuation, is drawn as it is
and can be copied or searched from the PDF. ``text`` is the one rule for what is drawn.

* ``Document``: an A4 document with a title, headings, paragraphs and tables in DejaVu Sans
  (the practice portfolio, the insights reports);
* ``simple_pdf``: a one-page PDF of a title and lines (the demo library's worksheets).
"""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
# Control characters (not line breaks) and lone surrogates cannot be drawn or encoded.
UNDRAWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def text(value) -> str:
    """``value`` as the text to draw: None is empty, a tab a space, characters that cannot be
    drawn at all (control characters, lone surrogates) are dropped; every other character is
    kept as it is."""
    if value is None:
        return ""
    return UNDRAWABLE.sub("", str(value).replace("\t", " ").replace("\r\n", "\n"))


class Document(FPDF):
    """An A4 PDF in DejaVu Sans. ``numbered`` puts the title and the page number at the foot."""

    def __init__(self, title: str, *, numbered: bool = False, margin: float = 18):
        super().__init__(format="A4")
        self.add_font(FAMILY, "", FONTS / "DejaVuSansCondensed.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSansCondensed-Bold.ttf")
        self.add_font(FAMILY, "I", FONTS / "DejaVuSansCondensed-Oblique.ttf")
        self.doc_title = text(title)
        self.numbered = numbered
        self.set_title(self.doc_title)
        self.set_author("Komunitas Praktisi")
        self.set_creator("Komunitas Praktisi")
        self.set_auto_page_break(auto=True, margin=margin)
        self.set_margins(margin, margin, margin)
        self.set_font(FAMILY, size=10)

    def footer(self):
        if self.numbered:
            self.set_y(-12)
            self.set_font(FAMILY, size=8)
            self.set_text_color(110)
            self.cell(0, 6, f"{self.doc_title} — {self.page_no()}", align="C")
            self.set_text_color(0)

    def heading(self, value, size: float = 14, color=(0, 0, 0)):
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text(value), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.set_font(FAMILY, size=10)

    def paragraph(self, value, style: str = "", size: float = 10, color=(0, 0, 0)):
        self.set_font(FAMILY, style, size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text(value), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)

    def grid(self, header, rows, widths, size: float = 9):
        """A table: ``header`` and ``rows`` of values, columns in the proportions ``widths``."""
        self.set_font(FAMILY, size=size)
        with self.table(col_widths=widths, text_align="LEFT", line_height=size * 0.55) as table:
            table.row([text(h) for h in header])
            for row in rows:
                table.row([text(v) for v in row])

    def bytes(self) -> bytes:
        return bytes(self.output())


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with a title and lines of text (the demo library's documents)."""
    pdf = Document(title)
    pdf.add_page()
    pdf.heading(title, 18)
    pdf.ln(2)
    for line in lines:
        pdf.paragraph(line, size=11)
    return pdf.bytes()
