"""PDFs are read with a real parser (pypdf): active content is refused however it is spelled,
and what only pretends to be a PDF (HTML with a %PDF- header, a polyglot) is refused too."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from komunitas.lib import uploads
from tests.files import pdf_bytes

JS = b"<< /S /JavaScript /JS (app.alert(1)) >>"
FILESPEC = b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>"
FILE = b"<< /Length 2 >>\nstream\nMZ\nendstream"


def _code(content: bytes, name: str = "rpp.pdf") -> str | None:
    try:
        uploads.clean_document(SimpleUploadedFile(name, content))
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(b"/OpenAction " + JS),
        pdf_bytes(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),  # hex-escaped
        pdf_bytes(b"/OpenAction 4 0 R", b"<< /S /Launch /F (calc.exe) >>"),
        pdf_bytes(b"/OpenAction 4 0 R", b"<< /S /L#61unch /F (calc.exe) >>"),
        pdf_bytes(b"", JS),  # an object no one points to: a repairing reader may still find it
        pdf_bytes(b"/AA << /WC 4 0 R >>", b"<< /S /GoTo /D [3 0 R /Fit] >>"),
        pdf_bytes(b"", page_extra=b"/AA << /O " + JS + b" >>"),
        pdf_bytes(b"/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>", FILESPEC, FILE),
        pdf_bytes(b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"<< /Length 0 >>stream\n\nendstream"),
        pdf_bytes(
            b"",
            b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 1 1] >>",
            page_extra=b"/Annots [4 0 R]",
        ),  # fmt: skip
        pdf_bytes(b"/Names << /JavaScript 4 0 R >>", b"<< /Names [(a) 5 0 R] >>", JS),
    ],
    ids=[
        "js",
        "hex-js",
        "launch",
        "hex-launch",
        "orphan-js",
        "aa-catalog",
        "aa-page",
        "embedded-file",
        "xfa",
        "rich-media",
        "names-js",
    ],  # fmt: skip
)
def test_a_pdf_with_active_content_is_refused(content):
    assert _code(content) == "active_pdf"


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(),
        pdf_bytes(b"/OpenAction [3 0 R /Fit]"),  # open at the first page: not an action
        pdf_bytes(
            b"",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
            b"/A << /S /URI /URI (https://guru.kemdikbud.go.id/) >> >>",
            page_extra=b"/Annots [4 0 R]",
        ),  # fmt: skip
    ],
    ids=["plain", "open-at-page", "web-link"],
)
def test_a_plain_pdf_passes(content):
    assert _code(content) is None


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>",
        b"%PDF-1.7\n" + b"garbage " * 200,
        pdf_bytes() + b"<html><script>alert(1)</script></html>",  # a polyglot
        pdf_bytes() + b"\n" + b"A" * 5000,  # something riding after the end
        pdf_bytes().replace(b"%PDF-1.4\n", b"%PDF-1.4\n<!DOCTYPE html>\n", 1),
    ],
    ids=["html", "garbage", "html-after", "data-after", "doctype"],
)
def test_what_only_pretends_to_be_a_pdf_is_refused(content):
    assert _code(content) == "not_pdf"


def test_the_refusal_of_an_old_office_file_says_what_to_do():
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as error:
        uploads.clean_document(SimpleUploadedFile("nilai.xls", uploads.OLE_MAGIC + b"\0" * 512))
    assert error.value.code == "legacy_office"
    assert ".xlsx" in error.value.messages[0]
