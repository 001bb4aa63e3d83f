"""SENTRY_DSN sends errors, scrubbed: tested against a local HTTP server that receives them."""

import gzip
import http.server
import os
import subprocess
import sys
import threading
import zlib
from pathlib import Path

from komunitas.lib.sentry import scrub

ROOT = Path(__file__).resolve().parents[2]


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def test_an_error_reaches_the_endpoint_without_personal_data(tmp_path):
    _Receiver.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = {
            **os.environ,
            "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/42",
            "DATA_DIR": str(tmp_path),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "testserver,komunitas.test",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        result = subprocess.run(
            [sys.executable, "-m", "tests.ops.sentry_site"], env=env, cwd=ROOT,
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        lines = result.stdout.strip().splitlines()
        session = next(line.split()[1] for line in lines if line.startswith("session "))
        assert lines[-1].startswith("500"), lines
    finally:
        server.shutdown()
    events = [body for path, body in _Receiver.received if path == "/api/42/envelope/"]
    assert events, _Receiver.received
    event = next(e for e in events if "ValueError" in e)
    assert "Gagal menyimpan untuk [e-mail]" in event
    assert "/boom/" in event
    for secret in ("siti.rahayu@contoh.test", "rahasia-sesi", session, "catatan", "Siti"):
        assert secret not in event, secret


def test_scrub_keeps_the_user_id_only_and_masks_addresses():
    event = {
        "user": {"id": 7, "email": "a@b.id", "ip_address": "1.2.3.4"},
        "request": {
            "url": "https://x/y",
            "cookies": {"sessionid": "s"},
            "data": {"a": 1},
            "query_string": "email=a@b.id",
            "headers": {"Cookie": "s", "Authorization": "t", "User-Agent": "UA"},
        },
        "logentry": {"message": "for a@b.id"},
    }
    assert scrub(event) == {
        "user": {"id": 7},
        "request": {"url": "https://x/y", "headers": {"User-Agent": "UA"}},
        "logentry": {"message": "for [e-mail]"},
    }
