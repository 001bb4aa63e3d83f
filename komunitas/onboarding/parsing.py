"""Reading a file of teachers: CSV (any of the encodings spreadsheet programs write) or XLSX.

``read_table(data, max_rows=...)`` recognises the file by its content, not its name, and yields
``(line, cells)`` one row at a time, the header first; it stops with ``FileProblem`` as soon as
the file has more rows than allowed, so a 100,000-row file is refused without being read whole.
Everything that is wrong with the file as a whole is a ``FileProblem`` with a message for people.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from komunitas.lib.upload_checks import TooMuchWork, inspect_zip

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container

# Encodings tried in order for a CSV without a byte-order mark. cp1252 is what Excel on Windows
# writes for "CSV"; latin-1 reads any byte, for the few that cp1252 leaves undefined.
ENCODINGS = (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))


class FileProblem(Exception):
    """The file as a whole cannot be read (its type, its encoding, its size)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    encoding: str  # how a CSV was read ("UTF-8", "Windows-1252", ...); "" for XLSX
    rows: Iterator[tuple[int, list[str]]]


def _too_many(max_rows: int) -> FileProblem:
    return FileProblem(
        _(
            "The file has more than %(max)s rows of teachers. Split it into files of at most "
            "%(max)s rows and upload them one after the other."
        )
        % {"max": f"{max_rows:,}".replace(",", ".")}
    )


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise FileProblem(_("The file could not be read as UTF-16 text.")) from error
    if b"\x00" in data[:4096]:
        raise FileProblem(_("This file is not a CSV text file nor an XLSX workbook."))
    for codec, label in ENCODINGS:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise FileProblem(_("The file could not be read as text. Save it as CSV (UTF-8)."))


def _csv_rows(text: str, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    sample = text[:4096]
    delimiter = ","
    first_line = sample.split("\n", 1)[0]
    if first_line.count(";") > first_line.count(","):
        delimiter = ";"  # Excel in Indonesian (and most of Europe) writes semicolons
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileProblem(
                _("Line %(line)d cannot be read as CSV (%(error)s). Check its quotes.")
                % {"line": start, "error": error}
            ) from error
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > max_rows + 1:  # the header is not a teacher
            raise _too_many(max_rows)
        yield start, cells


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _xlsx_rows(data: bytes, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        # read_only streams the sheet; data_only=False keeps a formula as its text ("=...").
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise FileProblem(_("The XLSX workbook is damaged and cannot be opened.")) from error
    try:
        sheet = book.worksheets[0]
        count = 0
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > max_rows + 1:
                raise _too_many(max_rows)
            yield line, cells
    except FileProblem:
        raise
    except Exception as error:
        raise FileProblem(_("The XLSX workbook is damaged and cannot be read.")) from error
    finally:
        book.close()


def read_table(data: bytes, *, max_rows: int) -> Table:
    """Recognise the file by its first bytes and return its rows, read lazily."""
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        try:
            kind = inspect_zip(io.BytesIO(data))
        except TooMuchWork as error:
            raise FileProblem(_("The XLSX workbook is too large once unpacked.")) from error
        if kind != "xlsx":
            raise FileProblem(_("This file is not a CSV text file nor an XLSX workbook."))
        return Table("xlsx", "", _xlsx_rows(data, max_rows))
    if data.startswith(OLE_MAGIC):
        raise FileProblem(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again.")
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise FileProblem(_("This file is not a CSV text file nor an XLSX workbook."))
    text, encoding = decode(data)
    return Table("csv", encoding, _csv_rows(text, max_rows))
