"""Files that members upload: checked on their real content, never on their name or claimed type.

* ``ImageField`` accepts JPEG, PNG, WebP and GIF that Pillow can decode, refuses decompression
  bombs (judged from the header, before decoding), turns the picture upright, scales it down to
  ``UPLOAD_IMAGE_MAX_SIDE`` and re-encodes it, so EXIF (GPS position, camera), comments and
  anything smuggled after the pixels are gone. An SVG is not an image here: it can carry script.
* ``DocumentField`` accepts PDF, Office Open XML (docx, xlsx, pptx, no macros) and OpenDocument
  (odt, ods, odp), recognised by their bytes; the extension must agree with what the bytes say.
  A PDF must parse as one and carry no active content (script, launch, embedded files, forms
  that run code); old binary Office files (doc, xls, ppt) are refused with a request to save them
  as the newer formats, since their macros cannot be checked here.
* What checking costs is bounded per file and per request: ``komunitas.lib.upload_checks``.
* ``AttachmentField`` takes either.
* ``serve_file`` hands a stored file back as a download with ``nosniff``, so a browser never
  renders an upload as a page of ours. Uploads are only ever served through views that check
  permissions first; ``MEDIA_URL`` is not routed. The bytes are streamed, handed to the web
  server (``X-Accel-Redirect``) or fetched from a short-lived presigned URL (``FILE_SERVE_MODE``).

Limits come from settings (``UPLOAD_MAX_IMAGE_MB``, ``UPLOAD_MAX_DOCUMENT_MB``).

Nothing is left behind when a request fails: a file is written to the storage before the row
that names it, so every change that stores files runs in ``uploads.atomic()`` (a
``transaction.atomic`` that deletes again the files stored inside it when it rolls back), and
the storages (``komunitas.lib.storage``) report every file they write to it and remove what a
failed write left half written. See docs/reliability.md.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from komunitas.lib import upload_checks
from komunitas.lib.upload_checks import TooMuchWork

logger = logging.getLogger(__name__)

IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
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
    ]
}
# Old binary Office files: no longer accepted, still served if stored before.
LEGACY_CONTENT_TYPES = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
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


def _too_much_work(upload) -> ValidationError:
    return ValidationError(
        _(
            "%(name)s would take too much work to check (it unpacks to far more than its size). "
            "Save it again in its program, or upload fewer files at once."
        ),
        code="too_much_work",
        params={"name": upload.name},
    )


def clean_image(upload) -> ContentFile:
    """The upload as a freshly encoded JPEG or PNG without metadata, or a ValidationError."""
    if upload.size > max_image_bytes():
        raise _too_large(upload, max_image_bytes())
    not_an_image = ValidationError(
        _("%(name)s is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image."),
        code="not_image",
        params={"name": upload.name},
    )
    side = getattr(settings, "UPLOAD_IMAGE_MAX_SIDE", 2048)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise not_an_image
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as picture:
            width, height = picture.size
            # Only the header has been read: judge the cost before decoding a single pixel.
            cost = upload_checks.prepare_image(picture, side)
            if cost > upload_checks.IMAGE_WORK_MAX_BYTES:
                raise ValidationError(
                    _(
                        "The picture %(name)s has too many pixels (%(width)d × %(height)d). "
                        "Make it smaller, for example %(side)d pixels on its longest side."
                    ),
                    code="too_many_pixels",
                    params={"name": upload.name, "width": width, "height": height, "side": side},
                )
            upload_checks.spend(cost)
            picture.load()
            # Scaled and turned in place, converted only if needed: no second full-size copy.
            picture.thumbnail((side, side))
            ImageOps.exif_transpose(picture, in_place=True)
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
                picture.mode == "P" and "transparency" in picture.info
            )
            mode, extension = ("RGBA", "png") if has_alpha else ("RGB", "jpg")
            encoded: Image.Image = picture if picture.mode == mode else picture.convert(mode)
            out = io.BytesIO()
            if has_alpha:
                encoded.save(out, "PNG", optimize=True)
            else:
                encoded.save(out, "JPEG", quality=85)
    except ValidationError:
        raise
    except TooMuchWork:
        raise _too_much_work(upload) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    cleaned = ContentFile(out.getvalue(), name=f"{_stem(upload.name)}.{extension}")
    cleaned.content_type = IMAGE_CONTENT_TYPES[extension]  # type: ignore[attr-defined]
    return cleaned


def detect_document(upload) -> str | None:
    """The document type the bytes show (an extension of DOCUMENT_TYPES), 'macro', 'legacy'
    (old binary Office), or None. Raises TooMuchWork for a zip that unpacks too far."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return upload_checks.inspect_zip(upload)
    if head == OLE_MAGIC:
        return "legacy"
    return None


def _check_pdf(upload):
    try:
        upload_checks.check_pdf(upload)
    except upload_checks.ActivePdf:
        raise ValidationError(
            _("%(name)s contains scripts or actions; we accept only plain PDF documents."),
            code="active_pdf",
            params={"name": upload.name},
        ) from None
    except upload_checks.NotAPdf:
        raise ValidationError(
            _(
                "%(name)s is not a PDF we can read (it may be damaged, protected with a password, "
                "or another kind of file). Save it again as PDF and upload that file."
            ),
            code="not_pdf",
            params={"name": upload.name},
        ) from None
    except TooMuchWork:
        raise _too_much_work(upload) from None


def clean_document(upload) -> DocumentType:
    """The type of an uploaded document, or a ValidationError that says what is wrong."""
    if upload.size > max_document_bytes():
        raise _too_large(upload, max_document_bytes())
    try:
        kind = detect_document(upload)
    except TooMuchWork:
        raise _too_much_work(upload) from None
    if kind == "legacy":
        raise ValidationError(
            _(
                "%(name)s is an old Office file (.doc, .xls or .ppt), which can hide macros we "
                "cannot check. Open it and save it as .docx, .xlsx or .pptx, or as PDF, then "
                "upload that file."
            ),
            code="legacy_office",
            params={"name": upload.name},
        )
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
    if kind == "pdf":
        _check_pdf(upload)
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
    def check(self, upload):
        """The cleaned upload, or a ValidationError: each kind of field says how."""
        raise NotImplementedError

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
    if extension in LEGACY_CONTENT_TYPES:
        return LEGACY_CONTENT_TYPES[extension]
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}.get(
        extension, "application/octet-stream"
    )


def serve_file(fieldfile, filename: str | None = None, content_type: str | None = None, *,
               inline: bool = False) -> HttpResponseBase:  # fmt: skip
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
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.FILE_ACCEL_PREFIX + quote(fieldfile.name)
        response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
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


# The files stored in each open ``atomic()`` block of this thread (or task), innermost last.
_stored_in_blocks: ContextVar[tuple[list, ...]] = ContextVar("stored_in_blocks", default=())


@contextlib.contextmanager
def atomic(using=None):
    """``transaction.atomic`` that deletes the files stored inside it when it rolls back.

    Use it (as a decorator, ``@uploads.atomic()``, or a ``with`` block) for every change that
    stores an upload: the storage writes the file before the row that names it, so a form error
    raised after it, a database that is busy or fails, or a crash half way would otherwise leave
    the file behind with no row pointing at it. Blocks nest: an inner block that rolls back
    deletes its files, one that succeeds hands them to the enclosing block, which deletes them
    too if it rolls back. A file is kept once the transaction committed, also when something run
    after the commit (an ``on_commit`` callback) raises.
    """
    stored: list = []
    committed = False
    outer = _stored_in_blocks.get()
    token = _stored_in_blocks.set((*outer, stored))

    def mark_committed():
        nonlocal committed
        committed = True

    try:
        with transaction.atomic(using=using):
            # The first callback of this block: it runs before any other registered inside.
            transaction.on_commit(mark_committed, using=using)
            yield
    except BaseException:
        if not committed:
            delete_stored(stored)
        raise
    finally:
        _stored_in_blocks.reset(token)
    if outer:
        outer[-1].extend(stored)


def file_stored(storage, name: str) -> None:
    """Called by the storages of komunitas.lib.storage for every file they wrote."""
    blocks = _stored_in_blocks.get()
    if blocks:
        blocks[-1].append((storage, name))


def delete_stored(stored) -> None:
    """Delete files whose rows were rolled back; a failure is logged, never raised."""
    for storage, name in stored:
        try:
            storage.delete(name)
        except Exception:  # the request's own error matters more than this cleanup
            logger.exception("Could not delete %s after a rollback", name)
