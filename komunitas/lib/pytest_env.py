"""Pytest plugin (loaded with ``-p`` before Django starts) that gives the test run its environment.

The settings module refuses to start without a ``SECRET_KEY`` in production mode; tests run in
production mode, so they get a throwaway key here rather than a permissive fallback in settings.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 60)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Tests sign operators in with force_login; tests/accounts/test_two_factor.py turns it on.
os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
# A production address, so that the commands the tests start in other processes (migrate, serve,
# worker, backup) pass the start-up check of SITE_URL (core/checks.py).
os.environ.setdefault("SITE_URL", "https://komunitas.test")
os.environ.setdefault("ALLOWED_HOSTS", "komunitas.test,testserver,127.0.0.1,localhost")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="komunitas-test-"))
os.makedirs(os.path.join(os.environ["DATA_DIR"], "static"), exist_ok=True)
