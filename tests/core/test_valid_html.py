"""Every page of the demo, as every demo account and as an anonymous visitor, is valid HTML: the
W3C Nu HTML Checker (``vnu.jar`` from the npm package ``vnu-jar``, pinned in package.json, run
with Java) finds no error. The pages are rendered in-process and checked in one Java run."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.demo_pages import every_page

# The demo tests take the ``demo`` fixture (tests/conftest.py), not the django_db marker.
ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    if not java:
        pytest.fail(
            "The HTML validity test needs Java to run the Nu HTML Checker. Install it "
            "(Debian/Ubuntu: `apt-get install default-jre-headless`).",
            pytrace=False,
        )
    if not VNU.is_file():
        pytest.fail(
            f"The HTML validity test needs {VNU.relative_to(ROOT)}: run `npm ci` at the "
            "repository root (needs Node and npm; Debian/Ubuntu: `apt-get install nodejs npm`), "
            "or `make test`, which does it.",
            pytrace=False,
        )
    return [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--stdout", "--errors-only"]


def validate(files: list[Path]) -> list[dict]:
    """The checker's error messages for ``files``, in one run of Java."""
    result = subprocess.run(
        [*_checker(), *map(str, files)], capture_output=True, text=True, check=False, timeout=600
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"The Nu HTML Checker did not answer in JSON: {result.stderr[-2000:]}")


def test_without_java_the_test_fails_and_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(pytest.fail.Exception, match="apt-get install default-jre-headless"):
        _checker()


def test_without_the_checker_the_test_fails_and_says_to_run_npm_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "VNU", tmp_path / "node_modules" / "vnu.jar")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="npm ci"):
        _checker()


def test_the_checker_finds_an_error_in_invalid_html(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>t</title><p hx-get="/">x</p></html>')
    messages = validate([page])
    assert any("hx-get" in message["message"] for message in messages)


def test_every_page_of_the_demo_as_every_role_is_valid_html(demo, client, tmp_path):
    pages = every_page(client)
    files = {}
    for number, ((account, path), (status, html)) in enumerate(sorted(pages.items())):
        file = tmp_path / f"{number:04d}.html"
        file.write_text(html)
        files[file] = f"{account} {path} ({status})"
    names = {file.name: name for file, name in files.items()}
    assert len({path for _account, path in pages}) > 100  # the crawl reached the whole demo
    errors = [
        f"{names.get(Path(message.get('url', '')).name)} line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()[:80]}]"
        for message in validate(list(files))
        if message["type"] == "error"
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_no_template_writes_an_htmx_attribute_without_the_data_prefix():
    """Partials (swapped in by htmx) are not whole pages the checker sees: read the templates."""
    bare = re.compile(r"\shx-[a-z-]+=")
    found = [
        f"{template.relative_to(ROOT)}: {match.group().strip()}"
        for template in (ROOT / "komunitas").glob("*/templates/**/*.html")
        for match in bare.finditer(template.read_text())
    ]
    assert not found, found
