"""Checking the rows of a file of teachers before anything is imported.

``check(data, by=...)`` reads the file (``parsing.read_table``), checks every row against the
schools, the accounts and the communities already there (loaded in a few queries for the whole
file, never one per row) and returns a ``Plan``: the rows to import, or every bad row with its
line and the reason. The same function runs for the preview and again inside the import's
transaction, so the import does exactly what the last check said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from komunitas.accounts.models import School, User
from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Community
from komunitas.lib.spreadsheets import is_formula_like
from komunitas.onboarding.parsing import FileProblem, read_table
from komunitas.onboarding.rules import dinas_regency

# The header of the template, Indonesian first; the English names are accepted too.
COLUMNS = ("nama", "email", "nuptk", "npsn", "peran", "komunitas")
ALIASES = {
    "nama": "nama",
    "name": "nama",
    "nama lengkap": "nama",
    "full name": "nama",
    "email": "email",
    "e-mail": "email",
    "surel": "email",
    "nuptk": "nuptk",
    "npsn": "npsn",
    "npsn sekolah": "npsn",
    "school npsn": "npsn",
    "peran": "peran",
    "role": "peran",
    "komunitas": "komunitas",
    "communities": "komunitas",
}
REQUIRED = ("nama", "email", "npsn")
# The roles a file may give; operators and Dinas accounts are never made by an import.
ROLES = {
    "guru": User.Role.GURU,
    "guru_penggerak": User.Role.GURU_PENGGERAK,
    "kepala_sekolah": User.Role.KEPALA_SEKOLAH,
    "kepsek": User.Role.KEPALA_SEKOLAH,
    "pengawas": User.Role.PENGAWAS,
    "teacher": User.Role.GURU,
    "principal": User.Role.KEPALA_SEKOLAH,
    "supervisor": User.Role.PENGAWAS,
}
CHUNK = 900  # ids per IN (...) query, under SQLite's old limit of 999 variables
SPLIT = re.compile(r"[\s,;]+")
TEMPLATE_ROWS = [
    list(COLUMNS),
    ["Ibu Sri Wahyuni, S.Pd.", "sri.wahyuni@contoh.sch.id", "1234567890123456", "20400101"]
    + ["guru", ""],
    ["Bapak Agus Salim", "agus.salim@contoh.sch.id", "", "20400101", "kepala_sekolah", ""],
]


@dataclass
class Row:
    line: int
    name: str
    email: str
    nuptk: str
    npsn: str
    role: str
    slugs: list[str]
    school: School | None = None
    community_ids: list[int] = field(default_factory=list)
    user: User | None = None  # the existing account it updates or links
    is_new: bool = False  # its account was created by the import


@dataclass
class Plan:
    encoding: str = ""
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    read: int = 0  # rows of teachers in the file, good and bad

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> list[Row]:
        return [r for r in self.rows if r.user is None]

    @property
    def existing(self) -> list[Row]:
        return [r for r in self.rows if r.user is not None]


def in_use(user: User) -> bool:
    """An account its owner has used (a password of their own, a login), as opposed to one an
    import made and nobody has activated yet: an import only fills the blanks of the first."""
    return user.has_usable_password() or user.last_login is not None


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _header(cells: list[str]) -> dict[str, int] | str:
    names = [" ".join(c.strip().lower().split()) for c in cells]
    where: dict[str, int] = {}
    for index, name in enumerate(names):
        column = ALIASES.get(name)
        if column and column not in where:
            where[column] = index
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        return _("missing columns: %(columns)s (the first row must name the columns: %(all)s)") % {
            "columns": ", ".join(missing),
            "all": ", ".join(COLUMNS),
        }
    return where


def _parse(line: int, cells: list[str], where: dict[str, int]) -> Row | str:
    def cell(column: str) -> str:
        index = where.get(column)
        if index is None or index >= len(cells):
            return ""
        return cells[index].replace("\x00", "")

    for column in COLUMNS:
        if is_formula_like(cell(column)):
            return _(
                "the %(column)s cell starts with %(sign)r, which a spreadsheet would run as a "
                "formula; remove the sign"
            ) % {"column": column, "sign": cell(column).lstrip(" ")[:1]}
    name = " ".join(cell("nama").split())
    email = cell("email").strip().lower()
    nuptk = cell("nuptk").strip().replace(" ", "")
    npsn = cell("npsn").strip()
    role_text = "_".join(cell("peran").strip().lower().replace("-", " ").split()) or "guru"
    slugs = [s for s in SPLIT.split(cell("komunitas").strip().lower()) if s]
    if not name:
        return _("the name is empty")
    if len(name) > 150:
        return _("the name is longer than 150 characters")
    if not email:
        return _("the e-mail address is empty")
    try:
        validate_email(email)
    except ValidationError:
        return _("%(email)r is not an e-mail address") % {"email": email[:80]}
    if len(email) > 254:
        return _("the e-mail address is too long")
    if nuptk and not (len(nuptk) == 16 and nuptk.isascii() and nuptk.isdigit()):
        hint = ""
        if "e+" in nuptk.lower() or (nuptk.isdigit() and len(nuptk) < 16):
            hint = " " + _(
                "(a spreadsheet may have turned it into a number: format the column as text)"
            )
        return _("NUPTK %(nuptk)r is not 16 digits") % {"nuptk": nuptk[:30]} + hint
    if not (len(npsn) == 8 and npsn.isascii() and npsn.isdigit()):
        return _("NPSN %(npsn)r is not 8 digits") % {"npsn": npsn[:30]}
    role = ROLES.get(role_text)
    if role is None:
        return _("role %(role)r is not one of %(choices)s") % {
            "role": role_text[:40],
            "choices": "guru, guru_penggerak, kepala_sekolah, pengawas",
        }
    return Row(line, name, email, nuptk, npsn, role, slugs)


def _load_accounts(rows: list[Row]):
    by_email: dict[str, User] = {}
    by_nuptk: dict[str, User] = {}
    fields = ["email", "full_name", "nuptk", "role", "school", "password", "last_login"]
    fields += ["is_staff", "is_superuser", "is_active", "erased_at", "language"]
    emails = {r.email for r in rows}
    for chunk in _chunks(emails):
        query = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk)
        for user in query.select_related("school").only(*fields):
            by_email[user.email.lower()] = user
    nuptks = {r.nuptk for r in rows if r.nuptk}
    for chunk in _chunks(nuptks):
        for user in User.objects.filter(nuptk__in=chunk).select_related("school").only(*fields):
            by_nuptk[user.nuptk] = user
    return by_email, by_nuptk


def _account_problem(row: Row, by_email, by_nuptk, regency) -> str | None:
    """Match the row to an account by e-mail or NUPTK; the reason it cannot be, if any."""
    user = by_email.get(row.email)
    other = by_nuptk.get(row.nuptk) if row.nuptk else None
    if user and other and user.pk != other.pk:
        return _("the e-mail address belongs to one account and the NUPTK to another")
    if user is None and other is not None:
        if in_use(other):
            return _(
                "NUPTK %(nuptk)s belongs to an account with another e-mail address; only its "
                "owner can change the address"
            ) % {"nuptk": row.nuptk}
        user = other  # an account an import made and nobody used: it gets the new address
    if user is None:
        return None
    if user.erased_at is not None or not user.is_active:
        return _("the account of %(email)s was closed") % {"email": row.email}
    if is_operator(user) or user.role in (User.Role.DINAS, User.Role.OPERATOR):
        return _("%(email)s is an operator or Dinas account, which an import never changes") % {
            "email": row.email
        }
    if user.nuptk and row.nuptk and user.nuptk != row.nuptk and in_use(user):
        return _("the account of %(email)s has another NUPTK") % {"email": row.email}
    if regency and user.school_id and user.school.regency_id != regency:
        return _("%(email)s teaches at a school in another kabupaten/kota") % {"email": row.email}
    row.user = user
    return None


def check(data: bytes, *, by: User) -> Plan:
    """Check the whole file; never raises for what is in the file."""
    plan = Plan()
    regency = None if is_operator(by) else dinas_regency(by)
    try:
        table = read_table(data, max_rows=settings.ONBOARDING_MAX_ROWS)
        plan.encoding = table.encoding
        iterator = iter(table.rows)
        first = next(iterator, None)
        if first is None:
            plan.errors.append((1, _("the file has no rows")))
            return plan
        where = _header(first[1])
        if isinstance(where, str):
            plan.errors.append((first[0], where))
            return plan
        parsed: list[Row] = []
        for line, cells in iterator:
            plan.read += 1
            result = _parse(line, cells, where)
            if isinstance(result, str):
                plan.errors.append((line, result))
            else:
                parsed.append(result)
    except FileProblem as problem:
        plan.errors = [(0, problem.message)]
        plan.rows = []
        return plan
    if not plan.read:
        plan.errors.append((1, _("the file has no teachers, only the header")))
        return plan

    schools: dict[str, School] = {}
    for chunk in _chunks({r.npsn for r in parsed}):
        for school in School.objects.filter(npsn__in=chunk).only("pk", "npsn", "name", "regency"):
            schools[school.npsn] = school
    slugs = {s for r in parsed for s in r.slugs}
    communities = {}
    for chunk in _chunks(slugs):
        for community in Community.objects.alive().filter(slug__in=chunk).only("pk", "slug"):
            communities[community.slug] = community.pk
    by_email, by_nuptk = _load_accounts(parsed)

    seen_email: dict[str, int] = {}
    seen_nuptk: dict[str, int] = {}
    seen_row: dict[tuple, int] = {}
    seen_user: dict[int, int] = {}
    for row in parsed:
        key = (row.name, row.email, row.nuptk, row.npsn, row.role, tuple(row.slugs))
        reason = None
        if key in seen_row:
            reason = _("the same row as line %(line)d") % {"line": seen_row[key]}
        elif row.email in seen_email:
            reason = _("%(email)s is already on line %(line)d") % {
                "email": row.email,
                "line": seen_email[row.email],
            }
        elif row.nuptk and row.nuptk in seen_nuptk:
            reason = _("NUPTK %(nuptk)s is already on line %(line)d") % {
                "nuptk": row.nuptk,
                "line": seen_nuptk[row.nuptk],
            }
        seen_row.setdefault(key, row.line)
        seen_email.setdefault(row.email, row.line)
        if row.nuptk:
            seen_nuptk.setdefault(row.nuptk, row.line)
        if reason is None:
            row.school = schools.get(row.npsn)
            if row.school is None:
                reason = _(
                    "no school has NPSN %(npsn)s: import the school first, or the teacher can "
                    "ask for it to be added"
                ) % {"npsn": row.npsn}
            elif regency and row.school.regency_id != regency:
                reason = _("the school with NPSN %(npsn)s is not in your kabupaten/kota") % {
                    "npsn": row.npsn
                }
        if reason is None:
            unknown = [s for s in row.slugs if s not in communities]
            if unknown:
                reason = _("no community has the address %(slugs)s") % {
                    "slugs": ", ".join(unknown[:5])
                }
            found = (communities[s] for s in row.slugs if s in communities)
            row.community_ids = list(dict.fromkeys(found))
        if reason is None:
            reason = _account_problem(row, by_email, by_nuptk, regency)
        if reason is None and row.user is not None:
            if row.user.pk in seen_user:
                reason = _("the same account as line %(line)d") % {"line": seen_user[row.user.pk]}
            else:
                seen_user[row.user.pk] = row.line
        if reason:
            plan.errors.append((row.line, reason))
        else:
            plan.rows.append(row)
    plan.errors.sort()
    return plan
