import re

import pytest
import time_machine
from django.utils import timezone

from komunitas.accounts.models import User
from tests.factories import PASSWORD, make_user

SIGNUP = "/akun/daftar/"


def _form(**overrides):
    data = {
        "full_name": "Dewi Lestari",
        "email": "Dewi@Contoh.test",
        "role": "guru",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    return {**data, **overrides}


def _link(mail) -> str:
    return re.search(r"https?://\S+(/akun/verifikasi/\S+/)", mail.body).group(1)


@pytest.mark.django_db
def test_signup_creates_an_unverified_account_and_mails_a_link(client, mailoutbox, mailed):
    with mailed():
        response = client.post(SIGNUP, _form())

    assert response.status_code == 200
    assert "dewi@contoh.test" in response.content.decode()
    user = User.objects.get()
    assert user.email == "dewi@contoh.test"
    assert not user.email_verified
    assert user.privacy_consent_at is not None
    assert user.check_password(PASSWORD)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dewi@contoh.test"]
    assert "/akun/verifikasi/" in mailoutbox[0].alternatives[0][0]


@pytest.mark.django_db
def test_the_verification_link_verifies_and_logs_in(client, mailoutbox, mailed):
    with mailed():
        client.post(SIGNUP, _form())

    response = client.get(_link(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == "/akun/profil/"
    assert User.objects.get().email_verified
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_verification_link_expires_after_three_days(client, mailoutbox, mailed):
    with mailed():
        client.post(SIGNUP, _form())
    link = _link(mailoutbox[0])

    with time_machine.travel(timezone.now() + timezone.timedelta(days=4)):
        response = client.get(link)

    assert response.status_code == 400
    assert not User.objects.get().email_verified


@pytest.mark.django_db
def test_a_tampered_verification_link_is_refused(client):
    response = client.get("/akun/verifikasi/not-a-token/")
    assert response.status_code == 400


@pytest.mark.django_db
def test_signup_refuses_an_address_taken_in_other_letter_case(client, mailoutbox, mailed):
    make_user("dewi@contoh.test")

    with mailed():
        response = client.post(SIGNUP, _form(email="DEWI@contoh.TEST"))

    assert response.status_code == 400
    assert User.objects.count() == 1
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something-else-123"}, "password2"),
        ({"password1": "12345678", "password2": "12345678"}, "password1"),
        ({"password1": "password", "password2": "password"}, "password1"),
        ({"consent": ""}, "consent"),
        ({"email": "not an address"}, "email"),
        ({"full_name": ""}, "full_name"),
        ({"role": "operator"}, "role"),
    ],
)
def test_bad_signup_input_returns_the_form_with_what_was_typed(client, overrides, field):
    response = client.post(SIGNUP, _form(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["form"]["full_name"].value() == overrides.get(
        "full_name", "Dewi Lestari"
    )
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signup_cannot_grant_itself_an_elevated_role(client):
    client.post(SIGNUP, _form(role="dinas"))
    assert not User.objects.filter(role=User.Role.DINAS).exists()


@pytest.mark.django_db
def test_the_account_speaks_the_language_it_signed_up_in(client, mailoutbox, mailed):
    client.cookies["komunitas_language"] = "en"
    with mailed():
        client.post(SIGNUP, _form())

    assert User.objects.get().language == "en"
    assert mailoutbox[0].subject == "Verify your e-mail address for Komunitas Praktisi"
