"""Import schools from a CSV file: all rows or none, every bad row reported by its line number.

Re-importing updates schools by NPSN, so an operator can fix a file and load it again.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from komunitas.accounts.models import District, Regency, School
from komunitas.accounts.models.schools import validate_npsn

REQUIRED_COLUMNS = ("npsn", "name", "level", "status", "regency_code")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _normalise_code(raw: str, parts: int) -> str:
    """Accept '33.02' and '3302' alike and return the dotted Kemendagri form."""
    digits = raw.replace(".", "").strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 2 * parts:
        return raw.strip()
    return ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def _parse_row(row, regencies, districts):
    """Return (values, None) for a good row or (None, reason) for a bad one."""
    npsn = (row.get("npsn") or "").strip()
    name = " ".join((row.get("name") or "").split())
    level = (row.get("level") or "").strip().lower()
    status = (row.get("status") or "").strip().lower()
    regency_code = _normalise_code(row.get("regency_code") or "", 2)
    district_code = _normalise_code(row.get("district_code") or "", 3)
    try:
        validate_npsn(npsn)
    except Exception:
        return None, _("NPSN %(npsn)r is not 8 digits") % {"npsn": npsn}
    if not name:
        return None, _("the school has no name")
    if len(name) > 200:
        return None, _("the name is longer than 200 characters")
    if level not in School.Level.values:
        return None, _("level %(level)r is not one of %(choices)s") % {
            "level": level,
            "choices": ", ".join(School.Level.values),
        }
    if status not in School.Status.values:
        return None, _("status %(status)r is not negeri or swasta") % {"status": status}
    regency = regencies.get(regency_code)
    if regency is None:
        return None, _("no kabupaten/kota has the code %(code)r") % {"code": regency_code}
    district = None
    if district_code:
        district = districts.get(district_code)
        if district is None or district.regency_id != regency.code:
            return None, _("no kecamatan %(code)r in %(regency)s") % {
                "code": district_code,
                "regency": regency,
            }
    values = {
        "name": name,
        "level": level,
        "status": status,
        "regency": regency,
        "district": district,
        "address": (row.get("address") or "").strip()[:300],
    }
    return (npsn, values), None


def import_schools(text: str) -> ImportResult:
    result = ImportResult()
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.errors.append(
            (1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        )
        return result
    reader.fieldnames = columns
    regencies = {r.code: r for r in Regency.objects.all()}
    districts = {d.code: d for d in District.objects.all()}
    parsed, seen = {}, {}
    for row in reader:
        line = reader.line_num
        values, reason = _parse_row(row, regencies, districts)
        if reason:
            result.errors.append((line, reason))
            continue
        npsn, fields = values
        if npsn in seen:
            result.errors.append(
                (
                    line,
                    _("NPSN %(npsn)s already appears on line %(line)d")
                    % {"npsn": npsn, "line": seen[npsn]},
                )
            )
            continue
        seen[npsn] = line
        parsed[npsn] = fields
    if not parsed and not result.errors:
        result.errors.append((1, _("the file has no rows")))
    if result.errors:
        return result
    with transaction.atomic():
        existing = School.objects.in_bulk(list(parsed), field_name="npsn")
        for npsn, fields in parsed.items():
            if npsn in existing:
                school = existing[npsn]
                for key, value in fields.items():
                    setattr(school, key, value)
                school.save()
                result.updated += 1
            else:
                School.objects.create(npsn=npsn, **fields)
                result.created += 1
    return result
