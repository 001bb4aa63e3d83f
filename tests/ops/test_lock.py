"""requirements.lock pins what pyproject.toml pins, with hashes for every package."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    entries = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)", text, re.M)
    return {_norm(name): version for name, version in entries}


def test_the_lock_has_every_pin_of_pyproject_and_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["test"]
    lock = _lock()
    for pin in pins:
        match = re.match(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)$", pin)
        assert match, f"{pin!r} is not pinned exactly"
        name, version = _norm(match[1]), match[2]
        assert lock.get(name) == version, f"{pin}: the lock has {lock.get(name)}; run scripts/lock"


def test_every_locked_package_has_a_hash():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / "requirements.lock").read_text().strip())
    assert len(blocks) == len(_lock()) > 40
    for block in blocks:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_django_is_on_its_newest_known_52_release():
    assert _lock()["django"].startswith("5.2.")
    assert int(_lock()["django"].split(".")[2]) >= 20


def test_the_extras_for_deployers_are_declared():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert any(p.startswith("redis==") for p in extras["redis"])
    assert any(p.startswith("django-storages[s3]==") for p in extras["s3"])
    assert any(p.startswith("boto3==") for p in extras["s3"])
