"""Files that members upload: checked on their real content, never on their name or claimed type.

* ``ImageField`` accepts JPEG, PNG, WebP and GIF that Pillow can decode, refuses decompression
  bombs, turns the picture upright, scales it down to ``UPLOAD_IMAGE_MAX_SIDE`` and re-encodes it,
  so EXIF (GPS position, camera), comments and anything smuggled after the pixels are gone.
  An SVG is not an image here: it can carry script.
* ``DocumentField`` accepts PDF, Office Open XML (docx, xlsx, pptx, no macros), OpenDocument
  (odt, ods, odp) and legacy Office (doc, xls, ppt), recognised by their bytes; the extension must
  agree with what the bytes say. PDFs with JavaScript or launch actions are refused.
* ``AttachmentField`` takes either.
* ``serve_file`` hands a stored file back as a download with ``nosniff``, so a browser never
  renders an upload as a page of ours. Uploads are only ever served through views that check
  permissions first; ``MEDIA_URL`` is not routed. The bytes are streamed, handed to the web
  server (``X-Accel-Redirect``) or fetched from a short-lived presigned URL (``FILE_SERVE_MODE``).

Limits come from settings (``UPLOAD_MAX_IMAGE_MB``, ``UPLOAD_MAX_DOCUMENT_MB``).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_UNCOMPRESSED = 300 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    label: str


DOCUMENT_TYPES = {
    t.extension: t
    for t in [
        DocumentType("pdf", "application/pdf", "PDF"),
        DocumentType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word",
        ),
        DocumentType(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
        ),
        DocumentType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint",
        ),
        DocumentType("odt", "application/vnd.oasis.opendocument.text", "OpenDocument"),
        DocumentType("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"),
        DocumentType("odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument"),
        DocumentType("doc", "application/msword", "Word"),
        DocumentType("xls", "application/vnd.ms-excel", "Excel"),
        DocumentType("ppt", "application/vnd.ms-powerpoint", "PowerPoint"),
    ]
}
IMAGE_CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def max_image_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_IMAGE_MB", 10) * 1024 * 1024


def max_document_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_DOCUMENT_MB", 20) * 1024 * 1024


def _too_large(upload, limit: int) -> ValidationError:
    return ValidationError(
        _("The file %(name)s is %(size)s; files may be at most %(limit)s."),
        code="too_large",
        params={
            "name": upload.name,
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(limit),
        },
    )


def _stem(name: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    return get_valid_filename(stem)[:80] or "file"


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def clean_image(upload) -> ContentFile:
    """The upload as a freshly encoded JPEG or PNG without metadata, or a ValidationError."""
    if upload.size > max_image_bytes():
        raise _too_large(upload, max_image_bytes())
    not_an_image = ValidationError(
        _("%(name)s is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
        code="not_image",
        params={"name": upload.name},
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_an_image
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The picture %(name)s has too many pixels (%(width)d × %(height)d)."),
                    code="too_many_pixels",
                    params={"name": upload.name, "width": width, "height": height},
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as picture:
            picture.load()
            picture = ImageOps.exif_transpose(picture)
            side = getattr(settings, "UPLOAD_IMAGE_MAX_SIDE", 2048)
            picture.thumbnail((side, side))
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
                picture.mode == "P" and "transparency" in picture.info
            )
            out = io.BytesIO()
            if has_alpha:
                picture.convert("RGBA").save(out, "PNG", optimize=True)
                extension = "png"
            else:
                picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    cleaned = ContentFile(out.getvalue(), name=f"{_stem(upload.name)}.{extension}")
    cleaned.content_type = IMAGE_CONTENT_TYPES[extension]
    return cleaned


def _zip_kind(upload) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES or sum(e.file_size for e in entries) > (
                ZIP_MAX_UNCOMPRESSED
            ):
                return None
            names = {e.filename for e in entries}
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                for kind in ("odt", "ods", "odp"):
                    if DOCUMENT_TYPES[kind].content_type == mimetype:
                        return kind
                return None
            if "[Content_Types].xml" in names:
                manifest = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                if "macroEnabled" in manifest or any(n.endswith("vbaProject.bin") for n in names):
                    return "macro"
                for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(n.startswith(prefix) for n in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    return None


def detect_document(upload) -> str | None:
    """The document type the bytes show (an extension of DOCUMENT_TYPES), 'macro', or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if head == OLE_MAGIC:
        # Legacy Office files share one container; trust the extension among the three.
        extension = _extension(upload.name)
        return extension if extension in ("doc", "xls", "ppt") else "doc"
    return None


def _pdf_is_active(upload) -> bool:
    upload.seek(0)
    tail = b""
    try:
        for chunk in upload.chunks():
            window = tail + chunk  # a keyword may straddle two chunks
            if b"/JavaScript" in window or b"/Launch" in window:
                return True
            tail = chunk[-16:]
        return False
    finally:
        upload.seek(0)


def clean_document(upload) -> DocumentType:
    """The type of an uploaded document, or a ValidationError that says what is wrong."""
    if upload.size > max_document_bytes():
        raise _too_large(upload, max_document_bytes())
    kind = detect_document(upload)
    if kind == "macro":
        raise ValidationError(
            _("%(name)s contains macros. Save it without macros (for example as .docx) first."),
            code="macro",
            params={"name": upload.name},
        )
    if kind is None:
        raise ValidationError(
            _(
                "%(name)s is not a document we accept. Upload a PDF, Word, Excel, PowerPoint or "
                "OpenDocument file."
            ),
            code="not_document",
            params={"name": upload.name},
        )
    document_type = DOCUMENT_TYPES[kind]
    if _extension(upload.name) != kind:
        raise ValidationError(
            _("%(name)s is named like another kind of file, but its content is a %(kind)s file."),
            code="wrong_extension",
            params={"name": upload.name, "kind": document_type.label},
        )
    if kind == "pdf" and _pdf_is_active(upload):
        raise ValidationError(
            _("%(name)s contains scripts or actions; we accept only plain PDF documents."),
            code="active_pdf",
            params={"name": upload.name},
        )
    upload.content_type = document_type.content_type
    return document_type


def clean_attachment(upload):
    """A picture (re-encoded) or a document (checked): whichever the bytes say it is."""
    head = upload.read(8)
    upload.seek(0)
    if head.startswith((b"%PDF-", b"PK\x03\x04", OLE_MAGIC)):
        clean_document(upload)
        return upload
    return clean_image(upload)


class _CheckedFileField(forms.FileField):
    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data and data is not initial and hasattr(data, "size"):
            return self.check(data)
        return data


class ImageField(_CheckedFileField):
    """A picture: returns a ContentFile of the re-encoded image, ready for a model FileField."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("JPEG, PNG, WebP or GIF."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")

    def check(self, upload):
        return clean_image(upload)


class DocumentField(_CheckedFileField):
    """A PDF, Office or OpenDocument file, checked on its content; the upload is returned."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF, Word, Excel, PowerPoint or OpenDocument."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{e}" for e in DOCUMENT_TYPES))

    def check(self, upload):
        clean_document(upload)
        return upload


class AttachmentField(_CheckedFileField):
    """A picture or a document."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("A picture (JPEG, PNG, WebP, GIF) or a PDF or Office document.")
        )
        super().__init__(**kwargs)

    def check(self, upload):
        return clean_attachment(upload)


def content_type_for(name: str) -> str:
    """The type to serve a stored file with, from the extension we gave it when we checked it."""
    extension = _extension(name)
    if extension in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[extension].content_type
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}.get(
        extension, "application/octet-stream"
    )


def serve_file(fieldfile, filename: str | None = None, content_type: str | None = None, *,
               inline: bool = False) -> HttpResponse:  # fmt: skip
    """A stored upload as a response; call it only after the permission check.

    Documents download as attachments; pictures may be shown ``inline`` (they were re-encoded).
    ``nosniff`` and a sandboxing CSP make sure a browser never treats the bytes as a page.
    How the bytes leave follows ``FILE_SERVE_MODE``: streamed by this process, handed to the web
    server in front (``accel``: ``X-Accel-Redirect``), or a redirect to a short-lived presigned
    URL of the object storage (``signed``), which names the same disposition and type.
    """
    name = filename or os.path.basename(fieldfile.name)
    content_type = content_type or content_type_for(fieldfile.name)
    mode = getattr(settings, "FILE_SERVE_MODE", "stream")
    if mode == "signed":
        return _signed_redirect(fieldfile, name, content_type, inline=inline)
    if mode == "accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.FILE_ACCEL_PREFIX + quote(fieldfile.name)
        response["Content-Disposition"] = content_disposition_header(not inline, name)
    else:
        response = FileResponse(
            fieldfile.open("rb"), as_attachment=not inline, filename=name, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _signed_redirect(fieldfile, name: str, content_type: str, *, inline: bool):
    url = fieldfile.storage.url(
        fieldfile.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(not inline, name),
            "ResponseContentType": content_type,
        },
        expire=settings.FILE_SIGNED_URL_SECONDS,
    )
    response = HttpResponseRedirect(url)
    # The URL is a bearer pass for a few minutes: no cache may keep it for someone else.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
