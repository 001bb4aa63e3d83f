"""What an upload may cost us while we check it: decompression bombs and active content.

``komunitas.lib.uploads`` asks these questions of a file before it keeps it:

* ``image_cost(picture)``: the bytes decoding and scaling a picture will take, read from its
  header before a single pixel is decoded (a 154 KB PNG may say 6300 × 6300: 160 MB decoded).
* ``inspect_zip(upload)``: the kind of an Office Open XML or OpenDocument file, reading the
  archive entry by entry in small chunks with caps on the inflated size, the ratio and the
  compression method (a 296 KB .docx may inflate to 290 MB).
* ``pdf_problem(upload)``: whether a PDF parses as one (pypdf, with its own limits tightened)
  and carries no active content, however its names are spelled (``/J#61vaScript``).

Every check spends from the request's ``WorkBudget`` (set by ``UploadLimitMiddleware``), so five
bombs in one reply cost no more than one request's worth of work. DESIGN.md §4: one upload may
cost a worker at most 64 MB over its baseline while it is checked; tests/lib/test_upload_bombs.py
measures it.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import time
import zipfile
from typing import Any

MB = 1024 * 1024

# Pictures: decoded pixels, the scaled copy and the decoder's own buffers together.
IMAGE_WORK_MAX_BYTES = 56 * MB
# Zip containers (docx, xlsx, pptx, odt, ods, odp).
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_INFLATED = 100 * MB  # all entries of one file together
ZIP_MAX_RATIO = 100  # inflated / compressed, for an entry over ZIP_RATIO_FROM
ZIP_RATIO_FROM = 1 * MB
ZIP_MANIFEST_MAX = 1 * MB  # [Content_Types].xml, mimetype
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what Office and LibreOffice write
CHUNK = 64 * 1024
# PDFs: pypdf's limits, well under its defaults of 75 MB per stream.
PDF_MAX_OBJECTS = 50_000
PDF_MAX_SECONDS = 5.0
PDF_STREAM_MAX = 16 * MB
# All the files of one request together: inflated, decoded and parsed bytes.
REQUEST_WORK_MAX_BYTES = 256 * MB


class TooMuchWork(Exception):
    """The file, or the files of this request together, would cost more than we allow."""


class WorkBudget:
    def __init__(self, limit: int):
        self.left = limit

    def spend(self, amount: int):
        self.left -= amount
        if self.left < 0:
            raise TooMuchWork


_budget: contextvars.ContextVar[WorkBudget | None] = contextvars.ContextVar(
    "upload_work_budget", default=None
)


@contextlib.contextmanager
def request_budget(limit: int = REQUEST_WORK_MAX_BYTES):
    """All the checks inside share ``limit`` bytes of work (one request)."""
    token = _budget.set(WorkBudget(limit))
    try:
        yield
    finally:
        _budget.reset(token)


def spend(amount: int):
    budget = _budget.get()
    if budget is not None:
        budget.spend(amount)


# --- pictures ------------------------------------------------------------------------------------


def _bytes_per_pixel(mode: str) -> int:
    return 1 if mode in ("1", "L", "P") else 4  # Pillow keeps every multi-band pixel in 4 bytes


def prepare_image(picture, side: int) -> int:
    """Ask a JPEG to decode already reduced, then return the most memory that decoding, scaling
    and converting it will hold at once (bytes).

    Called on an opened, not yet loaded picture: only its header has been read. The figures
    follow what Pillow does: a multi-band pixel takes 4 bytes; scaling goes through an
    intermediate image (new width × old height); a picture with alpha is scaled as a
    premultiplied copy; the result is converted to RGB or RGBA before it is encoded.
    """
    width, height = picture.size
    coefficients = 0
    if picture.format == "JPEG":
        if picture.info.get("progressive"):
            # A progressive JPEG holds all its coefficients (2 bytes each) until the last scan.
            h_max = max(h for _id, h, _v, _q in picture.layer)
            v_max = max(v for _id, _h, v, _q in picture.layer)
            coefficients = sum(
                2 * (width * h // h_max) * (height * v // v_max) for _id, h, v, _q in picture.layer
            )
        # libjpeg scales by 1/2, 1/4 or 1/8 while decoding, staying at least half the side.
        picture.draft("RGB", (side // 2, side // 2))
        width, height = picture.size
    per_pixel = _bytes_per_pixel(picture.mode)
    alpha = picture.mode in ("RGBA", "LA")
    decoded = width * height * per_pixel
    decoding = coefficients + decoded * (2 if picture.format == "WEBP" else 1)
    scale = side / max(width, height, 1)
    new_width, new_height = width, height
    scaling = decoded
    if scale < 1:
        new_width, new_height = max(1, int(width * scale)), max(1, int(height * scale))
        scaling = (
            decoded * (2 if alpha else 1)
            + new_width * height * per_pixel
            + new_width * new_height * per_pixel * (2 if alpha else 1)
        )
    final = new_width * new_height * per_pixel
    converting = final + (new_width * new_height * 4 if per_pixel == 1 else 0)
    return max(decoding, scaling, converting)


# --- zip containers ------------------------------------------------------------------------------


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as entry:
        data = entry.read(ZIP_MANIFEST_MAX + 1)
    if len(data) > ZIP_MANIFEST_MAX:
        raise TooMuchWork
    return data


def _inflate_all(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]):
    """Read every entry in small chunks: the CRC proves the sizes we judged by are the real ones."""
    for info in entries:
        with archive.open(info) as entry:
            while chunk := entry.read(CHUNK):
                spend(len(chunk))


def inspect_zip(upload) -> str | None:
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'macro', or None for anything else.

    Raises TooMuchWork for an archive that inflates beyond the caps.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                raise TooMuchWork
            inflated = 0
            for info in entries:
                if info.compress_type not in ZIP_METHODS or info.flag_bits & 0x1:
                    return None  # another compression method, or encrypted
                inflated += info.file_size
                if info.file_size > ZIP_RATIO_FROM and (
                    info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise TooMuchWork
            if inflated > ZIP_MAX_INFLATED:
                raise TooMuchWork
            kind = _zip_kind(archive, {e.filename for e in entries})
            if kind is not None:
                _inflate_all(archive, entries)
            return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError):
        return None
    except (OSError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    from komunitas.lib.uploads import DOCUMENT_TYPES

    if "mimetype" in names:
        mimetype = _read_small(archive, "mimetype").decode("ascii", "replace").strip()
        for kind in ("odt", "ods", "odp"):
            if DOCUMENT_TYPES[kind].content_type == mimetype:
                return kind
        return None
    if "[Content_Types].xml" in names:
        manifest = _read_small(archive, "[Content_Types].xml").decode("utf-8", "replace")
        if "macroEnabled" in manifest or any(n.lower().endswith("vbaproject.bin") for n in names):
            return "macro"
        for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


# --- PDF -----------------------------------------------------------------------------------------

# Names that make a PDF do something rather than show something.
ACTIVE_KEYS = {
    "/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles",
    "/RichMedia", "/RichMediaExecute", "/XFA", "/EF",
}  # fmt: skip
ACTIVE_ACTIONS = {
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/GoToR", "/RichMediaExecute",
    "/Rendition", "/Sound", "/Movie",
}  # fmt: skip
ACTIVE_SUBTYPES = {"/RichMedia", "/FileAttachment", "/Movie", "/Sound", "/Screen", "/3D"}
# What a browser sniffs for near the start, and what may follow the last %%EOF.
MARKUP = re.compile(rb"<\s*(html|script|body|head|iframe|svg|!doctype|\?xml-stylesheet)", re.I)
TRAILER_SLACK = 1024


class NotAPdf(Exception):
    pass


class ActivePdf(Exception):
    pass


def _looks_like_polyglot(upload) -> bool:
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(max(0, upload.size - 4096))
    tail = upload.read(4096)
    upload.seek(0)
    if MARKUP.search(head) or MARKUP.search(tail):
        return True
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return True
    after = tail[end + 5 :]
    return len(after) > TRAILER_SLACK or after.strip(b"\r\n\t \x00") != b""


def _is_active(obj) -> bool:
    """Whether this object (not following references) holds an active key or action."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            continue  # every indirect object is looked at in its own turn
        if isinstance(item, DictionaryObject | StreamObject):
            for key, value in item.items():
                if key in ACTIVE_KEYS:
                    return True  # (an /OpenAction is judged by the action it names: /S)
                if (key == "/S" and value in ACTIVE_ACTIONS) or (
                    key == "/Subtype" and value in ACTIVE_SUBTYPES
                ):
                    return True
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return False


def _object_numbers(reader) -> list[tuple[int, int]]:
    numbers: set[tuple[int, int]] = set()
    for generation, table in reader.xref.items():
        numbers.update((number, generation) for number in table)
    numbers.update((number, 0) for number in reader.xref_objStm)
    return sorted(numbers)


def check_pdf(upload):
    """Raise NotAPdf or ActivePdf, or TooMuchWork for a PDF too costly to look through."""
    import pypdf
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, IndirectObject

    if _looks_like_polyglot(upload):
        raise NotAPdf
    spend(upload.size)
    started = time.monotonic()
    limits: dict[str, Any] = {
        "maximum_declared_stream_length": PDF_STREAM_MAX,
        "array_based_stream_maximum_output_length": PDF_STREAM_MAX,
        "zlib_maximum_output_length": PDF_STREAM_MAX,
        "lzw_maximum_output_length": PDF_STREAM_MAX,
        "run_length_maximum_output_length": PDF_STREAM_MAX,
        "brotli_maximum_output_length": PDF_STREAM_MAX,
        "jbig2_maximum_output_length": PDF_STREAM_MAX,
        "image_maximum_buffer_size": PDF_STREAM_MAX,
        "stream_decoding_work_maximum_length": 4 * PDF_STREAM_MAX,
        "xfa_decoding_work_maximum_length": PDF_STREAM_MAX,
        "page_tree_maximum_entries": 20_000,
        "page_tree_maximum_page_entries": 100_000,
        "jbig2dec_binary": None,
    }
    upload.seek(0)
    try:
        with pypdf.apply_configuration(**limits):
            reader = pypdf.PdfReader(upload, strict=False, root_object_recovery_limit=1_000,
                                     xref_stream_maximum_entries=PDF_MAX_OBJECTS)  # fmt: skip
            if reader.is_encrypted:
                raise NotAPdf  # we could not look inside
            root = reader.trailer.get("/Root")
            root = root.get_object() if isinstance(root, IndirectObject) else root
            if (
                not isinstance(root, DictionaryObject)
                or root.get("/Type") != "/Catalog"
                or len(reader.pages) < 1
            ):
                raise NotAPdf
            if _is_active(reader.trailer) or _is_active(root):
                raise ActivePdf
            numbers = _object_numbers(reader)
            if len(numbers) > PDF_MAX_OBJECTS:
                raise TooMuchWork
            for number, generation in numbers:
                if time.monotonic() - started > PDF_MAX_SECONDS:
                    raise TooMuchWork
                obj = reader.get_object(IndirectObject(number, generation, reader))
                if obj is not None and _is_active(obj):
                    raise ActivePdf
    except (ActivePdf, NotAPdf, TooMuchWork):
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ArithmeticError):  # fmt: skip
        raise NotAPdf from None
    finally:
        upload.seek(0)
