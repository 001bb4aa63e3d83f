"""A verification link works once, for the address it was sent to while that is the pending one,
dies when the password or the address changes, and never logs in past a lock-out (issue 14.1)."""

import re

import pytest
import time_machine
from django.utils import timezone

from komunitas.accounts.models import User
from tests.accounts.test_signup import SIGNUP, _form, _link
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"


def _signed_up(client, mailoutbox, mailed, **overrides):
    with mailed():
        client.post(SIGNUP, _form(**overrides))
    return User.objects.get(email="dewi@contoh.test"), _link(mailoutbox[-1])


def _change_address(client, mailoutbox, mailed, new):
    with mailed():
        response = client.post("/akun/email/", {"new_email": new, "password": PASSWORD})
    assert response.status_code == 302
    return re.search(r"https?://\S+(/akun/verifikasi/\S+/)", mailoutbox[-1].body).group(1)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_link_works_once(client, mailoutbox, mailed, django_user_model):
    user, link = _signed_up(client, mailoutbox, mailed)
    assert client.get(link).status_code == 302
    client.logout()

    again = client.get(link)

    assert again.status_code == 400
    assert not _logged_in(client)


def test_the_link_logs_in_no_other_browser_a_second_time(client, mailoutbox, mailed):
    from django.test import Client

    user, link = _signed_up(client, mailoutbox, mailed)
    client.get(link)
    thief = Client()

    assert thief.get(link).status_code == 400
    assert "_auth_user_id" not in thief.session


def test_a_new_accounts_link_logs_in_only_while_fresh(client, mailoutbox, mailed):
    user, link = _signed_up(client, mailoutbox, mailed)

    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2)):
        response = client.get(link)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not _logged_in(client)
    user.refresh_from_db()
    assert user.email_verified


def test_a_late_link_keeps_the_invitation_as_next_of_the_login(client, mailoutbox, mailed):
    user, link = _signed_up(client, mailoutbox, mailed, next="/k/x/u/abc/")
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2)):
        response = client.get(link)
    assert response["Location"] == LOGIN + "?next=/k/x/u/abc/"


def test_a_link_does_not_log_in_a_locked_account(client, mailoutbox, mailed):
    user, link = _signed_up(client, mailoutbox, mailed)
    for _ in range(5):
        client.post(LOGIN, {"email": user.email, "password": "salah"}, REMOTE_ADDR="10.9.9.9")

    response = client.get(link)

    assert response["Location"].startswith(LOGIN)
    assert not _logged_in(client)


def test_a_password_change_spoils_earlier_links(client, mailoutbox, mailed):
    user, link = _signed_up(client, mailoutbox, mailed)
    user.set_password("kata-sandi-baru-panjang")
    user.save()

    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_an_address_change_link_works_once_and_does_not_log_in(client, member, mailoutbox, mailed):
    client.force_login(member)
    link = _change_address(client, mailoutbox, mailed, "siti.baru@contoh.test")
    client.logout()

    first = client.get(link)

    assert first.status_code == 302 and first["Location"].startswith(LOGIN)
    assert not _logged_in(client)
    member.refresh_from_db()
    assert member.email == "siti.baru@contoh.test"
    assert client.get(link).status_code == 400


def test_only_the_address_asked_for_last_can_be_confirmed(client, member, mailoutbox, mailed):
    client.force_login(member)
    first = _change_address(client, mailoutbox, mailed, "satu@contoh.test")
    second = _change_address(client, mailoutbox, mailed, "dua@contoh.test")

    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 302
    member.refresh_from_db()
    assert member.email == "dua@contoh.test"


def test_an_old_link_cannot_roll_the_address_back(client, member, mailoutbox, mailed):
    client.force_login(member)
    to_a = _change_address(client, mailoutbox, mailed, "a@contoh.test")
    client.get(to_a)
    _change_address(client, mailoutbox, mailed, "b@contoh.test")
    client.get(re.search(r"(/akun/verifikasi/\S+/)", mailoutbox[-1].body).group(1))
    member.refresh_from_db()
    assert member.email == "b@contoh.test"

    assert client.get(to_a).status_code == 400
    member.refresh_from_db()
    assert member.email == "b@contoh.test"


def test_a_change_link_dies_when_the_password_changes(client, member, mailoutbox, mailed):
    client.force_login(member)
    link = _change_address(client, mailoutbox, mailed, "baru@contoh.test")
    member.set_password("kata-sandi-baru-panjang")
    member.save()

    assert client.get(link).status_code == 400
    member.refresh_from_db()
    assert member.email == "siti@contoh.test"


def test_confirming_in_the_signed_in_browser_keeps_the_session(client, member, mailoutbox, mailed):
    client.force_login(member)
    link = _change_address(client, mailoutbox, mailed, "baru@contoh.test")

    response = client.get(link)

    assert response["Location"] == "/akun/profil/"
    assert client.session["_auth_user_id"] == str(member.pk)


def test_another_members_browser_is_not_switched_to_the_account(
    client, member, outsider, mailoutbox, mailed
):
    client.force_login(member)
    link = _change_address(client, mailoutbox, mailed, "baru@contoh.test")
    client.force_login(outsider)

    client.get(link)

    assert client.session["_auth_user_id"] == str(outsider.pk)
