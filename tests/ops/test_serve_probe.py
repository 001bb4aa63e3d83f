"""A real gunicorn (komunitas serve) in production settings, probed as a load balancer does:
plain HTTP, the server's IP as Host. /healthz and /readyz answer; other pages redirect."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path, host):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": host, "X-Request-ID": "probe-1"})
    response = conn.getresponse()
    return response.status, response.read(), dict(response.getheaders())


def test_probes_over_plain_http_with_an_ip_host(tmp_path):
    port = _free_port()
    hosts = "komunitas.example.id,komunitas.test"
    env = {**os.environ, "DATA_DIR": str(tmp_path), "SECURE_SSL_REDIRECT": "true",
           "ALLOWED_HOSTS": hosts, "LOG_FORMAT": "json"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    komunitas = [sys.executable, "-m", "komunitas"]
    subprocess.run([*komunitas, "migrate", "-v0"], env=env, check=True)
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [*komunitas, "serve", "--port", str(port), "--workers", "1", "--no-collectstatic"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, body, headers = _get(port, "/healthz", "10.0.0.5")
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.5)
        assert status == 200 and json.loads(body) == {"status": "ok"}
        assert headers["X-Request-ID"] == "probe-1"
        status, body, _ = _get(port, "/readyz", "10.0.0.5")
        assert status == 200, body  # no worker yet: "degraded", still ready for traffic
        assert json.loads(body)["status"] == "degraded"
        assert _get(port, "/privasi/", "komunitas.example.id")[0] == 301
        assert _get(port, "/privasi/", "10.0.0.5")[0] == 400
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    lines = [json.loads(line) for line in (tmp_path / "serve.log").read_text().splitlines()
             if line.startswith("{")]  # fmt: skip
    requests = [line for line in lines if line["logger"] == "komunitas.request"]
    assert {(r["path"], r["status"]) for r in requests} >= {("/privasi/", 301)}
    assert all(r["request_id"] == "probe-1" for r in requests)
