"""The README and docs stand alone: every file they point to is in the repository.

They once cited DESIGN.md, a brief that never was in the repository; a reader found nothing.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
# A path in backticks: docs/x.md, komunitas/app/file.py, scripts/x, tests/x/, .ci/run ...
CITED = re.compile(r"`((?:docs|komunitas|scripts|tests|\.ci)/[\w./-]*|[\w-]+\.md)`")


def _targets(doc: Path):
    text = doc.read_text()
    for target in LINK.findall(text):
        if "://" in target or target.startswith(("mailto:", "#")):
            continue
        yield (doc.parent / target.split("#", 1)[0]).resolve()
    for cited in CITED.findall(text):
        if "*" in cited or "<" in cited:
            continue
        base = ROOT if "/" in cited else doc.parent
        yield (base / cited).resolve()


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_file_a_doc_points_to_exists(doc):
    missing = sorted({str(t.relative_to(ROOT)) for t in _targets(doc) if not t.exists()})
    assert missing == [], f"{doc.name} points to files that are not in the repository"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_doc_cites_the_brief_that_is_not_in_the_repository(doc):
    assert "DESIGN.md" not in doc.read_text()
