"""The running code as a .tar.gz, for the "Source code" link (AGPL-3.0 section 13)."""

import tarfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[1]  # komunitas/
LICENSE = PACKAGE.parent / "LICENSE"
_SKIP = {"__pycache__"}


def _version() -> str:
    try:
        return version("komunitas")
    except PackageNotFoundError:
        return "0"


def source_archive() -> Path:
    """Build the archive once per version in DATA_DIR/source (written aside, then renamed)."""
    name = f"komunitas-{_version()}-source.tar.gz"
    folder = Path(settings.DATA_DIR) / "source"
    path = folder / name
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{id(path)}.partial")

    def keep(info: tarfile.TarInfo):
        parts = Path(info.name).parts
        return None if _SKIP & set(parts) or info.name.endswith(".pyc") else info

    with tarfile.open(partial, "w:gz") as tar:
        tar.add(PACKAGE, arcname="komunitas", filter=keep)
        for extra in ("LICENSE", "README.md", "pyproject.toml"):
            if (PACKAGE.parent / extra).exists():
                tar.add(PACKAGE.parent / extra, arcname=extra)
    partial.replace(path)
    return path
