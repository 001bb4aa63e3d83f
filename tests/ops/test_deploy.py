"""The deploy files are checked by the tools that will read them: nginx -t, systemd-analyze."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def _need(tool: str, package: str) -> str:
    path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
    if not path:
        pytest.fail(
            f"{tool} is missing: install it with `apt-get install {package}` (.ci/run does)"
        )
    return path


def test_nginx_accepts_the_site(tmp_path):
    nginx = _need("nginx", "nginx-light")
    openssl = _need("openssl", "openssl")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=komunitas.example.id", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace(
        "/etc/letsencrypt/live/komunitas.example.id/fullchain.pem", str(tmp_path / "cert.pem")
    ).replace("/etc/letsencrypt/live/komunitas.example.id/privkey.pem", str(tmp_path / "key.pem"))
    site = site.replace("/etc/nginx/komunitas-proxy.conf", str(DEPLOY / "nginx-proxy.conf"))
    assert "/etc/" not in "\n".join(x for x in site.splitlines() if not x.startswith("#"))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_the_site_says_what_the_issue_asks():
    site = (DEPLOY / "nginx.conf").read_text()
    assert "client_max_body_size 25m;" in site
    assert "location /_protected/ {\n        internal;" in site
    assert "X-Forwarded-Proto $scheme" in (DEPLOY / "nginx-proxy.conf").read_text()
    caddy = (DEPLOY / "Caddyfile").read_text()
    assert "max_size 25MB" in caddy and "X-Accel-Redirect" in caddy and "/healthz" in caddy


def test_systemd_accepts_the_units(tmp_path):
    analyze = _need("systemd-analyze", "systemd")
    env_file = tmp_path / "komunitas.env"
    env_file.write_text((DEPLOY / "komunitas.env.example").read_text())
    units = []
    for name in ("komunitas-web.service", "komunitas-worker.service"):
        text = (DEPLOY / name).read_text()
        for word in ("Restart=", "MemoryMax=", "TasksMax=", "NoNewPrivileges=yes",
                     "ProtectSystem=strict", "ReadWritePaths=/var/lib/komunitas",
                     "EnvironmentFile=/etc/komunitas/komunitas.env"):  # fmt: skip
            assert word in text, (name, word)
        text = text.replace("/opt/komunitas/venv/bin/komunitas", str(BIN / "komunitas"))
        text = text.replace("/etc/komunitas/komunitas.env", str(env_file))
        (tmp_path / name).write_text(text)
        units.append(str(tmp_path / name))
    result = subprocess.run(
        [analyze, "verify", *units], capture_output=True, text=True,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"},
    )  # fmt: skip
    problems = [
        line for line in result.stderr.splitlines()
        if "komunitas" in line and "Documentation" not in line
    ]  # fmt: skip
    assert result.returncode == 0 and not problems, result.stderr


def test_the_env_example_passes_the_deploy_check(tmp_path):
    # (DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in this process, never in deployment)
    drop = ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.pop("DATABASE_URL", None)
    for line in (DEPLOY / "komunitas.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["DATA_DIR"] = str(tmp_path)
    env["BACKUP_DIR"] = str(tmp_path / "backups")
    env.pop("STATIC_MANIFEST", None)
    result = subprocess.run(
        [str(BIN / "komunitas"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
