"""Editing a post's attachments: add and remove files, within the limit, with the same checks as
when writing; removal is soft and shows in the edit history."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from komunitas.discussions.actions import (
    do_add_attachments,
    do_create_post,
    do_edit_post,
    do_reply,
    do_set_flag,
    do_share_post,
)
from komunitas.discussions.models import MAX_ATTACHMENTS, Attachment, DiscussionError, Post
from komunitas.lib.uploads import clean_image
from komunitas.permissions import require

pytestmark = pytest.mark.django_db


def picture(fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 60)).save(out, fmt)
    return out.getvalue()


def upload(name="foto.jpg"):
    return SimpleUploadedFile(name, picture("JPEG"), content_type="image/jpeg")


def checked(name="foto.jpg"):
    return ("image", clean_image(upload(name)))


@pytest.fixture
def with_files(question):
    """Siti's question with two pictures."""
    do_add_attachments(
        post=question, files=[checked("papan.jpg"), checked("murid.jpg")], by=question.author
    )
    return question


def _edit(client, post, *, title=None, body=None, add=(), remove=(), **extra):
    data = {
        "title": title or post.title,
        "body": post.body if body is None else body,
        "tags": "asesmen diagnostik",
        "attachments": list(add),
        "remove_attachments": [a.pk for a in remove],
        **extra,
    }
    return client.post(reverse("discussions:post_edit", args=[post.pk]), data)


def _current(post):
    return list(post.attachments.of_post().current().values_list("name", flat=True))


def test_the_author_adds_and_removes_files_and_the_history_keeps_both(
    login, member, colleague, with_files
):
    papan, murid = with_files.attachments.all()
    client = login(member)
    form = client.get(reverse("discussions:post_edit", args=[with_files.pk])).content.decode()
    assert 'name="remove_attachments"' in form and "papan.jpg" in form
    assert 'enctype="multipart/form-data"' in form
    response = _edit(client, with_files, add=[upload("rubrik.jpg")], remove=[papan])
    assert response.status_code == 302
    assert _current(with_files) == ["murid.jpg", "rubrik.jpg"]
    papan.refresh_from_db()
    assert papan.removed_at and papan.removed_by == member  # soft: the row and file stay
    assert papan.file.storage.exists(papan.file.name)
    revision = with_files.revisions.get()
    rubrik = with_files.attachments.get(name="rubrik.jpg")
    assert revision.files == {
        "before": [{"id": papan.pk, "name": "papan.jpg"}, {"id": murid.pk, "name": "murid.jpg"}],
        "added": [{"id": rubrik.pk, "name": "rubrik.jpg"}],
        "removed": [{"id": papan.pk, "name": "papan.jpg"}],
    }
    assert revision.body == with_files.body  # the text did not change, the edit is still kept
    with_files.refresh_from_db()
    assert with_files.edited_at is not None
    # The post shows the files of today; the history says what changed, naming the removed
    # file only to who may open it (tests/discussions/test_removed_files.py).
    client = login(colleague)
    page = client.get(with_files.get_absolute_url()).content.decode()
    assert reverse("discussions:attachment", args=[papan.pk]) not in page
    assert reverse("discussions:attachment", args=[murid.pk]) in page
    member.language = colleague.language = "en"
    colleague.save(update_fields=["language"])
    with translation.override("en"):
        history = client.get(reverse("discussions:post_history", args=[with_files.pk]))
    text = history.content.decode()
    assert "This edit removed:" in text and "a file was removed" in text
    assert "papan.jpg" not in text
    assert "This edit added:" in text and "<ins>rubrik.jpg</ins>" in text
    with translation.override("en"):
        text = login(member).get(reverse("discussions:post_history", args=[with_files.pk]))
    assert "<del>papan.jpg</del>" in text.content.decode()


def test_a_removed_file_stays_readable_to_its_author_and_moderators_only(
    login, member, colleague, fasilitator, partner, with_files
):
    papan = with_files.attachments.first()
    _edit(login(member), with_files, remove=[papan])
    url = reverse("discussions:attachment", args=[papan.pk])
    for person, status in ((member, 200), (fasilitator, 200), (colleague, 404), (partner, 404)):
        assert login(person).get(url).status_code == status, person


def test_a_text_only_edit_keeps_the_files(login, member, with_files):
    response = _edit(login(member), with_files, body="Kelas saya 30 murid.")
    assert response.status_code == 302
    assert _current(with_files) == ["papan.jpg", "murid.jpg"]
    assert with_files.revisions.get().files == {}


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("modul.pdf", b"<html><body>bukan pdf</body></html>", "application/pdf"),
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
    ],
    ids=["png-that-is-html", "pdf-that-is-html", "svg"],
)
def test_a_bad_file_is_refused_with_400_and_the_typed_text_kept(
    name, content, content_type, login, member, with_files
):
    papan = with_files.attachments.first()
    bad = SimpleUploadedFile(name, content, content_type=content_type)
    response = _edit(
        login(member), with_files, title="Judul yang baru diketik", body="Teks baru", add=[bad],
        remove=[papan],
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert name in page  # the message names the file
    assert 'value="Judul yang baru diketik"' in page and "Teks baru" in page
    assert re.search(rf'value="{papan.pk}"[^>]*checked', page)  # the ticked box stays ticked
    # Nothing changed.
    assert _current(with_files) == ["papan.jpg", "murid.jpg"]
    assert not with_files.revisions.exists()
    with_files.refresh_from_db()
    assert with_files.title != "Judul yang baru diketik"


def test_an_oversized_file_is_refused_with_the_limit(login, member, with_files, settings):
    settings.UPLOAD_MAX_IMAGE_MB = 1
    big = SimpleUploadedFile("besar.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "image/png")
    response = _edit(login(member), with_files, add=[big])
    assert response.status_code == 400 and "besar.png" in response.content.decode()
    assert Attachment.objects.count() == 2


def test_the_limit_counts_the_files_kept_plus_the_new_ones(login, member, with_files):
    client = login(member)
    member.language = "en"
    member.save(update_fields=["language"])
    three = [upload(f"baru{i}.jpg") for i in range(3)]
    assert _edit(client, with_files, add=three).status_code == 302  # 2 + 3 = 5
    assert len(_current(with_files)) == MAX_ATTACHMENTS
    response = _edit(client, with_files, body="Diketik", add=[upload("keenam.jpg")])
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 5 files; this one would have 6" in page and "Diketik" in page
    assert len(_current(with_files)) == MAX_ATTACHMENTS
    # Removing one makes room for one.
    first = with_files.attachments.first()
    response = _edit(client, with_files, add=[upload("keenam.jpg")], remove=[first])
    assert response.status_code == 302
    assert len(_current(with_files)) == MAX_ATTACHMENTS and "keenam.jpg" in _current(with_files)


def test_the_service_holds_the_limit_and_the_post_s_own_files(member, colleague, with_files):
    with pytest.raises(DiscussionError):
        do_edit_post(post=with_files, by=member, title="t", body="b",
                  attach=[checked(f"x{i}.jpg") for i in range(4)])  # fmt: skip
    reply = do_reply(post=with_files, author=colleague, body="Foto saya",
                      attachments=[checked("balasan.jpg")])  # fmt: skip
    of_reply = reply.attachments.get()
    with pytest.raises(DiscussionError):
        do_edit_post(post=with_files, by=member, title="t", body="b", remove=[of_reply.pk])
    with pytest.raises(PermissionDenied):  # the view requires it before the action
        require(colleague, "post.edit", with_files)
    assert Attachment.objects.filter(removed_at__isnull=False).count() == 0
    assert Attachment.objects.count() == 3


def test_a_reply_s_files_and_another_post_s_are_not_the_post_s_to_remove(
    login, member, colleague, with_files, public_community
):
    reply = do_reply(post=with_files, author=colleague, body="Foto",
                      attachments=[checked("balasan.jpg")])  # fmt: skip
    other = do_create_post(author=member, community=public_community, kind="question", title="Lain",
                        body="x", attachments=[checked("lain.jpg")])  # fmt: skip
    client = login(member)
    form = client.get(reverse("discussions:post_edit", args=[with_files.pk])).content.decode()
    assert "balasan.jpg" not in form
    for stranger in (reply.attachments.get(), other.attachments.get()):
        response = _edit(client, with_files, remove=[stranger])
        assert response.status_code == 400
        stranger.refresh_from_db()
        assert stranger.removed_at is None
    response = client.post(
        reverse("discussions:post_edit", args=[with_files.pk]),
        {"title": "x", "body": "y", "remove_attachments": ["abc"]},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("which", ["public", "private"])
def test_who_may_edit_the_files(
    which, request, login, client, member, colleague, fasilitator, partner, outsider, operator
):
    community = request.getfixturevalue(f"{which}_community")
    post = do_create_post(author=member, community=community, kind="question", title="Foto",
                       body="Lihat", attachments=[checked("asli.jpg")])  # fmt: skip
    asli = post.attachments.get()
    # Only the author edits a post (rules.py: post.edit); others may not add or remove.
    expected = {
        colleague: 403, fasilitator: 403, partner: 403, operator: 403,
        outsider: 403 if which == "public" else 404,
    }  # fmt: skip
    for person, status in expected.items():
        response = _edit(login(person), post, add=[upload("sisipan.jpg")], remove=[asli])
        assert response.status_code == status, person
    client.logout()
    response = _edit(client, post, add=[upload("sisipan.jpg")], remove=[asli])
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert _current(post) == ["asli.jpg"]
    assert _edit(login(member), post, add=[upload("sisipan.jpg")], remove=[asli]).status_code == 302
    assert _current(post) == ["sisipan.jpg"]


def test_a_locked_post_cannot_change_its_files(login, member, fasilitator, with_files):
    do_set_flag(post=with_files, flag="locked", value=True, by=fasilitator)
    assert _edit(login(member), with_files, add=[upload()]).status_code == 403


def test_sharing_copies_only_the_files_of_today(login, member, public_community, private_community):
    practice = do_create_post(
        author=member, community=public_community, kind=Post.Kind.GOOD_PRACTICE, title="Praktik",
        sections={"context": "Kelas 4", "what_i_did": "Tiket keluar"},
        attachments=[checked("lama.jpg"), checked("tetap.jpg")],
    )  # fmt: skip
    lama = practice.attachments.get(name="lama.jpg")
    sections = {"context": "Kelas 4", "what_i_did": "Tiket keluar"}
    do_edit_post(
        post=practice, by=member, title="Praktik", body="", sections=sections, remove=[lama.pk]
    )
    copy = do_share_post(post=practice, by=member, community=private_community)
    assert list(copy.attachments.values_list("name", flat=True)) == ["tetap.jpg"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_edit_page_and_the_post_cost_the_same_with_one_file_or_five(
    login, member, question, public_community
):
    other = do_create_post(author=member, community=public_community, kind="question", title="Lain",
                        body="x", attachments=[checked()])  # fmt: skip
    do_add_attachments(post=question, files=[checked(f"f{i}.jpg") for i in range(5)], by=member)
    client = login(member)
    for name in ("post_edit", "post"):
        one = _queries(client, reverse(f"discussions:{name}", args=[other.pk]))
        five = _queries(client, reverse(f"discussions:{name}", args=[question.pk]))
        assert one == five <= 15, name
    # Removing files leaves the page of the post at the same cost.
    do_edit_post(post=question, by=member, title=question.title, body=question.body,
              remove=list(question.attachments.values_list("pk", flat=True)[:3]))  # fmt: skip
    assert _queries(client, question.get_absolute_url()) <= 15
