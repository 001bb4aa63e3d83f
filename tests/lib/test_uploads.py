import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from komunitas.lib import uploads
from tests.files import pdf_bytes


def picture_bytes(fmt="JPEG", size=(40, 30), mode="RGB", exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, size, "red")
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_bytes(macro=False) -> bytes:
    manifest = b'<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled"/>'
    return zip_bytes(
        {
            "[Content_Types].xml": manifest if macro else b"<Types/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_photo_is_re_encoded_without_its_metadata():
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    original = picture_bytes(exif=exif.tobytes())
    assert b"KameraRahasia" in original
    cleaned = uploads.clean_image(upload("foto kelas.jpeg", original, "image/jpeg"))
    assert cleaned.name == "foto_kelas.jpg"
    assert b"KameraRahasia" not in cleaned.read()


def test_a_large_photo_is_scaled_down(settings):
    settings.UPLOAD_IMAGE_MAX_SIDE = 100
    cleaned = uploads.clean_image(upload("besar.png", picture_bytes("PNG", (400, 200))))
    with Image.open(cleaned) as picture:
        assert picture.size == (100, 50)


def test_a_transparent_png_stays_png():
    cleaned = uploads.clean_image(upload("logo.png", picture_bytes("PNG", mode="RGBA")))
    assert cleaned.name.endswith(".png") and cleaned.content_type == "image/png"


@pytest.mark.parametrize(
    "name,content",
    [
        ("foto.png", b"<html><script>alert(1)</script></html>"),
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("rusak.jpg", picture_bytes()[:60]),
        ("dokumen.jpg", b"%PDF-1.4 not a picture"),
    ],
)
def test_what_is_not_really_a_picture_is_refused(name, content):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            uploads.clean_image(upload(name, content, "image/png"))
        assert "is not a picture we can use" in error.value.messages[0]


def test_an_oversized_picture_is_refused_with_the_limit(settings):
    settings.UPLOAD_MAX_IMAGE_MB = 1
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            uploads.clean_image(upload("besar.jpg", b"\xff" * (1024 * 1024 + 1)))
        assert "files may be at most 1.0" in error.value.messages[0]


def test_a_decompression_bomb_is_refused():
    # 6300 × 6300 is under Pillow's own cap but would take 160 MB decoded: refused from the header.
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload("bom.png", picture_bytes("PNG", (6300, 6300))))
    assert error.value.code == "too_many_pixels"
    assert "6300 × 6300" in error.value.messages[0]


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("rpp.pdf", pdf_bytes(), "pdf"),
        ("modul.docx", docx_bytes(), "docx"),
        ("nilai.xlsx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/wb.xml": b""}), "xlsx"),
        (
            "materi.odp",
            zip_bytes(
                {"mimetype": b"application/vnd.oasis.opendocument.presentation", "c.xml": b""}
            ),
            "odp",
        ),
    ],
)
def test_documents_are_recognised_by_their_content(name, content, kind):
    document_type = uploads.clean_document(upload(name, content))
    assert document_type.extension == kind


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("halaman.pdf", b"<html><body>phish</body></html>", "not_document"),
        ("program.pdf", b"MZ\x90\x00 windows executable", "not_document"),
        ("arsip.docx", zip_bytes({"a.txt": b"x"}), "not_document"),
        ("makro.docx", docx_bytes(macro=True), "macro"),
        ("rpp.docx", b"%PDF-1.4 really a pdf", "wrong_extension"),
        ("aktif.pdf", pdf_bytes(b"/OpenAction << /S /JavaScript /JS (1) >>"), "active_pdf"),
        ("lama.xls", uploads.OLE_MAGIC + b"\x00" * 100, "legacy_office"),
        ("lama.doc", uploads.OLE_MAGIC + b"\x00" * 100, "legacy_office"),
    ],
)  # fmt: skip
def test_bad_documents_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as error:
        uploads.clean_document(upload(name, content))
    assert error.value.code == code


def test_oversized_document_is_refused(settings):
    settings.UPLOAD_MAX_DOCUMENT_MB = 1
    with pytest.raises(ValidationError) as error:
        uploads.clean_document(upload("besar.pdf", b"%PDF-" + b"0" * (1024 * 1024)))
    assert error.value.code == "too_large"


def test_form_fields_return_checked_files():
    from django import forms

    class Form(forms.Form):
        photo = uploads.ImageField()
        document = uploads.DocumentField(required=False)
        attachment = uploads.AttachmentField(required=False)

    good = Form(
        data={},
        files={
            "photo": upload("a.png", picture_bytes("PNG")),
            "attachment": upload("b.pdf", pdf_bytes()),
        },
    )
    assert good.is_valid(), good.errors
    assert good.cleaned_data["photo"].name == "a.jpg"
    bad = Form(data={}, files={"photo": upload("a.png", b"<script>")})
    with translation.override("en"):
        assert not bad.is_valid()
        assert "is not a picture" in bad.errors["photo"][0]


def test_served_files_download_with_nosniff(tmp_path, settings):
    from django.core.files.storage import default_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    name = default_storage.save("x/rpp.pdf", io.BytesIO(b"%PDF-1.4 ok"))

    class Stored:
        def __init__(self, name):
            self.name = name

        def open(self, mode):
            return default_storage.open(self.name, mode)

    response = uploads.serve_file(Stored(name), "RPP Kelas 4.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ok"
