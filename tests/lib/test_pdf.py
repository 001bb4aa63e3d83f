"""Every PDF we make (komunitas.lib.pdf) keeps every character: an embedded Unicode font, not
the core fonts that turned “—”, curly quotes and letters outside Latin-1 into "?"."""

import io

from pypdf import PdfReader

from komunitas.lib.pdf import Document, simple_pdf, text

WORDS = [
    "Pembelajaran berdiferensiasi — “kartu giliran” di kelas 1–2",
    "Café guru: é è ü ñ ç, Ibu Ṣiti dan Pak Đức",
    "Катя и Σοφία… ✓",
]


def read(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_a_document_reads_back_with_the_exact_unicode_text():
    pdf = Document("Laporan — “Sleman”", numbered=True)
    pdf.add_page()
    pdf.heading(WORDS[0])
    for line in WORDS[1:]:
        pdf.paragraph(line)
    pdf.grid(["Nama", "Catatan"], [("Ṣiti", "“baik” — ✓"), ("Đức", None)], (1, 2))
    extracted, reader = read(pdf.bytes())
    for expected in [*WORDS, "Laporan — “Sleman” — 1", "“baik” — ✓", "Đức"]:
        assert expected in extracted, expected
    assert "?" not in extracted
    assert reader.metadata.title == "Laporan — “Sleman”"
    fonts = {f["/BaseFont"] for f in (reader.pages[0]["/Resources"]["/Font"].values())}
    assert all("DejaVu" in str(f) for f in fonts)  # embedded, never a core font


def test_a_simple_pdf_keeps_its_characters_and_passes_our_upload_check():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from komunitas.lib.uploads import clean_document

    pdf = simple_pdf("Lembar kerja — pecahan “senilai”", WORDS)
    extracted, _reader = read(pdf)
    assert "Lembar kerja — pecahan “senilai”" in extracted
    assert all(line in extracted for line in WORDS)
    assert clean_document(SimpleUploadedFile("lembar.pdf", pdf)).extension == "pdf"


def test_what_cannot_be_drawn_is_dropped_not_replaced():
    assert text(None) == ""
    assert text("a\tb\x00c\ud800d\r\ne") == "a bcd\ne"
    assert text("Fase A — “baik” …") == "Fase A — “baik” …"
