"""Uploads leave nothing behind when the request fails (issue #23).

A file is written to the storage before the row that names it. Every change that stores a file
runs in ``uploads.atomic()``, so when the row cannot be written (the database busy or failing,
a form error raised inside the change, a crash half way) the file is deleted again; a write
that fails half way removes its own remains. The database refuses here through Django's
``execute_wrapper`` (the error a busy SQLite gives), on SQLite and PostgreSQL alike.
"""

import contextlib
import io

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Attachment, Draft, Post, Reply
from komunitas.lib import uploads
from komunitas.meetings.models import MeetingPhoto
from komunitas.pustaka.models import Resource
from tests.discussions.test_safety import picture
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.lib.test_file_serving import _add_resource, s3, s3_server  # noqa: F401
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@contextlib.contextmanager
def refusing(table):
    """The database refuses every INSERT into ``table`` as a busy SQLite does: the row comes
    after its file, so the file is already in the storage when the write fails."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def question(member, public_community):
    return do_create_post(
        author=member, community=public_community, kind=Post.Kind.QUESTION, title="Papan tulis"
    )


def _photo(name="papan.png"):
    return SimpleUploadedFile(name, picture(), "image/png")


# --- the helper ---------------------------------------------------------------------------------


def test_a_block_that_rolls_back_deletes_the_files_stored_inside_it(media):
    with pytest.raises(RuntimeError), uploads.atomic():
        name = default_storage.save("a/satu.txt", ContentFile(b"satu"))
        assert default_storage.exists(name)
        raise RuntimeError("the row after it fails")
    assert stored(media) == []


def test_a_block_that_succeeds_keeps_its_files(media):
    with uploads.atomic():
        name = default_storage.save("a/satu.txt", ContentFile(b"satu"))
    assert stored(media) == [name]


def test_nested_blocks_delete_what_their_own_rollback_undoes(media):
    with uploads.atomic():
        kept = default_storage.save("a/kept.txt", ContentFile(b"1"))
        with pytest.raises(RuntimeError), uploads.atomic():
            default_storage.save("a/gone.txt", ContentFile(b"2"))
            raise RuntimeError
    assert stored(media) == [kept]

    with pytest.raises(RuntimeError), uploads.atomic():
        with uploads.atomic():  # succeeds, but the transaction around it does not
            default_storage.save("b/inner.txt", ContentFile(b"3"))
        raise RuntimeError
    assert stored(media) == [kept]


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_when_a_callback_after_the_commit_fails(media):
    def after_commit():
        raise ValueError("a queue that is down")

    with pytest.raises(ValueError), uploads.atomic():
        name = default_storage.save("a/committed.txt", ContentFile(b"ok"))
        transaction.on_commit(after_commit)
    assert stored(media) == [name]


class _DiskFull(File):
    """Content whose second chunk cannot be written, as on a full disk."""

    def __init__(self):
        super().__init__(io.BytesIO(b"x" * 10), name="penuh.bin")

    def chunks(self, chunk_size=None):
        yield b"first half"
        raise OSError(28, "No space left on device")


def test_a_write_that_fails_half_way_leaves_no_partial_file(media):
    with pytest.raises(OSError):
        default_storage.save("a/penuh.bin", _DiskFull())
    assert stored(media) == []


# --- the views that take uploads -------------------------------------------------------------


def test_a_reply_whose_file_row_cannot_be_written_leaves_no_file(login, member, question, media):
    url = reverse("discussions:reply", args=[question.pk])
    with refusing("discussions_attachment"):
        response = login(member).post(url, {"body": "Ini fotonya", "attachments": [_photo()]})
    assert response.status_code == 503
    assert not Reply.objects.exists() and not Attachment.objects.exists()
    assert stored(media) == []


def test_a_post_whose_file_row_cannot_be_written_leaves_no_file(
    login, member, public_community, media
):
    url = reverse("discussions:create", args=[public_community.slug, "question"])
    data = {"title": "Foto papan", "body": "Lihat", "attachments": [_photo(), _photo("b.png")]}
    with refusing("discussions_attachment"):
        assert login(member).post(url, data).status_code == 503
    assert not Post.objects.exists() and stored(media) == []


def test_an_invalid_form_with_a_good_file_stores_nothing(login, member, question, media):
    url = reverse("discussions:reply", args=[question.pk])
    response = login(member).post(url, {"body": "", "attachments": [_photo()]})
    assert response.status_code == 400 and stored(media) == []
    bad = SimpleUploadedFile("bukan.png", b"<svg onload=alert(1)>", "image/png")
    response = login(member).post(url, {"body": "Ini", "attachments": [_photo(), bad]})
    assert response.status_code == 400 and stored(media) == []


def test_a_library_resource_whose_version_cannot_be_written_leaves_no_file(
    client, member, private_community, media
):
    client.force_login(member)
    with refusing("pustaka_resourceversion"):
        assert _add_resource(client, private_community).status_code == 503
    assert not Resource.objects.exists() and stored(media) == []


def test_a_meeting_photo_whose_row_cannot_be_written_leaves_no_file(
    login, fasilitator, public_community, media
):
    meeting = make_meeting(public_community)
    with refusing("meetings_meetingphoto"):
        response = login(fasilitator).post(
            f"/pertemuan/{meeting.pk}/foto/", {"image": _photo(), "caption": "Diskusi"}
        )
    assert response.status_code == 503
    assert not MeetingPhoto.objects.exists() and stored(media) == []


def test_the_same_holds_on_object_storage(s3, login, member, question):  # noqa: F811
    s3_client, bucket = s3
    url = reverse("discussions:reply", args=[question.pk])
    with refusing("discussions_attachment"):
        refused = login(member).post(url, {"body": "Foto", "attachments": [_photo()]})
    assert refused.status_code == 503
    assert s3_client.list_objects_v2(Bucket=bucket).get("Contents", []) == []
    assert login(member).post(url, {"body": "Foto", "attachments": [_photo()]}).status_code == 302
    assert len(s3_client.list_objects_v2(Bucket=bucket)["Contents"]) == 1


# --- a reply lost to a busy database is kept as a draft --------------------------------------


def test_a_reply_refused_as_busy_comes_back_as_the_members_draft(login, member, question):
    client = login(member)
    text = "Saya coba tiket keluar — hasilnya “bagus” sekali."
    sent = {"body": text, "draft_key": f"reply:{question.pk}", "draft_opened": ""}
    with refusing("discussions_reply"):
        busy = client.post(reverse("discussions:reply", args=[question.pk]), sent)
    assert busy.status_code == 503 and not Reply.objects.exists()
    page = busy.content.decode()
    # The page saves the text as a draft once the database had time (htmx, as the autosave).
    draft_url = reverse("discussions:draft_save")
    assert f'data-hx-post="{draft_url}"' in page
    assert 'data-hx-trigger="load delay:5s"' in page
    assert 'name="draft_key" value="reply:' in page and 'name="body"' in page
    assert client.post(draft_url, sent).status_code == 200  # what htmx sends from that page
    assert Draft.find(member, f"reply:{question.pk}").body == text
    thread = client.get(question.get_absolute_url()).content.decode()
    assert "Saya coba tiket keluar — hasilnya “bagus” sekali." in thread
