import pytest
import time_machine
from django.utils import timezone

from komunitas.accounts.models import LoginFailure
from tests.accounts.test_password import reset_password
from tests.factories import PASSWORD, make_user

LOGIN = "/akun/masuk/"


@pytest.mark.django_db
def test_a_member_logs_in_with_their_address_in_any_letter_case(client, member):
    response = client.post(LOGIN, {"email": "SITI@contoh.test", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == member


@pytest.mark.django_db
def test_login_goes_on_to_a_safe_next_page_only(client, member):
    ok = client.post(
        LOGIN + "?next=/akun/profil/",
        {"email": member.email, "password": PASSWORD, "next": "/akun/profil/"},
    )
    assert ok["Location"] == "/akun/profil/"
    client.logout()
    evil = client.post(
        LOGIN, {"email": member.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


@pytest.mark.django_db
def test_a_wrong_password_says_so_and_is_counted(client, member):
    response = client.post(LOGIN, {"email": member.email, "password": "wrong"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["email"].value() == member.email
    assert LoginFailure.objects.filter(email=member.email).count() == 1


@pytest.mark.django_db
def test_an_account_is_locked_after_five_failures_even_for_the_right_password(client, member):
    for _ in range(5):
        client.post(LOGIN, {"email": member.email, "password": "wrong"})

    response = client.post(LOGIN, {"email": member.email, "password": PASSWORD})

    assert response.status_code == 429
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    errors = response.context["form"].non_field_errors().as_data()
    assert errors[0].code == "locked"
    assert "15" in str(errors[0].message % errors[0].params if errors[0].params else errors[0])
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_lifts_after_the_window(client, member):
    for _ in range(5):
        client.post(LOGIN, {"email": member.email, "password": "wrong"})

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        response = client.post(LOGIN, {"email": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert not LoginFailure.objects.filter(email=member.email).exists()


@pytest.mark.django_db
def test_an_address_is_locked_after_twenty_failures_across_accounts(client, settings):
    settings.LOGIN_FAILURE_IP_LIMIT = 20
    for n in range(20):
        client.post(LOGIN, {"email": f"tebak{n}@contoh.test", "password": "x"})
    fresh = make_user("baru@contoh.test")

    response = client.post(LOGIN, {"email": fresh.email, "password": PASSWORD})

    assert response.status_code == 429
    assert response.context["form"].non_field_errors().as_data()[0].code == "locked"
    other_address = client.post(
        LOGIN, {"email": fresh.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 302


@pytest.mark.django_db
def test_a_stranger_locking_an_account_does_not_lock_its_owner_out_elsewhere(client, member):
    for _ in range(5):
        client.post(LOGIN, {"email": member.email, "password": "x"}, REMOTE_ADDR="10.6.6.6")
    stranger = client.post(
        LOGIN, {"email": member.email, "password": PASSWORD}, REMOTE_ADDR="10.6.6.6"
    )
    assert stranger.status_code == 429

    owner = client.post(
        LOGIN, {"email": member.email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )

    assert owner.status_code == 302
    # The owner's success forgets only the failures of the owner's own address.
    assert LoginFailure.objects.filter(email=member.email, ip="10.6.6.6").count() == 5


@pytest.mark.django_db
def test_guesses_spread_over_many_addresses_lock_the_account_until_a_reset(
    client, member, settings, mailoutbox, mailed
):
    settings.LOGIN_FAILURE_ACCOUNT_LIMIT = 8
    for n in range(8):
        client.post(LOGIN, {"email": member.email, "password": "x"}, REMOTE_ADDR=f"10.2.0.{n}")

    locked = client.post(LOGIN, {"email": member.email, "password": PASSWORD})
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0

    new = reset_password(client, mailed, mailoutbox, member.email)

    assert client.post(LOGIN, {"email": member.email, "password": new}).status_code == 302


@pytest.mark.django_db
def test_an_unverified_member_gets_a_new_link_instead_of_a_session(client, mailoutbox, mailed):
    member = make_user("baru@contoh.test", verified=False)

    with mailed():
        response = client.post(LOGIN, {"email": member.email, "password": PASSWORD})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors().as_data()[0].code == "unverified"
    assert len(mailoutbox) == 1
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_empty_login_form_gives_field_errors_not_a_crash(client):
    response = client.post(LOGIN, {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "password"}


@pytest.mark.django_db
def test_logout_needs_a_post(member_client):
    assert member_client.get("/akun/keluar/").status_code == 405
    assert member_client.post("/akun/keluar/").status_code == 302
    assert member_client.get("/").status_code == 302


def test_production_hashes_passwords_with_argon2():
    from komunitas import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
