import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from tests.accounts.test_password import reset_password
from tests.factories import PASSWORD, make_user

LOGIN = "/akun/masuk/"
OPERATOR_LOGIN = "/operator/login/"


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


def failures(email: str, ip: str | None = None) -> int:
    """The failures django-axes counts for the account (from ``ip``)."""
    attempts = AccessAttempt.objects.filter(username=email)
    if ip:
        attempts = attempts.filter(ip_address=ip)
    return sum(attempts.values_list("failures_since_start", flat=True))


def assert_locked_page(response):
    assert response.status_code == 429
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    assert "accounts/locked.html" in [t.name for t in response.templates]
    assert b"/akun/sandi/lupa/" in response.content


@pytest.mark.django_db
def test_a_wrong_password_says_so_and_is_counted(client, member):
    response = client.post(LOGIN, {"email": member.email, "password": "wrong"})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["email"].value() == member.email
    assert failures(member.email) == 1


@pytest.mark.django_db
def test_failures_count_for_the_account_whatever_the_letter_case(client, member):
    client.post(LOGIN, {"email": member.email.upper(), "password": "wrong"})
    client.post(LOGIN, {"email": member.email, "password": "wrong"})

    assert failures(member.email) == 2


@pytest.mark.django_db
def test_an_account_is_locked_after_five_failures_even_for_the_right_password(client, member):
    for _ in range(5):
        client.post(LOGIN, {"email": member.email, "password": "wrong"})

    response = client.post(LOGIN, {"email": member.email, "password": PASSWORD})

    assert_locked_page(response)
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_lockout_page_speaks_both_languages(client, member, language, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for _ in range(6):
        response = client.post(LOGIN, {"email": member.email, "password": "wrong"})

    text = response.content.decode()
    assert ("Masuk dijeda" if language == "id" else "Logging in is paused") in text


@pytest.mark.django_db
def test_the_lock_lifts_after_the_window(client, member):
    for _ in range(5):
        client.post(LOGIN, {"email": member.email, "password": "wrong"})

    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        response = client.post(LOGIN, {"email": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert failures(member.email) == 0


@pytest.mark.django_db
def test_a_shared_address_never_locks_out_everyone_behind_it(client):
    """One school's or one mobile carrier's address: many teachers mistyping does not lock the
    others out."""
    for n in range(30):
        client.post(LOGIN, {"email": f"guru{n}@contoh.test", "password": "x"})
    fresh = make_user("baru@contoh.test")

    response = client.post(LOGIN, {"email": fresh.email, "password": PASSWORD})

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_stranger_locking_an_account_does_not_lock_its_owner_out_elsewhere(client, member):
    for _ in range(5):
        client.post(LOGIN, {"email": member.email, "password": "x"}, REMOTE_ADDR="10.6.6.6")
    stranger = client.post(
        LOGIN, {"email": member.email, "password": PASSWORD}, REMOTE_ADDR="10.6.6.6"
    )
    assert_locked_page(stranger)

    owner = client.post(
        LOGIN, {"email": member.email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )

    assert owner.status_code == 302


@pytest.mark.django_db
def test_guesses_spread_over_many_addresses_lock_the_account_until_a_reset(
    client, member, settings, mailoutbox, mailed
):
    settings.LOGIN_FAILURE_ACCOUNT_LIMIT = 8
    for n in range(8):
        client.post(LOGIN, {"email": member.email, "password": "x"}, REMOTE_ADDR=f"10.2.0.{n}")

    locked = client.post(LOGIN, {"email": member.email, "password": PASSWORD})
    assert_locked_page(locked)

    new = reset_password(client, mailed, mailoutbox, member.email)

    assert client.post(LOGIN, {"email": member.email, "password": new}).status_code == 302


@pytest.mark.django_db
def test_seven_guesses_over_many_addresses_do_not_lock_the_account(client, member, settings):
    settings.LOGIN_FAILURE_ACCOUNT_LIMIT = 8
    for n in range(7):
        client.post(LOGIN, {"email": member.email, "password": "x"}, REMOTE_ADDR=f"10.2.0.{n}")

    assert client.post(LOGIN, {"email": member.email, "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_operators_login_page_is_locked_out_too(client, operator):
    """/operator/login/ (Django's admin) goes through the same lock-out."""
    for _ in range(4):
        wrong = client.post(OPERATOR_LOGIN, {"username": operator.email, "password": "x"})
        assert wrong.status_code == 200
    fifth = client.post(OPERATOR_LOGIN, {"username": operator.email, "password": "x"})
    assert_locked_page(fifth)
    assert failures(operator.email) == 5

    locked = client.post(OPERATOR_LOGIN, {"username": operator.email, "password": PASSWORD})

    assert_locked_page(locked)
    assert "_auth_user_id" not in client.session
    # And the members' login form says the same for that account.
    assert_locked_page(client.post(LOGIN, {"email": operator.email, "password": PASSWORD}))


@pytest.mark.django_db
def test_failures_on_the_members_form_lock_the_operators_page(client, operator):
    for _ in range(5):
        client.post(LOGIN, {"email": operator.email, "password": "x"})

    locked = client.post(OPERATOR_LOGIN, {"username": operator.email, "password": PASSWORD})

    assert_locked_page(locked)


@pytest.mark.django_db
def test_the_lockout_counts_the_address_the_trusted_proxy_saw(client, member, settings):
    settings.TRUSTED_PROXIES = 1
    for n in range(5):
        # The client makes up a different address each time; the proxy appends the real one.
        client.post(
            LOGIN,
            {"email": member.email, "password": "x"},
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7",
        )
    assert failures(member.email, "203.0.113.7") == 5

    locked = client.post(
        LOGIN,
        {"email": member.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7",
    )
    assert_locked_page(locked)
    elsewhere = client.post(
        LOGIN, {"email": member.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert elsewhere.status_code == 302


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
