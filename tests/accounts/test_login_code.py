"""Logging in by a six-digit code mailed to the member (for teachers who forget passwords)."""

import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from komunitas.accounts.models import LoginCode
from tests.factories import make_user

ASK = "/akun/masuk/kode/"
ENTER = "/akun/masuk/kode/masukkan/"


def ask_code(client, mailed, mailoutbox, email, **extra) -> str | None:
    before = len(mailoutbox)
    with mailed():
        response = client.post(ASK, {"email": email}, **extra)
    assert response.status_code == 302
    if len(mailoutbox) == before:
        return None
    return re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@pytest.mark.django_db
def test_a_member_logs_in_with_the_mailed_code_once(client, member, mailed, mailoutbox):
    code = ask_code(client, mailed, mailoutbox, member.email.upper())

    assert mailoutbox[-1].to == [member.email]
    stored = LoginCode.objects.get(user=member)
    assert code not in stored.code_hash  # only a keyed hash is kept
    response = client.post(ENTER + "?next=/akun/profil/", {"code": code, "next": "/akun/profil/"})
    assert response.status_code == 302 and response["Location"] == "/akun/profil/"
    assert client.session["_auth_user_id"] == str(member.pk)

    client.logout()
    client.post(ASK, {"email": member.email})  # a new session, without asking for a new code
    again = client.post(ENTER, {"code": code})
    assert again.status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_code_mail_speaks_the_members_language(client, mailed, mailoutbox, language):
    person = make_user("dewi@contoh.test", language=language)
    ask_code(client, mailed, mailoutbox, person.email)
    subject = mailoutbox[-1].subject
    assert ("Kode Anda" if language == "id" else "Your code") in subject


@pytest.mark.django_db
def test_an_unknown_or_unverified_address_gets_the_same_answer_and_no_mail(
    client, mailed, mailoutbox
):
    make_user("belum@contoh.test", verified=False)
    assert ask_code(client, mailed, mailoutbox, "tidakada@contoh.test") is None
    assert ask_code(client, mailed, mailoutbox, "belum@contoh.test") is None
    assert client.get(ENTER).status_code == 200


@pytest.mark.django_db
def test_the_code_expires(client, member, mailed, mailoutbox, settings):
    code = ask_code(client, mailed, mailoutbox, member.email)
    later = timezone.now() + timezone.timedelta(minutes=settings.LOGIN_CODE_MINUTES + 1)
    with time_machine.travel(later):
        assert client.post(ENTER, {"code": code}).status_code == 400
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_codes_spoil_the_code_and_count_as_failed_logins(
    client, member, mailed, mailoutbox, settings
):
    settings.LOGIN_CODE_ATTEMPTS = 3
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 10
    code = ask_code(client, mailed, mailoutbox, member.email)
    for _ in range(3):
        assert client.post(ENTER, {"code": wrong(code)}).status_code == 400

    assert client.post(ENTER, {"code": code}).status_code == 400
    assert (
        sum(
            AccessAttempt.objects.filter(username=member.email).values_list(
                "failures_since_start", flat=True
            )
        )
        == 4
    )


@pytest.mark.django_db
def test_a_locked_account_cannot_log_in_with_a_code(client, member, mailed, mailoutbox):
    code = ask_code(client, mailed, mailoutbox, member.email)
    for _ in range(5):
        client.post("/akun/masuk/", {"email": member.email, "password": "salah"})

    response = client.post(ENTER, {"code": code})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_guessing_codes_locks_the_account_for_that_address(client, member, mailed, mailoutbox):
    code = ask_code(client, mailed, mailoutbox, member.email)
    for _ in range(4):
        client.post(ENTER, {"code": wrong(code)})
    fifth = client.post(ENTER, {"code": wrong(code)})

    assert fifth.status_code == 429
    assert "accounts/locked.html" in [t.name for t in fifth.templates]


@pytest.mark.django_db
def test_code_mail_is_rate_limited(client, member, mailed, mailoutbox, settings):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "code": (2, 10, 15)}
    ask_code(client, mailed, mailoutbox, member.email)
    ask_code(client, mailed, mailoutbox, member.email, REMOTE_ADDR="10.1.1.1")
    with mailed():
        refused = client.post(ASK, {"email": member.email}, REMOTE_ADDR="10.2.2.2")

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_a_new_code_spoils_the_previous_one(client, member, mailed, mailoutbox):
    first = ask_code(client, mailed, mailoutbox, member.email)
    second = ask_code(client, mailed, mailoutbox, member.email)
    if first != second:
        assert client.post(ENTER, {"code": first}).status_code == 400
    assert client.post(ENTER, {"code": second}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "１２３４５６"])
def test_malformed_codes_return_the_form(client, member, mailed, mailoutbox, code):
    ask_code(client, mailed, mailoutbox, member.email)
    response = client.post(ENTER, {"code": code})
    assert response.status_code == 400
    assert response.context["form"].errors


@pytest.mark.django_db
def test_typing_a_code_without_asking_first_goes_to_the_request_page(client):
    assert client.get(ENTER)["Location"] == ASK
