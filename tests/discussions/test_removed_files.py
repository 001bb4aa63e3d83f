"""Editing a reply's files (as a post's), purging removed files from the storage after
DISCUSSIONS_REMOVED_FILES_DAYS, and edit histories that name a removed file only to who may
open it. Files go to a real storage in a fresh folder per test."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from komunitas.discussions.actions import (
    do_add_attachments,
    do_create_post,
    do_delete_reply,
    do_edit_post,
    do_edit_reply,
    do_hide,
    do_purge_removed_files,
    do_reply,
    do_set_flag,
    do_share_post,
    do_unhide,
)
from komunitas.discussions.models import MAX_ATTACHMENTS, Attachment, DiscussionError, Post
from komunitas.notifications.periodic import all_jobs, run_periodic_job
from komunitas.permissions import require
from tests.discussions.test_attachment_editing import _queries, checked, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reply(question, colleague):
    """Joko's answer to Siti's question, with two pictures."""
    return do_reply(
        post=question,
        author=colleague,
        body="Coba tiket keluar, lihat fotonya.",
        attachments=[checked("papan.jpg"), checked("murid.jpg")],
    )


def _edit(client, reply, *, body=None, add=(), remove=()):
    data = {
        "body": reply.body if body is None else body,
        "attachments": list(add),
        "remove_attachments": [a.pk for a in remove],
    }
    return client.post(reverse("discussions:reply_edit", args=[reply.pk]), data)


def _current(reply):
    return list(reply.attachments.current().values_list("name", flat=True))


def _in_storage(item) -> bool:
    return item.file.storage.exists(item.file.name)


def _english(*people):
    for person in people:
        person.language = "en"
        person.save(update_fields=["language"])


def _history(client, reply):
    with translation.override("en"):
        response = client.get(reverse("discussions:reply_history", args=[reply.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- editing a reply's files


def test_the_reply_s_author_adds_and_removes_files(login, colleague, member, reply):
    papan, murid = reply.attachments.all()
    client = login(colleague)
    form = client.get(reverse("discussions:reply_edit", args=[reply.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert 'name="remove_attachments"' in form and "papan.jpg" in form
    assert 'name="attachments"' in form
    response = _edit(client, reply, add=[upload("rubrik.jpg")], remove=[papan])
    assert response.status_code == 302
    assert _current(reply) == ["murid.jpg", "rubrik.jpg"]
    papan.refresh_from_db()
    assert papan.removed_at and papan.removed_by == colleague and _in_storage(papan)
    rubrik = reply.attachments.get(name="rubrik.jpg")
    assert rubrik.post_id == reply.post_id and rubrik.uploaded_by == colleague
    revision = reply.revisions.get()
    assert revision.body == reply.body  # only files changed: still an edit in the history
    assert revision.files == {
        "before": [{"id": papan.pk, "name": "papan.jpg"}, {"id": murid.pk, "name": "murid.jpg"}],
        "added": [{"id": rubrik.pk, "name": "rubrik.jpg"}],
        "removed": [{"id": papan.pk, "name": "papan.jpg"}],
    }
    reply.refresh_from_db()
    assert reply.edited_at is not None
    # The thread shows the reply's files of today, to everyone.
    page = login(member).get(reply.post.get_absolute_url()).content.decode()
    assert reverse("discussions:attachment", args=[papan.pk]) not in page
    assert reverse("discussions:attachment", args=[rubrik.pk]) in page
    assert reverse("discussions:attachment", args=[murid.pk]) in page


def test_a_text_only_edit_of_a_reply_keeps_its_files(login, colleague, reply):
    assert _edit(login(colleague), reply, body="Teks baru").status_code == 302
    assert _current(reply) == ["papan.jpg", "murid.jpg"]
    assert reply.revisions.get().files == {}


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("modul.pdf", b"<html><body>bukan pdf</body></html>", "application/pdf"),
    ],
    ids=["png-that-is-html", "pdf-that-is-html"],
)
def test_a_bad_file_on_a_reply_is_refused_with_400_and_the_text_kept(
    name, content, content_type, login, colleague, reply
):
    papan = reply.attachments.first()
    bad = SimpleUploadedFile(name, content, content_type=content_type)
    response = _edit(login(colleague), reply, body="Teks yang diketik", add=[bad], remove=[papan])
    assert response.status_code == 400
    page = response.content.decode()
    assert name in page and "Teks yang diketik" in page
    assert re.search(rf'value="{papan.pk}"[^>]*checked', page)
    assert _current(reply) == ["papan.jpg", "murid.jpg"]
    assert not reply.revisions.exists()
    reply.refresh_from_db()
    assert reply.body != "Teks yang diketik"


def test_an_oversized_file_on_a_reply_is_refused(login, colleague, reply, settings):
    settings.UPLOAD_MAX_IMAGE_MB = 1
    big = SimpleUploadedFile("besar.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "image/png")
    response = _edit(login(colleague), reply, add=[big])
    assert response.status_code == 400 and "besar.png" in response.content.decode()
    assert Attachment.objects.filter(name="besar.png").count() == 0


def test_a_reply_carries_at_most_five_files_after_an_edit(login, colleague, reply):
    client = login(colleague)
    colleague.language = "en"
    colleague.save(update_fields=["language"])
    assert _edit(client, reply, add=[upload(f"b{i}.jpg") for i in range(3)]).status_code == 302
    assert len(_current(reply)) == MAX_ATTACHMENTS
    response = _edit(client, reply, body="Diketik", add=[upload("keenam.jpg")])
    assert response.status_code == 400
    page = response.content.decode()
    assert "A reply carries at most 5 files; this one would have 6" in page
    assert "Diketik" in page
    # Removing one makes room for one.
    papan = reply.attachments.get(name="papan.jpg")
    assert _edit(client, reply, add=[upload("keenam.jpg")], remove=[papan]).status_code == 302
    assert len(_current(reply)) == MAX_ATTACHMENTS


def test_the_service_holds_the_limit_and_the_reply_s_own_files(member, colleague, question, reply):
    do_add_attachments(post=question, files=[checked("soal.jpg")], by=member)
    of_post = question.attachments.of_post().get()
    other = do_reply(
        post=question, author=colleague, body="Lagi", attachments=[checked("lain.jpg")]
    )
    with pytest.raises(DiscussionError):
        do_edit_reply(reply=reply, by=colleague, body="x", attach=[checked() for _ in range(4)])
    for stranger in (of_post, other.attachments.get()):
        with pytest.raises(DiscussionError):
            do_edit_reply(reply=reply, by=colleague, body="x", remove=[stranger.pk])
    with pytest.raises(PermissionDenied):  # the view requires it before the action
        require(member, "reply.edit", reply)
    assert not Attachment.objects.filter(removed_at__isnull=False).exists()
    assert Attachment.objects.count() == 4
    assert not reply.revisions.exists()


def test_another_reply_s_file_cannot_be_ticked_in_the_form(login, colleague, question, reply):
    other = do_reply(
        post=question, author=colleague, body="Lagi", attachments=[checked("lain.jpg")]
    )
    stranger = other.attachments.get()
    assert _edit(login(colleague), reply, remove=[stranger]).status_code == 400
    stranger.refresh_from_db()
    assert stranger.removed_at is None


@pytest.mark.parametrize("which", ["public", "private"])
def test_who_may_edit_a_reply_s_files(
    which, request, login, client, member, colleague, fasilitator, partner, outsider, operator
):
    community = request.getfixturevalue(f"{which}_community")
    post = do_create_post(author=member, community=community, kind="question", title="Foto",
                       body="Lihat")  # fmt: skip
    reply = do_reply(post=post, author=colleague, body="Ini", attachments=[checked("asli.jpg")])
    asli = reply.attachments.get()
    # Only the reply's author edits it (rules.py: reply.edit); the post's author, the
    # fasilitator and the operator may not, an outsider of a private community sees nothing.
    expected = {
        member: 403, fasilitator: 403, partner: 403, operator: 403,
        outsider: 403 if which == "public" else 404,
    }  # fmt: skip
    for person, status in expected.items():
        response = _edit(login(person), reply, add=[upload("sisipan.jpg")], remove=[asli])
        assert response.status_code == status, person
    client.logout()
    response = _edit(client, reply, add=[upload("sisipan.jpg")], remove=[asli])
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert _current(reply) == ["asli.jpg"]
    assert (
        _edit(login(colleague), reply, add=[upload("sisipan.jpg")], remove=[asli]).status_code
        == 302
    )
    assert _current(reply) == ["sisipan.jpg"]


def test_a_partner_edits_the_files_of_their_own_reply(login, partner, question):
    reply = do_reply(post=question, author=partner, body="Dari mitra")
    assert _edit(login(partner), reply, add=[upload("mitra.jpg")]).status_code == 302
    assert _current(reply) == ["mitra.jpg"]


def test_a_hidden_reply_or_a_locked_post_keeps_its_files(login, colleague, fasilitator, reply):
    do_hide(item=reply, by=fasilitator, reason="Iklan")
    assert _edit(login(colleague), reply, add=[upload()]).status_code == 403
    do_unhide(item=reply, by=fasilitator)
    do_set_flag(post=reply.post, flag="locked", value=True, by=fasilitator)
    assert _edit(login(colleague), reply, add=[upload()]).status_code == 403
    assert _current(reply) == ["papan.jpg", "murid.jpg"]


# --- who may open a removed file, and read its name


def _remove_papan(reply):
    papan = reply.attachments.get(name="papan.jpg")
    do_edit_reply(reply=reply, by=reply.author, body=reply.body, remove=[papan.pk])
    papan.refresh_from_db()
    return papan


def test_a_removed_file_of_a_reply_opens_for_its_author_and_moderators_only(
    login, member, colleague, fasilitator, partner, operator, outsider, reply
):
    papan = _remove_papan(reply)
    url = reverse("discussions:attachment", args=[papan.pk])
    # Siti wrote the post, not the reply: the reply's removed file is not hers.
    expected = {colleague: 200, fasilitator: 200, operator: 200, member: 404, partner: 404,
                outsider: 404}  # fmt: skip
    for person, status in expected.items():
        assert login(person).get(url).status_code == status, person


def test_the_history_names_a_removed_file_only_to_who_may_open_it(
    login, member, colleague, fasilitator, partner, operator, outsider, reply
):
    _remove_papan(reply)
    _english(member, colleague, fasilitator, partner, operator, outsider)
    for person in (colleague, fasilitator, operator):
        text = _history(login(person), reply)
        assert "<del>papan.jpg</del>" in text, person
        assert "a file was removed" not in text
    for person in (member, partner, outsider):
        text = _history(login(person), reply)
        assert "papan.jpg" not in text, person
        assert "This edit removed:" in text and "a file was removed" in text
        assert "murid.jpg" in text  # a file still on the reply is named to every reader


def test_a_file_added_then_removed_is_unnamed_in_the_earlier_revision(
    login, member, colleague, reply
):
    do_edit_reply(reply=reply, by=colleague, body=reply.body, attach=[checked("sementara.jpg")])
    sementara = reply.attachments.get(name="sementara.jpg")
    do_edit_reply(reply=reply, by=colleague, body=reply.body, remove=[sementara.pk])
    _english(member)
    text = _history(login(member), reply)
    assert "sementara.jpg" not in text
    assert text.count("a file since removed") == 2  # added by the first edit; before the second
    assert "sementara.jpg" in _history(login(colleague), reply)


def test_the_post_history_names_a_removed_file_to_the_author_and_moderators(
    login, member, colleague, fasilitator, question
):
    do_add_attachments(post=question, files=[checked("lama.jpg")], by=member)
    lama = question.attachments.get()
    do_edit_post(
        post=question, by=member, title=question.title, body=question.body, remove=[lama.pk]
    )
    url = reverse("discussions:post_history", args=[question.pk])
    _english(member, colleague, fasilitator)
    with translation.override("en"):
        for person, named in ((member, True), (fasilitator, True), (colleague, False)):
            text = login(person).get(url).content.decode()
            assert ("<del>lama.jpg</del>" in text) is named, person
            assert ("a file was removed" in text) is not named, person


def test_private_community_history_stays_hidden_from_outsiders(
    login, member, colleague, outsider, private_question
):
    reply = do_reply(post=private_question, author=colleague, body="x",
                      attachments=[checked("rahasia.jpg")])  # fmt: skip
    _remove_papan_like = reply.attachments.get()
    do_edit_reply(reply=reply, by=colleague, body="y", remove=[_remove_papan_like.pk])
    url = reverse("discussions:reply_history", args=[reply.pk])
    assert login(outsider).get(url).status_code == 404
    assert "rahasia.jpg" not in _history(login(member), reply)


def test_revisions_of_0002_get_the_ids_of_their_files(member, question):
    """The migration gives names-only revisions (0002) the ids of the post's files."""
    do_add_attachments(post=question, files=[checked("a.jpg"), checked("b.jpg")], by=member)
    a, b = question.attachments.all()
    revision = question.revisions.create(
        edited_by=member, title="t", files={"before": ["a.jpg", "b.jpg"], "added": ["hilang.jpg"],
                                            "removed": ["a.jpg"]},
    )  # fmt: skip
    migration = importlib.import_module(
        "komunitas.discussions.migrations.0003_attachment_purge_reply_files"
    )
    migration.files_with_ids(apps, None)
    migration.files_with_ids(apps, None)  # twice: nothing more changes
    revision.refresh_from_db()
    assert revision.files == {
        "before": [{"id": a.pk, "name": "a.jpg"}, {"id": b.pk, "name": "b.jpg"}],
        "added": [{"id": None, "name": "hilang.jpg"}],
        "removed": [{"id": a.pk, "name": "a.jpg"}],
    }


# --- purging removed files from the storage


def _later(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_files_removed_long_ago_leave_the_storage_and_the_row_stays(
    login, colleague, fasilitator, reply, settings
):
    assert settings.DISCUSSIONS_REMOVED_FILES_DAYS == 30
    papan = _remove_papan(reply)
    murid = reply.attachments.get(name="murid.jpg")
    assert do_purge_removed_files(now=_later(29)) == 0 and _in_storage(papan)
    assert do_purge_removed_files(now=_later(31)) == 1
    papan.refresh_from_db()
    assert not _in_storage(papan) and papan.purged_at
    assert papan.name == "papan.jpg" and papan.removed_by == colleague and papan.removed_at
    assert _in_storage(murid)  # the files of today stay
    # Nobody opens it any more; the history still names it to who may.
    url = reverse("discussions:attachment", args=[papan.pk])
    assert login(colleague).get(url).status_code == 404
    assert login(fasilitator).get(url).status_code == 404
    assert "<del>papan.jpg</del>" in _history(login(colleague), reply)
    # Twice is harmless: nothing more to do.
    assert do_purge_removed_files(now=_later(31)) == 0


def test_the_number_of_days_is_a_setting(reply, settings):
    settings.DISCUSSIONS_REMOVED_FILES_DAYS = 7
    papan = _remove_papan(reply)
    assert do_purge_removed_files(now=_later(6)) == 0
    assert do_purge_removed_files(now=_later(8)) == 1
    papan.refresh_from_db()
    assert not _in_storage(papan)


def test_a_run_after_a_crash_finishes_the_work(reply):
    """The file was deleted but the row not marked (the worker died): the next run marks it."""
    papan = _remove_papan(reply)
    papan.file.storage.delete(papan.file.name)
    assert do_purge_removed_files(now=_later(31)) == 1
    papan.refresh_from_db()
    assert papan.purged_at


def test_deleted_posts_and_replies_keep_their_files(
    member, colleague, fasilitator, question, reply
):
    do_add_attachments(post=question, files=[checked("soal.jpg")], by=member)
    do_delete_reply(reply=reply, by=fasilitator, reason="Salah tempat")
    question.soft_delete(by=member)
    assert do_purge_removed_files(now=_later(400)) == 0
    for item in Attachment.objects.all():
        assert _in_storage(item) and item.purged_at is None


def test_bytes_shared_with_a_copy_stay_until_the_copy_lets_them_go(
    member, public_community, private_community
):
    practice = do_create_post(
        author=member, community=public_community, kind=Post.Kind.GOOD_PRACTICE, title="Praktik",
        sections={"context": "Kelas 4", "what_i_did": "Tiket keluar"},
        attachments=[checked("bukti.jpg")],
    )  # fmt: skip
    copy = do_share_post(post=practice, by=member, community=private_community)
    original, copied = practice.attachments.get(), copy.attachments.get()
    assert original.file.name == copied.file.name
    sections = {"context": "Kelas 4", "what_i_did": "Tiket keluar"}
    do_edit_post(post=practice, by=member, title="Praktik", body="", sections=sections,
              remove=[original.pk])  # fmt: skip
    assert do_purge_removed_files(now=_later(31)) == 1
    original.refresh_from_db()
    assert original.purged_at and _in_storage(copied)  # the copy still shows it
    do_edit_post(
        post=copy, by=member, title="Praktik", body="", sections=sections, remove=[copied.pk]
    )
    assert do_purge_removed_files(now=_later(62)) == 1
    assert not _in_storage(copied)


def test_the_worker_runs_the_purge(reply, commit, run_worker):
    """The job is registered for ``komunitas worker``; run through the task queue."""
    assert "discussions.purge_removed_files" in [job.name for job in all_jobs()]
    papan = _remove_papan(reply)
    with commit():
        run_periodic_job.enqueue("discussions.purge_removed_files", _later(31).isoformat())
    run_worker()
    papan.refresh_from_db()
    assert papan.purged_at and not _in_storage(papan)


# --- queries


def test_reply_edit_and_history_pages_cost_the_same_for_one_or_many(
    login, colleague, question, reply
):
    small = do_reply(post=question, author=colleague, body="Satu", attachments=[checked()])
    do_add_attachments(
        post=question, files=[checked("f.jpg") for _ in range(3)], by=colleague, reply=reply
    )
    client = login(colleague)
    edit = "discussions:reply_edit"
    one = _queries(client, reverse(edit, args=[small.pk]))
    five = _queries(client, reverse(edit, args=[reply.pk]))
    assert one == five <= 15
    # Histories: one revision with files or many, removed files included.
    do_edit_reply(reply=small, by=colleague, body="Dua", remove=[small.attachments.get().pk])
    for i, item in enumerate(reply.attachments.all()):
        do_edit_reply(reply=reply, by=colleague, body=f"Versi {i}", attach=[checked(f"n{i}.jpg")],
                   remove=[item.pk])  # fmt: skip
    history = "discussions:reply_history"
    for person in (colleague, question.author):
        client = login(person)
        one = _queries(client, reverse(history, args=[small.pk]))
        many = _queries(client, reverse(history, args=[reply.pk]))
        assert one == many <= 15, person


def test_the_post_history_costs_the_same_for_one_or_many_revisions(
    login, member, colleague, question, public_community
):
    other = do_create_post(author=member, community=public_community, kind="question", title="Lain",
                        body="x", attachments=[checked()])  # fmt: skip
    do_edit_post(post=other, by=member, title="Lain", body="y", remove=[other.attachments.get().pk])
    do_add_attachments(post=question, files=[checked(f"f{i}.jpg") for i in range(5)], by=member)
    for i, item in enumerate(question.attachments.all()):
        do_edit_post(post=question, by=member, title=question.title, body=f"Versi {i}",
                  attach=[checked(f"n{i}.jpg")], remove=[item.pk])  # fmt: skip
    for person in (member, colleague):
        client = login(person)
        one = _queries(client, reverse("discussions:post_history", args=[other.pk]))
        many = _queries(client, reverse("discussions:post_history", args=[question.pk]))
        assert one == many <= 15, person


def test_in_indonesian_the_history_says_a_file_was_removed(login, member, colleague, reply):
    _remove_papan(reply)
    with translation.override("id"):
        other = login(member).get(reverse("discussions:reply_history", args=[reply.pk]))
        form = login(colleague).get(reverse("discussions:reply_edit", args=[reply.pk]))
    text = other.content.decode()
    assert "Suntingan ini menghapus:" in text and "sebuah berkas dihapus" in text
    assert "papan.jpg" not in text
    assert "Satu balasan memuat paling banyak 5 berkas" in form.content.decode()
