"""docs/deploy.md's ```sh testable blocks run as written, in order, with the example settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```sh testable(?:=(\S+))?\n(.*?)^```", re.M | re.S)


def _example_env(data_dir: Path) -> dict:
    drop = ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")  # (set by browser tests)
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.pop("STATIC_MANIFEST", None)
    for line in (ROOT / "deploy/komunitas.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env.pop("DATABASE_URL")  # SQLite here: the commands are the same
    env.pop("REDIS_URL")
    env["DATA_DIR"] = str(data_dir)
    env["BACKUP_DIR"] = str(data_dir / "backups")
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    return env


def test_the_testable_steps_run_as_written(tmp_path):
    blocks = BLOCK.findall((ROOT / "docs/deploy.md").read_text())
    assert len(blocks) >= 4
    live = _example_env(tmp_path / "live")
    new = _example_env(tmp_path / "new")
    new["BACKUP_DIR"] = live["BACKUP_DIR"]  # the archives of the live site
    ran = []
    for which, script in blocks:
        env = new if which == "new-installation" else live
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script], env=env, cwd=tmp_path,
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, f"{script}\n{result.stdout}\n{result.stderr}"
        ran.append(result.stdout)
    assert "komunitas-" in ran[-2]  # the listing shows the archive
    assert "counts and checksums match" in ran[-1]
    assert (tmp_path / "new" / "komunitas.sqlite3").exists()
