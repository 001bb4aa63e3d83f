"""Every page that makes the site send mail to an address anyone types is rate limited, per
address and per client, with HTTP 429 and Retry-After (accounts/lockout.py, MAIL_LIMITS)."""

import pytest

from komunitas.accounts.models import User
from komunitas.lib.http import client_ip
from tests.accounts.test_signup import _form
from tests.factories import PASSWORD, make_user


@pytest.mark.django_db
def test_sign_up_mail_is_limited_per_client(client, settings, mailoutbox, mailed):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "signup": (3, 2, 60)}
    with mailed():
        for n in range(2):
            assert (
                client.post("/akun/daftar/", _form(email=f"guru{n}@contoh.test")).status_code == 200
            )

        refused = client.post("/akun/daftar/", _form(email="guru9@contoh.test"))

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.context["form"].non_field_errors()
    assert refused.context["form"]["email"].value() == "guru9@contoh.test"
    assert not User.objects.filter(email="guru9@contoh.test").exists()
    assert len(mailoutbox) == 2
    other = client.post("/akun/daftar/", _form(email="guru9@contoh.test"), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_new_verification_links_by_logging_in_unverified_are_limited(
    client, settings, mailoutbox, mailed
):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "verify": (2, 10, 60)}
    person = make_user("baru@contoh.test", verified=False)
    with mailed():
        for n in range(3):
            response = client.post(
                "/akun/masuk/",
                {"email": person.email, "password": PASSWORD},
                REMOTE_ADDR=f"10.0.0.{n}",
            )

    assert len(mailoutbox) == 2
    errors = response.context["form"].non_field_errors()
    assert any("Several mails" in e or "Beberapa email" in e for e in errors)


@pytest.mark.django_db
def test_address_change_mail_is_limited(member_client, member, settings, mailoutbox, mailed):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "verify": (1, 10, 60)}
    data = {"new_email": "baru@contoh.test", "password": PASSWORD}
    with mailed():
        member_client.post("/akun/email/", data)
        refused = member_client.post("/akun/email/", data)

    assert refused.status_code == 429
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_saw(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
