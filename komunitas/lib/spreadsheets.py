"""Spreadsheets we hand out (CSV and XLSX), every cell neutralised against formula injection.

A member's name, a community's name or a meeting's title that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be read by Excel or LibreOffice as a formula
(``=HYPERLINK(...)``, ``=cmd|...``): the OWASP "CSV injection" class. Every export goes through
this module, so no cell escapes the rule:

* ``csv_writer(stream)`` is a ``csv.writer`` whose rows are neutralised: a dangerous text cell
  gets a leading apostrophe, which spreadsheet programs show as text.
* ``xlsx_bytes(sheets)`` writes ``Sheet`` rows with openpyxl; a dangerous text cell is stored as
  a string with Excel's "quote prefix" (shown as typed, never evaluated), not as a formula.

Numbers and dates pass unchanged; only text is looked at. A test (tests/lib/test_spreadsheets.py)
holds that no other module writes CSV or XLSX itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise

# OWASP's list, plus the full-width forms some input methods type and some spreadsheet
# programs accept as the same operators.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(value) -> bool:
    """Whether a spreadsheet program could read this cell as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return False
    # Leading spaces are trimmed by some importers, so " =1+1" counts too.
    return value.lstrip(" ").startswith(FORMULA_STARTS)


def neutralise(value):
    """The value for a CSV cell: text that could be a formula gets a leading apostrophe."""
    if isinstance(value, Promise):
        value = str(value)
    return f"'{value}" if is_formula_like(value) else value


class _SafeWriter:
    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> _SafeWriter:
    """A ``csv.writer`` on ``stream`` that neutralises every cell."""
    return _SafeWriter(stream, **kwargs)


@dataclass
class Sheet:
    """One worksheet: its title, its rows, which rows are bold (0-based) and column widths."""

    title: str
    rows: list[Sequence] = field(default_factory=list)
    bold_rows: set[int] = field(default_factory=set)
    widths: dict[str, float] = field(default_factory=dict)

    def append(self, row: Sequence = (), *, bold: bool = False):
        if bold:
            self.bold_rows.add(len(self.rows))
        self.rows.append(list(row))


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook of ``sheets`` in which no cell is a formula."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(str(spec.title)[:31])
        for index, row in enumerate(spec.rows, start=1):
            for column, value in enumerate(row, start=1):
                if isinstance(value, Promise):
                    value = str(value)
                cell = sheet.cell(row=index, column=column)
                if isinstance(value, str):
                    # Control characters would make openpyxl refuse the whole workbook.
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell.data_type = "s"  # never a formula ("=...") nor an error ("#N/A")
                    cell.quotePrefix = is_formula_like(value)
                else:
                    cell.value = value
                if index - 1 in spec.bold_rows:
                    cell.font = bold
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
