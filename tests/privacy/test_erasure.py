"""A member deletes their account (or an operator does, on request): personal data erased at
once, public contributions kept as "Mantan anggota" or removed, an audit row without personal
data; the person cannot log in again and the address can register afresh."""

import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from komunitas.accounts.models import DataExport, Erasure, User
from komunitas.core.demo import DEMO_PASSWORD
from komunitas.discussions.models import Bookmark, Draft, Post, Reply
from komunitas.insights.models import Story
from komunitas.journeys.models import CheckIn, LearningPlan, Reflection
from komunitas.meetings.models import Attendance, CalendarToken
from komunitas.notifications.models import Mail, Notification
from komunitas.pustaka.models import Resource

pytestmark = pytest.mark.django_db
ERASE = "/akun/hapus/"


@pytest.fixture
def siti(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", stdout=io.StringIO())
    return User.objects.get(email="guru@demo.test")


def _erase(client, **fields):
    data = {"password": DEMO_PASSWORD, "contributions": "keep", "confirm": "on", **fields}
    return client.post(ERASE, data)


def _counts(user):
    return {
        "posts": Post.objects.filter(author=user, deleted_at=None).count(),
        "replies": Reply.objects.filter(author=user, deleted_at=None).count(),
        "resources": Resource.objects.filter(added_by=user, deleted_at=None).count(),
        "attendance": Attendance.objects.filter(member=user).count(),
    }


def test_a_wrong_password_or_no_confirmation_changes_nothing(siti, client):
    client.force_login(siti)
    assert _erase(client, password="salah-sandi").status_code == 400
    assert _erase(client, confirm="").status_code == 400
    siti.refresh_from_db()
    assert siti.full_name != "Mantan anggota" and siti.is_active and not Erasure.objects.exists()


def test_a_member_deletes_her_account_and_keeps_her_contributions(siti, client):
    email, pk = siti.email, siti.pk
    before = _counts(siti)
    assert all(before.values()), before  # the demo gives her some of each
    assert LearningPlan.objects.filter(owner=siti).exists()
    assert Reflection.objects.filter(author=siti).exists()
    assert Notification.objects.filter(recipient=siti).exists()
    assert DataExport.objects.filter(user=siti).exists()
    elsewhere = Client()
    elsewhere.force_login(siti)  # her session on another phone
    client.force_login(siti)

    response = _erase(client)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")

    siti.refresh_from_db()
    assert siti.full_name == "Mantan anggota"
    assert siti.email != email and siti.email.endswith(".invalid")
    assert (siti.whatsapp, siti.nuptk, siti.bio, siti.school_id) == ("", "", "", None)
    assert not siti.subjects.exists() and not siti.phases.exists()
    assert not siti.is_active and not siti.has_usable_password() and siti.erased_at
    for private in (
        LearningPlan.objects.filter(owner=siti),
        CheckIn.objects.filter(author=siti),
        Reflection.objects.filter(author=siti),
        Notification.objects.filter(recipient=siti),
        Mail.objects.filter(recipient=siti),
        Draft.objects.filter(user=siti),
        Bookmark.objects.filter(user=siti),
        CalendarToken.objects.filter(user=siti),
        DataExport.objects.filter(user=siti),
    ):
        assert not private.exists(), private.model
    assert _counts(siti) == before  # her posts, replies, resources and attendance stay
    post = Post.objects.filter(author=siti, deleted_at=None, hidden_at=None).first()
    reader = User.objects.get(email="penggerak@demo.test")
    client.force_login(reader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert (
        "Mantan anggota" in page and "Siti" not in page.split("<main", 1)[-1].split(post.title)[0]
    )

    erasure = Erasure.objects.get()
    assert (erasure.account_id, erasure.choice, erasure.by) == (pk, "keep", "self")
    assert {f.name for f in Erasure._meta.fields} == {"id", "account_id", "erased_at", "choice",
                                                      "by"}  # fmt: skip
    # Logged out everywhere; the old address and password no longer open anything.
    assert elsewhere.get("/").status_code == 302
    live = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(pk) not in live  # the session rows are gone, not only refused
    anonymous = Client()
    login = anonymous.post(reverse("accounts:login"), {"email": email, "password": DEMO_PASSWORD})
    assert login.status_code == 400
    # The address is free: it signs up as a new account.
    signup = anonymous.post(
        reverse("accounts:signup"),
        {"full_name": "Siti Baru", "email": email, "role": "guru", "password1": "Kelas-baru-2026!",
         "password2": "Kelas-baru-2026!", "consent": "on"},
    )  # fmt: skip
    assert signup.status_code == 200
    assert User.objects.get(email=email).pk != pk


def test_a_member_deletes_her_account_and_removes_her_contributions(siti, client):
    client.force_login(siti)
    _erase(client, contributions="remove")
    assert _counts(siti) | {"attendance": 0} == {
        "posts": 0, "replies": 0, "resources": 0, "attendance": 0,
    }  # fmt: skip
    assert not Story.objects.filter(author=siti, deleted_at=None).exists()
    assert Erasure.objects.get().choice == "remove"


def test_an_operator_deletes_an_account_on_request(siti, client):
    operator = User.objects.get(email="admin@demo.test")
    penggerak = User.objects.get(email="penggerak@demo.test")
    url = reverse("accounts:erase_member", args=[siti.pk])
    client.force_login(penggerak)
    assert client.get(url).status_code == 404  # not an operator
    assert url not in client.get(reverse("accounts:profile", args=[siti.pk])).content.decode()
    client.force_login(operator)
    assert url in client.get(reverse("accounts:profile", args=[siti.pk])).content.decode()
    assert client.post(url, {"contributions": "keep"}).status_code == 400  # not confirmed
    response = client.post(url, {"contributions": "remove", "confirm": "on"})
    assert response.status_code == 302
    siti.refresh_from_db()
    assert siti.full_name == "Mantan anggota" and not siti.is_active
    erasure = Erasure.objects.get()
    assert (erasure.account_id, erasure.choice, erasure.by) == (siti.pk, "remove", "operator")
    assert client.get(url).status_code == 404  # nothing left to erase
