"""Private files on S3-compatible object storage, and the three ways their bytes leave.

The storage is a real S3 server over HTTP (moto's server mode, started here), reached through
django-storages and boto3 exactly as in production: members upload through the views, download
through the views; the permission check answers first, then a short-lived presigned URL (or the
web server in front, ``X-Accel-Redirect``, or the app itself) hands out the bytes.
"""

import datetime
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from komunitas.discussions.models import Attachment
from komunitas.pustaka.models import Resource
from tests.discussions.test_safety import picture
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.pustaka.conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:  # pragma: no cover - a broken environment, said plainly
        pytest.fail("moto's server mode is needed: pip install -e '.[test]' (moto[server])")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings, request):
    """A fresh private bucket per test; uploads go there, downloads are presigned redirects."""
    import boto3

    bucket = "komunitas-" + request.node.name.replace("_", "-")[:40].lower().strip("-")
    options = {
        "bucket_name": bucket,
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "addressing_style": "path",
        "default_acl": "private",
        "querystring_auth": True,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "komunitas.lib.storage.S3Storage", "OPTIONS": options},
    }
    settings.FILE_SERVE_MODE = "signed"
    settings.FILE_SIGNED_URL_SECONDS = 120
    return client, bucket


def _fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (our own test server)
        return answer.read(), answer.headers


def _add_resource(client, community):
    return client.post(
        "/pustaka/baru/",
        {
            "title": "Lembar kerja pecahan",
            "kind": "lembar_kerja",
            "description": "Untuk kelas 3.",
            "language": "id",
            "licence": "cc-by-sa",
            "audience": "community",
            "community": community.pk,
            "file": SimpleUploadedFile("Pecahan Senilai.pdf", PDF, "application/pdf"),
        },
    )


def test_a_library_file_goes_to_the_bucket_and_comes_back_by_a_signed_url(
    s3, client, member, outsider, private_community
):
    s3_client, bucket = s3
    client.force_login(member)
    assert _add_resource(client, private_community).status_code == 302
    version = Resource.objects.get().current_version
    stored = s3_client.get_object(Bucket=bucket, Key=version.file.name)["Body"].read()
    assert stored == PDF  # the bytes are in the bucket, under the random name

    response = client.get(reverse("pustaka:download", args=[version.resource_id]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    url = response["Location"]
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["120"]
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-content-disposition"][0].startswith("attachment;")
    body, headers = _fetch(url)
    assert body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert 'filename="Pecahan Senilai.pdf"' in headers["Content-Disposition"]
    assert headers["Content-Disposition"].startswith("attachment")

    # The permission check answers before any URL is made: an outsider gets a 404, no address.
    client.force_login(outsider)
    refused = client.get(reverse("pustaka:download", args=[version.resource_id]))
    assert refused.status_code == 404 and "Location" not in refused
    # And the bucket itself does not hand the file out without a signature.
    bare = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}{urlsplit(url).path}"
    with pytest.raises(urllib.error.HTTPError) as error:
        _fetch(bare)
    assert error.value.code == 403


def test_an_attachment_is_uploaded_through_a_post_and_its_picture_shown_inline(
    s3, client, member, public_community, settings
):
    s3_client, bucket = s3
    client.force_login(member)
    response = client.post(
        reverse("discussions:create", args=[public_community.slug, "question"]),
        {
            "title": "Foto papan tulis",
            "body": "Lihat lampiran",
            "attachments": [SimpleUploadedFile("papan.png", picture(), "image/png")],
        },
    )
    assert response.status_code == 302
    item = Attachment.objects.get()
    listed = s3_client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in listed] == [item.file.name]

    served = client.get(reverse("discussions:attachment", args=[item.pk]))
    assert served.status_code == 302
    query = parse_qs(urlsplit(served["Location"]).query)
    assert query["response-content-disposition"][0].startswith("inline;")
    body, headers = _fetch(served["Location"])
    assert (
        body == item.file.open("rb").read() and headers["Content-Type"] == "image/jpeg"
    )  # re-encoded


def test_a_signed_url_is_valid_only_for_the_configured_minutes(
    s3, client, member, private_community
):
    """moto checks neither signatures nor their age, so the test reads the validity that the
    SigV4 signature covers: the moment of signing and the seconds it holds."""
    client.force_login(member)
    _add_resource(client, private_community)
    resource = Resource.objects.get()
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    url = client.get(reverse("pustaka:download", args=[resource.pk]))["Location"]
    query = parse_qs(urlsplit(url).query)
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    signed_at = signed_at.replace(tzinfo=datetime.UTC)
    assert before <= signed_at <= before + datetime.timedelta(seconds=5)
    assert query["X-Amz-Expires"] == ["120"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Signature"][0]
    assert _fetch(url)[0] == PDF


def test_the_web_server_serves_the_bytes_when_asked_with_x_accel_redirect(
    client, member, outsider, private_community, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_SERVE_MODE = "accel"
    client.force_login(member)
    _add_resource(client, private_community)
    version = Resource.objects.get().current_version
    response = client.get(reverse("pustaka:download", args=[version.resource_id]))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{version.file.name}"
    assert response.content == b""  # nginx reads the file from MEDIA_ROOT, not this process
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(outsider)
    refused = client.get(reverse("pustaka:download", args=[version.resource_id]))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_without_a_setting_the_app_streams_the_file_itself(
    client, member, private_community, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert settings.FILE_SERVE_MODE == "stream"
    client.force_login(member)
    _add_resource(client, private_community)
    resource = Resource.objects.get()
    response = client.get(reverse("pustaka:download", args=[resource.pk]))
    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PDF


def _settings_with(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FILE_", "S3_", "DJANGO_SETTINGS", "DATABASE_URL"))
    }
    code = (
        "from django.conf import settings as s; print(json.dumps([s.STORAGES['default'], "
        "s.FILE_SERVE_MODE, s.CONTENT_SECURITY_POLICY]))"
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django, json; django.setup(); {code}"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "komunitas.settings",
            "DEBUG": "true",
            "DATA_DIR": str(tmp_path),
            **env,
        },  # fmt: skip
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_object_storage_is_configured_from_the_environment(tmp_path):
    answer = _settings_with(
        tmp_path,
        S3_BUCKET="komunitas-media",
        S3_ENDPOINT_URL="https://s3.example.id",
        S3_REGION="id-jkt-1",
        S3_ACCESS_KEY_ID="kunci",
        S3_SECRET_ACCESS_KEY="rahasia",
        S3_ADDRESSING_STYLE="path",
    )
    storage, mode, csp = json.loads(answer.stdout)
    assert storage["BACKEND"] == "komunitas.lib.storage.S3Storage"
    assert {
        k: storage["OPTIONS"][k]
        for k in (
            "bucket_name",
            "endpoint_url",
            "region_name",
            "access_key",
            "secret_key",
            "addressing_style",
            "default_acl",
        )
    } == {  # fmt: skip
        "bucket_name": "komunitas-media",
        "endpoint_url": "https://s3.example.id",
        "region_name": "id-jkt-1",
        "access_key": "kunci",
        "secret_key": "rahasia",
        "addressing_style": "path",
        "default_acl": "private",
    }
    assert mode == "signed"  # object storage serves its own bytes by default
    assert "img-src 'self' data: https://s3.example.id;" in csp  # pictures shown in pages
    local = _settings_with(tmp_path)
    assert json.loads(local.stdout)[1] == "stream"  # `make run` streams as before
    wrong = _settings_with(tmp_path, FILE_SERVE_MODE="signed")
    assert wrong.returncode != 0 and "FILE_SERVE_MODE=signed needs object storage" in wrong.stderr
    typo = _settings_with(tmp_path, FILE_SERVE_MODE="nginx")
    assert typo.returncode != 0 and "FILE_SERVE_MODE must be" in typo.stderr
