"""A member downloads everything the platform keeps about them: a ZIP built by the worker,
with a progress page, served only to its owner and only until it expires."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from komunitas.accounts.models import DataExport, User
from komunitas.accounts.privacy import prune_exports
from komunitas.core.privacy import parts
from komunitas.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    return User.objects.get(email="guru@demo.test")


def _zip(response) -> zipfile.ZipFile:
    body = b"".join(response.streaming_content)
    return zipfile.ZipFile(io.BytesIO(body))


def test_every_app_gives_its_part():
    apps = {part.app for part in parts()}
    assert apps == {
        "accounts", "api", "certificates", "communities", "discussions", "insights", "journeys",
        "lessonstudy", "meetings", "notifications", "onboarding", "partnerships", "polls",
        "pustaka",
    }  # fmt: skip


def test_the_demo_teacher_has_a_finished_copy_on_her_data_page(demo, client):
    client.force_login(demo)
    page = client.get(reverse("accounts:my_data")).content.decode()
    export = DataExport.objects.get(user=demo)
    assert export.status == DataExport.Status.DONE and export.is_available
    assert reverse("accounts:data_export_download", args=[export.pk]) in page
    # Her notification says so, as it would after the worker built it.
    assert Notification.objects.filter(
        recipient=demo, event__kind="accounts.export_ready", event__target_id=export.pk
    ).exists()


def test_a_member_asks_for_a_copy_the_worker_builds_it_and_she_is_told(
    demo, client, commit, run_worker
):
    DataExport.objects.all().delete()
    client.force_login(demo)
    with commit():
        response = client.post(reverse("accounts:data_export_request"))
    export = DataExport.objects.get(user=demo)
    assert response["Location"] == reverse("accounts:data_export", args=[export.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "<progress" in waiting and 'hx-trigger="every 2s"' in waiting
    with commit():
        run_worker()
    export.refresh_from_db()
    assert export.status == DataExport.Status.DONE and export.progress == 100
    assert export.expires_at - export.finished_at == datetime.timedelta(days=7)
    with commit():
        run_worker()  # the notification's fan-out
    told = Notification.objects.get(
        recipient=demo, event__kind="accounts.export_ready", event__target_id=export.pk
    )
    assert told.event.url == export.get_absolute_url()

    ready = client.get(reverse("accounts:data_export", args=[export.pk])).content.decode()
    assert reverse("accounts:data_export_download", args=[export.pk]) in ready
    download = client.get(reverse("accounts:data_export_download", args=[export.pk]))
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    archive = _zip(download)
    names = set(archive.namelist())
    for expected in [
        "accounts/profile.json", "communities/memberships.json", "discussions/posts.json",
        "discussions/replies.json", "discussions/reactions.json", "discussions/bookmarks.json",
        "discussions/applied_in_class.json", "journeys/learning_plans.json",
        "journeys/check_ins.json", "journeys/reflections.json", "meetings/attendance.json",
        "meetings/rsvps.json", "notifications/notifications.json", "pustaka/resources_added.json",
        "insights/read_activity.json", "README.txt",
    ]:  # fmt: skip
        assert expected in names, expected
    profile = json.loads(archive.read("accounts/profile.json"))
    assert profile[0]["email"] == demo.email and profile[0]["full_name"] == demo.full_name
    posts = json.loads(archive.read("discussions/posts.json"))
    assert posts and {p["author_id"] for p in posts} == {demo.pk}
    replies = json.loads(archive.read("discussions/replies.json"))
    assert {r["author_id"] for r in replies} == {demo.pk}  # only her own replies
    reflections = json.loads(archive.read("journeys/reflections.json"))
    assert reflections and {r["author_id"] for r in reflections} == {demo.pk}
    # Nothing in the ZIP is about another member: no other address appears anywhere.
    others = set(User.objects.exclude(pk=demo.pk).values_list("email", flat=True))
    text = " ".join(archive.read(n).decode("utf-8", "replace") for n in names)
    assert not [email for email in others if email in text]


def test_the_copy_is_its_owners_alone_and_only_until_it_expires(demo, client):
    export = DataExport.objects.get(user=demo)
    stranger = User.objects.get(email="penggerak@demo.test")
    client.force_login(stranger)
    for name in ("accounts:data_export", "accounts:data_export_download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    client.force_login(demo)
    assert client.get(reverse("accounts:data_export_download", args=[export.pk])).status_code == 200
    stored = export.file.name
    with time_machine.travel(export.expires_at + datetime.timedelta(minutes=1)):
        assert (
            client.get(reverse("accounts:data_export_download", args=[export.pk])).status_code
            == 404
        )
        assert prune_exports() == 1
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not export.file.storage.exists(stored)  # the ZIP left the storage too
    assert timezone.now() < export.expires_at
