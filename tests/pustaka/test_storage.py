"""Files go through Django's storage API, so any backend works: the local folder by default,
object storage by setting. Here the downloads run on another backend than the file system."""

import json
import os
import subprocess
import sys

import pytest

from tests.pustaka.conftest import PDF, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_storage(settings):
    """Django resets its storages when the setting changes (django.test.signals)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_uploads_and_downloads_work_on_a_storage_without_a_file_system(
    memory_storage, login, member, fasilitator, tmp_path, settings
):
    from django.core.files.storage import InMemoryStorage

    resource = make_resource(fasilitator)
    version = resource.current_version
    assert isinstance(version.file.storage, InMemoryStorage)
    assert not (settings.MEDIA_ROOT / version.file.name).exists()
    response = login(member).get(f"/pustaka/{resource.pk}/unduh/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def _settings_with(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FILE_STORAGE")}
    code = "from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    return subprocess.run(
        [sys.executable, "-c", f"import django, json; django.setup(); {code}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "komunitas.settings", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_storage_backend_is_chosen_by_environment(tmp_path):
    default = _settings_with(DATA_DIR=str(tmp_path))
    assert json.loads(default.stdout)["BACKEND"] == "komunitas.lib.storage.FileSystemStorage"
    s3 = _settings_with(
        DATA_DIR=str(tmp_path),
        FILE_STORAGE_BACKEND="komunitas.lib.storage.S3Storage",
        FILE_STORAGE_OPTIONS='{"bucket_name": "pustaka", "querystring_expire": 300}',
    )
    assert json.loads(s3.stdout) == {
        "BACKEND": "komunitas.lib.storage.S3Storage",
        "OPTIONS": {"bucket_name": "pustaka", "querystring_expire": 300},
    }
    bad = _settings_with(DATA_DIR=str(tmp_path), FILE_STORAGE_OPTIONS="bucket=pustaka")
    assert bad.returncode != 0 and "FILE_STORAGE_OPTIONS must be a JSON object" in bad.stderr
