"""Every kind of bad file and bad row is reported with its line and reason; nothing is kept."""

import io

import pytest
from openpyxl import Workbook

from komunitas.onboarding.checking import check
from tests.onboarding.conftest import HEADER, csv_bytes


@pytest.fixture
def good(school):
    return f"Ibu Sri Wahyuni,sri@contoh.test,1234567890123456,{school.npsn},guru,"


def test_a_good_file_is_planned(operator, school, good):
    plan = check(
        csv_bytes(good, f"Pak Agus,agus@contoh.test,,{school.npsn},kepala_sekolah,"), by=operator
    )
    assert plan.ok, plan.errors
    assert plan.read == 2 and len(plan.new) == 2
    assert plan.rows[1].role == "kepala_sekolah"


@pytest.mark.parametrize(
    "encoding,prefix,label",
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 (BOM)"),
        ("cp1252", b"", "Windows-1252"),
        ("latin-1", b"", "Windows-1252"),
        ("utf-16", b"", "UTF-16"),
    ],
)
def test_encodings_are_recognised(operator, school, encoding, prefix, label):
    data = prefix + csv_bytes(
        f"Ibu Müller Ñañez,mueller@contoh.test,,{school.npsn},guru,", encoding=encoding
    )
    plan = check(data, by=operator)
    assert plan.ok, plan.errors
    assert plan.encoding == label
    assert plan.rows[0].name == "Ibu Müller Ñañez"


def test_semicolons_as_excel_writes_them(operator, school):
    data = csv_bytes(
        f"Ibu Sri;sri@contoh.test;;{school.npsn};guru;", header=HEADER.replace(",", ";")
    )
    assert check(data, by=operator).ok


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK(""http://x"")', "+62811", "-1+1", "@SUM(A1)", " =1+1"]
)
def test_formulas_are_refused(operator, school, cell):
    plan = check(csv_bytes(f'"{cell}",sri@contoh.test,,{school.npsn},guru,'), by=operator)
    assert not plan.ok
    line, reason = plan.errors[0]
    assert line == 2 and "formula" in reason


def test_every_bad_row_is_reported_with_its_line(operator, school, public_community):
    plan = check(
        csv_bytes(
            f"Ibu Satu,satu@contoh.test,,{school.npsn},guru,",
            f",kosong@contoh.test,,{school.npsn},guru,",  # 3: no name
            f"Ibu Tiga,bukan-email,,{school.npsn},guru,",  # 4
            f"Ibu Empat,empat@contoh.test,123,{school.npsn},guru,",  # 5: NUPTK
            "Ibu Lima,lima@contoh.test,,1234,guru,",  # 6: NPSN shape
            "Ibu Enam,enam@contoh.test,,99999999,guru,",  # 7: unknown NPSN
            f"Ibu Tujuh,tujuh@contoh.test,,{school.npsn},operator,",  # 8: role
            f"Ibu Delapan,SATU@contoh.test,,{school.npsn},guru,",  # 9: e-mail in two rows
            f"Ibu Satu,satu@contoh.test,,{school.npsn},guru,",  # 10: the same row
            f"Ibu Sebelas,sebelas@contoh.test,,{school.npsn},guru,tidak-ada",  # 11: community
            f"Ibu Dua Belas,duabelas@contoh.test,,{school.npsn},guru,{public_community.slug}",
        ),
        by=operator,
    )
    lines = dict(plan.errors)
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "name" in lines[3]
    assert "e-mail" in lines[4]
    assert "NUPTK" in lines[5]
    assert "8 digits" in lines[6]
    assert "99999999" in lines[7] and "ask" in lines[7]
    assert "operator" in lines[8]
    assert "line 2" in lines[9]
    assert "same row as line 2" in lines[10]
    assert "tidak-ada" in lines[11]


def test_nuptk_in_two_rows(operator, school):
    plan = check(
        csv_bytes(
            f"Ibu A,a@contoh.test,1234567890123456,{school.npsn},guru,",
            f"Ibu B,b@contoh.test,1234567890123456,{school.npsn},guru,",
        ),
        by=operator,
    )
    assert plan.errors == [(3, "NUPTK 1234567890123456 is already on line 2")]


def test_missing_columns_and_empty_files(operator):
    assert "missing columns" in check(b"nama,email\nA,a@contoh.test\n", by=operator).errors[0][1]
    assert check(b"", by=operator).errors[0][0] == 0
    assert "only the header" in check(csv_bytes(), by=operator).errors[0][1]


@pytest.mark.parametrize(
    "data,words",
    [
        (b"%PDF-1.4 hello", "not a CSV"),
        (b"\x89PNG\r\n\x1a\n0000", "not a CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04garbage", "not a CSV"),
        (b"nama\x00email\x00", "not a CSV"),
        (b'nama,email,npsn\n"unclosed,a@b.c,12345678\n', "quotes"),
    ],
)
def test_files_that_are_not_tables(operator, data, words):
    plan = check(data, by=operator)
    assert not plan.ok and words in plan.errors[0][1]


def test_a_zip_that_is_not_a_workbook(operator):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not a CSV" in check(out.getvalue(), by=operator).errors[0][1]


def test_too_many_rows_is_refused_before_reading_on(operator, school, settings):
    settings.ONBOARDING_MAX_ROWS = 100
    lines = [f"Guru {n},guru{n}@contoh.test,,{school.npsn},guru," for n in range(100_000)]
    plan = check(csv_bytes(*lines), by=operator)
    assert plan.errors == [(0, plan.errors[0][1])]
    assert "more than 100 rows" in plan.errors[0][1]
    assert check(csv_bytes(*lines[:100]), by=operator).ok


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_numbers_and_a_formula(operator, school):
    data = _xlsx(
        [
            ["Nama", "Email", "NUPTK", "NPSN", "Peran", "Komunitas"],
            ["Ibu Sri", "sri@contoh.test", "1234567890123456", int(school.npsn), "guru", None],
            ["Pak Agus", "agus@contoh.test", None, int(school.npsn), "Kepala Sekolah", None],
            ["=1+1", "x@contoh.test", None, int(school.npsn), "guru", None],
            ["Ibu Nomor", "n@contoh.test", 1.234567890123456e15, int(school.npsn), "guru", None],
        ]
    )
    plan = check(data, by=operator)
    assert [r.email for r in plan.rows] == ["sri@contoh.test", "agus@contoh.test"]
    assert plan.rows[1].role == "kepala_sekolah"
    lines = dict(plan.errors)
    assert "formula" in lines[4]
    assert 5 in lines  # 16 digits as a float lose the last one, or come back as text


def test_dinas_only_for_its_own_regency(dinas, school, school_elsewhere):
    plan = check(
        csv_bytes(
            f"Ibu A,a@contoh.test,,{school.npsn},guru,",
            f"Ibu B,b@contoh.test,,{school_elsewhere.npsn},guru,",
        ),
        by=dinas,
    )
    assert plan.errors == [
        (3, f"the school with NPSN {school_elsewhere.npsn} is not in your kabupaten/kota")
    ]


def test_accounts_an_import_never_touches(operator, dinas, school):
    plan = check(
        csv_bytes(
            f"Dinas,{dinas.email},,{school.npsn},guru,",
            f"Operator,{operator.email},,{school.npsn},guru,",
        ),
        by=operator,
    )
    assert [line for line, _ in plan.errors] == [2, 3]
    assert all("operator or Dinas" in reason for _, reason in plan.errors)


def test_email_and_nuptk_of_two_accounts(operator, school, member, outsider):
    outsider.nuptk = "1234567890123456"
    outsider.save()
    plan = check(
        csv_bytes(f"Siti,{member.email},1234567890123456,{school.npsn},guru,"), by=operator
    )
    assert "another" in plan.errors[0][1]
