#!/usr/bin/env python
"""Extract, check and compile the translation catalogues of every app.

    .venv/bin/python scripts/messages.py           # update the catalogues, compile the .mo files
    .venv/bin/python scripts/messages.py --check   # list what is missing; change nothing

Source strings are English; Bahasa Indonesia is the default language, so every string needs an
Indonesian translation. Each app keeps its own catalogue in
``komunitas/<app>/locale/<lang>/LC_MESSAGES/django.po``. Strings of modules that belong to no
app (``komunitas/settings.py``, ``komunitas/lib/``) go into the catalogue of ``core``.

Extraction always runs Django's ``makemessages`` on a staged copy of the app in a temporary
folder, so ``--check`` sees exactly what an update would write without touching the tree. The
``.mo`` files are committed and compiled with polib, so a machine without gettext's ``msgfmt``
still runs the site; ``makemessages`` itself needs gettext (``apt-get install gettext``).
See docs/i18n.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "komunitas"
LANGUAGES = ["id"]  # English is the source language and needs no catalogue.
PLURAL_FORMS = {"id": "nplurals=1; plural=0;"}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia"}
PROJECT_APP = "core"  # also collects the strings of modules outside any app
PROJECT_STAGE = "_project"  # where those modules are staged; shown as "../" in the catalogue
GETTEXT_TOOLS = ["xgettext", "msgmerge", "msguniq", "msgattrib"]
NOT_SOURCE = shutil.ignore_patterns("__pycache__", "static", "migrations", "tests", "*.pyc")
MAKEMESSAGES_OPTIONS = [
    "--domain=django",
    "--no-obsolete",
    "--add-location=file",
    "--no-wrap",
    "--ignore=static",
    "--ignore=migrations",
    "--ignore=tests",
]


class GettextMissing(RuntimeError):
    """makemessages needs GNU gettext's command-line tools."""


@dataclass(frozen=True)
class Problem:
    app: str
    language: str
    kind: str  # "untranslated", "fuzzy", "placeholders", "stale-mo", "makemessages"
    detail: str

    def __str__(self) -> str:
        return f"{self.app} [{self.language}] {self.kind}: {self.detail}"


def apps() -> list[Path]:
    """Every Django app of the project: a folder under komunitas/ with an apps.py."""
    return sorted(p.parent for p in PACKAGE.glob("*/apps.py"))


def project_modules() -> list[Path]:
    """Python files of the package that belong to no app (settings, urls, lib/...)."""
    app_dirs = set(apps())
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if any(part in ("__pycache__", "migrations", "tests") for part in rel.parts):
            continue
        if any(parent in app_dirs for parent in path.parents):
            continue
        found.append(path)
    return found


def po_path(app: Path, language: str) -> Path:
    return app / "locale" / language / "LC_MESSAGES" / "django.po"


def require_gettext() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        raise GettextMissing(
            f"{', '.join(missing)} not found: install gettext (apt-get install gettext)"
        )


# --- Extraction --------------------------------------------------------------------------------


def stage(app: Path, workdir: Path) -> Path:
    """Copy the app's sources and catalogues (plus the project modules, for core) to workdir."""
    staged = workdir / app.name
    shutil.copytree(app, staged, ignore=NOT_SOURCE)
    if app.name == PROJECT_APP:
        for module in project_modules():
            target = staged / PROJECT_STAGE / module.relative_to(PACKAGE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(module, target)
    (staged / "locale").mkdir(exist_ok=True)
    return staged


def run_makemessages(staged: Path, languages: list[str]) -> None:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="komunitas.settings",
        DEBUG="true",
        DATA_DIR=str(staged.parent / "data"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    command = [sys.executable, "-m", "komunitas", "makemessages", *MAKEMESSAGES_OPTIONS]
    command += [f"--locale={language}" for language in languages]
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, cwd=staged, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"makemessages failed for {staged.name}:\n{result.stderr or result.stdout}"
        )


def tidy(path: Path, app_name: str, language: str) -> None:
    """Give a new catalogue a proper header; show staged project modules by their real path."""
    text = path.read_text(encoding="utf-8")
    header, sep, body = text.partition("\n\n")
    if "nplurals=INTEGER" in header or "#, fuzzy\n" in header:
        header = header.replace("#, fuzzy\n", "")
        header = header.replace(
            "# SOME DESCRIPTIVE TITLE.",
            f"# {LANGUAGE_NAMES[language]} catalogue of Komunitas Praktisi, app {app_name}.",
        )
        header = header.replace("# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n", "")
        header = header.replace(
            "# This file is distributed under the same license as the PACKAGE package.\n",
            "# This file is distributed under the same license as Komunitas Praktisi.\n",
        )
        header = header.replace("# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.\n", "")
        header = header.replace(
            '"Project-Id-Version: PACKAGE VERSION\\n"', '"Project-Id-Version: komunitas\\n"'
        )
        header = header.replace("FULL NAME <EMAIL@ADDRESS>", "Komunitas Praktisi")
        created = re.search(r'"POT-Creation-Date: ([^"]*)\\n"', header)
        if created:
            header = header.replace("YEAR-MO-DA HO:MI+ZONE", created.group(1))
        header = header.replace('"Language: \\n"', f'"Language: {language}\\n"')
        header = header.replace(
            '"Language-Team: LANGUAGE <LL@li.org>\\n"',
            f'"Language-Team: {LANGUAGE_NAMES[language]}\\n"',
        )
        header = re.sub(
            r'"Plural-Forms: [^"]*"', f'"Plural-Forms: {PLURAL_FORMS[language]}\\\\n"', header
        )
    body = re.sub(
        r"^(#: .*)$",
        lambda m: m.group(1).replace(f"{PROJECT_STAGE}/", "../"),
        body,
        flags=re.MULTILINE,
    )
    path.write_text(header + sep + body, encoding="utf-8")


def extract(app: Path, workdir: Path, languages: list[str] = LANGUAGES) -> dict[str, Path]:
    """Run makemessages on a staged copy of the app; return the catalogues it produced."""
    staged = stage(app, workdir)
    run_makemessages(staged, languages)
    produced = {}
    for language in languages:
        path = po_path(staged, language)
        if path.exists():
            tidy(path, app.name, language)
            produced[language] = path
    return produced


def extract_all(workdir: Path, targets: list[Path] | None = None) -> dict[Path, dict[str, Path]]:
    require_gettext()
    targets = apps() if targets is None else targets
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = pool.map(lambda app: (app, extract(app, workdir)), targets)
        return dict(results)


# --- Checks ------------------------------------------------------------------------------------

PERCENT = re.compile(r"%%|%(?:\(\w+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{\{|\{(\w*)\}")


def _placeholders(text: str, flags: list[str]) -> set[str]:
    pattern = BRACES if "python-brace-format" in flags else PERCENT
    return {m.group(0) for m in pattern.finditer(text)} - {"%%", "{{"}


def translation_problems(app: str, language: str, po: polib.POFile) -> list[Problem]:
    """Entries with no translation, a fuzzy one, or placeholders that differ from the source."""
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        label = repr(entry.msgid) + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")
        label += f" in {', '.join(sorted({f for f, _ in entry.occurrences}))}"
        if entry.fuzzy:
            problems.append(Problem(app, language, "fuzzy", label))
        elif not entry.translated():
            problems.append(Problem(app, language, "untranslated", label))
        elif {"python-format", "python-brace-format"} & set(entry.flags):
            # With one plural form, the translation follows the plural source.
            expected = _placeholders(entry.msgid_plural or entry.msgid, entry.flags)
            texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            if any(_placeholders(text, entry.flags) != expected for text in texts):
                problems.append(Problem(app, language, "placeholders", label))
    return problems


def _messages(entries) -> dict:
    return {
        (e.msgctxt, e.msgid, e.msgid_plural): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in entries
        if e.msgid
    }


def stale_mo(po_file: Path) -> str | None:
    """Why the .mo next to po_file does not match it, or None when it does."""
    mo_file = po_file.with_suffix(".mo")
    if not mo_file.exists():
        return f"{mo_file.relative_to(ROOT)} is missing"
    po = polib.pofile(str(po_file))
    mo = polib.mofile(str(mo_file))
    expected, actual = _messages(po.translated_entries()), _messages(mo)
    if expected != actual:
        changed = sorted(msgid for (_, msgid, _), value in (expected.items() ^ actual.items()))
        shown = ", ".join(repr(m) for m in changed[:5]) + (" ..." if len(changed) > 5 else "")
        return f"{mo_file.relative_to(ROOT)} differs from its .po ({shown})"
    if po.metadata.get("Plural-Forms") != mo.metadata.get("Plural-Forms"):
        return f"{mo_file.relative_to(ROOT)} has other Plural-Forms than its .po"
    return None


def catalogues() -> list[Path]:
    return sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))


def check_compiled() -> list[Problem]:
    problems = []
    for po_file in catalogues():
        reason = stale_mo(po_file)
        if reason:
            app, language = po_file.parts[-5], po_file.parts[-3]
            problems.append(Problem(app, language, "stale-mo", reason + ": run make messages"))
    return problems


def check_translations(targets: list[Path] | None = None) -> list[Problem]:
    """Extract every app's strings as an update would, and list those Indonesian lacks."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="komunitas-messages-") as workdir:
        for app, produced in extract_all(Path(workdir), targets).items():
            for language, path in produced.items():
                problems += translation_problems(app.name, language, polib.pofile(str(path)))
    return problems


def check() -> list[Problem]:
    return check_translations() + check_compiled()


# --- Update ------------------------------------------------------------------------------------


def _without_creation_date(text: str) -> str:
    return re.sub(r'^"POT-Creation-Date: .*"$', "", text, flags=re.MULTILINE)


def compile_mo(po_file: Path) -> bool:
    """Compile po_file with polib (fuzzy entries left out); True when the .mo changed."""
    data = polib.pofile(str(po_file)).to_binary()
    mo_file = po_file.with_suffix(".mo")
    if mo_file.exists() and mo_file.read_bytes() == data:
        return False
    mo_file.write_bytes(data)
    return True


def update() -> list[str]:
    """Bring every catalogue up to date with the code and compile it; return what changed."""
    changed = []
    with tempfile.TemporaryDirectory(prefix="komunitas-messages-") as workdir:
        for app, produced in extract_all(Path(workdir)).items():
            for language, staged_po in produced.items():
                target = po_path(app, language)
                new = staged_po.read_text(encoding="utf-8")
                old = target.read_text(encoding="utf-8") if target.exists() else None
                # A new extraction date alone is not a change worth a diff.
                if old is None or _without_creation_date(old) != _without_creation_date(new):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(new, encoding="utf-8")
                    changed.append(str(target.relative_to(ROOT)))
    for po_file in catalogues():
        if compile_mo(po_file):
            changed.append(str(po_file.with_suffix(".mo").relative_to(ROOT)))
    return changed


def check_translations_from_tree() -> list[Problem]:
    """After an update the tree's catalogues are current: read them instead of extracting again."""
    problems = []
    for po_file in catalogues():
        app, language = po_file.parts[-5], po_file.parts[-3]
        problems += translation_problems(app, language, polib.pofile(str(po_file)))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="list missing translations and stale .mo files"
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = check()
            for problem in problems:
                print(problem)
            if problems:
                print(
                    f"\n{len(problems)} problem(s); translate in the .po files, then run "
                    "make messages (see docs/i18n.md).",
                    file=sys.stderr,
                )
                return 1
            print("All strings are translated and every .mo is up to date.")
            return 0
        changed = update()
        for path in changed:
            print(f"updated {path}")
        problems = check_translations_from_tree()
        for problem in problems:
            print(problem)
        if problems:
            print(f"\n{len(problems)} string(s) still need a translation.", file=sys.stderr)
        return 0
    except GettextMissing as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
