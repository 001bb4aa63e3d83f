"""Two-factor authentication (django-otp): available to everyone, required for operators and
Dinas accounts; and the matrix of every way in × (locked out, second factor required or not,
wrong code)."""

import re
import subprocess
import sys

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from komunitas.accounts.models import User
from tests.factories import PASSWORD, make_user

SETUP = "/akun/2fa/"
LOGIN = "/akun/masuk/"


def code_of(device, shift=0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=6, drift=shift):06d}"


def turn_on(client) -> tuple[TOTPDevice, list[str]]:
    """Set up two-factor for the signed-in client; returns the device and recovery codes."""
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR, inline
    assert not TOTPDevice.objects.exists()  # nothing stored before the app proves it has the key
    device = TOTPDevice(key=client.session["accounts.two_factor_setup_device"])
    done = client.post(SETUP, {"code": code_of(device)})
    assert done.status_code == 200
    return TOTPDevice.objects.get(confirmed=True), done.context["codes"]


@pytest.mark.django_db
def test_a_member_turns_two_factor_on_and_needs_a_code_at_the_next_login(client, member):
    client.force_login(member)
    device, codes = turn_on(client)
    assert device.confirmed and len(codes) == 10
    assert client.get("/akun/profil/").status_code == 200
    client.post("/akun/keluar/")

    logged = client.post(LOGIN, {"email": member.email, "password": PASSWORD})
    assert logged.status_code == 302
    # Logged in but pending: every page leads to the code.
    held = client.get("/akun/profil/")
    assert held.status_code == 302 and held["Location"].startswith(SETUP)

    device.refresh_from_db()
    device.last_t = -1
    device.save()
    ok = client.post(
        SETUP + "?next=/akun/profil/", {"code": code_of(device), "next": "/akun/profil/"}
    )
    assert ok["Location"] == "/akun/profil/"
    assert client.get("/akun/profil/").status_code == 200


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, member):
    client.force_login(member)
    _device, codes = turn_on(client)
    for _ in range(2):
        client.post("/akun/keluar/")
        client.post(LOGIN, {"email": member.email, "password": PASSWORD})
        response = client.post(SETUP, {"code": codes[0]})
        assert client.get("/akun/profil/").status_code == (200 if _ == 0 else 302)
    assert response.status_code == 400
    assert StaticToken.objects.count() == 9


@pytest.mark.django_db
def test_a_wrong_code_at_setup_returns_the_form_with_the_qr(client, member):
    client.force_login(member)
    client.get(SETUP)
    device = TOTPDevice(key=client.session["accounts.two_factor_setup_device"])
    response = client.post(SETUP, {"code": f"{(int(code_of(device)) + 1) % 10**6:06d}"})
    assert response.status_code == 400
    assert "<svg" in response.content.decode()
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_a_member_may_turn_it_off_but_an_operator_may_not(client, member, operator, settings):
    client.force_login(member)
    turn_on(client)
    client.post("/akun/2fa/matikan/")
    assert not TOTPDevice.objects.filter(user=member).exists()

    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(operator)
    turn_on(client)
    client.post("/akun/2fa/matikan/")
    assert TOTPDevice.objects.filter(user=operator, confirmed=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [User.Role.OPERATOR, User.Role.DINAS])
def test_operators_and_dinas_must_set_it_up_before_reaching_their_pages(client, settings, role):
    settings.TWO_FACTOR_REQUIRED = True
    person = make_user("penting@contoh.test", role=role, is_staff=role == User.Role.OPERATOR)
    client.force_login(person)
    for page in ("/", "/akun/profil/", "/operator/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(SETUP)
    turn_on(client)
    assert client.get("/akun/profil/").status_code == 200


@pytest.mark.django_db
def test_a_teacher_is_not_required_to(client, member, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client.force_login(member)
    assert client.get("/akun/profil/").status_code == 200


def test_production_requires_two_factor_for_operators_by_default():
    env = {k: v for k, v in __import__("os").environ.items() if k != "TWO_FACTOR_REQUIRED"}
    out = subprocess.run(
        [sys.executable, "-c", "from komunitas import settings as s; print(s.TWO_FACTOR_REQUIRED)"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "True"


# --- The matrix: every way in × (locked out, second factor required or not, wrong code).


def _password(client, person, *, right=True, **extra):
    return client.post(
        LOGIN, {"email": person.email, "password": PASSWORD if right else "salah"}, **extra
    )


def _operator_page(client, person, *, right=True, **extra):
    return client.post(
        "/operator/login/",
        {"username": person.email, "password": PASSWORD if right else "salah"},
        **extra,
    )


def _mailed_code(client, person, *, right=True, mailed=None, mailoutbox=None, **extra):
    with mailed():
        client.post("/akun/masuk/kode/", {"email": person.email}, **extra)
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    if not right:
        code = f"{(int(code) + 1) % 10**6:06d}"
    return client.post("/akun/masuk/kode/masukkan/", {"code": code}, **extra)


WAYS = {"password": _password, "operator page": _operator_page, "mailed code": _mailed_code}


@pytest.fixture
def way_in(mailed, mailoutbox):
    def go(name, client, person, **kwargs):
        if name == "mailed code":
            kwargs.update(mailed=mailed, mailoutbox=mailoutbox)
        return WAYS[name](client, person, **kwargs)

    return go


@pytest.mark.django_db
@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("second_factor", [False, True])
def test_every_way_in_is_refused_while_locked_out(client, operator, way_in, way, second_factor):
    if second_factor:
        TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    for _ in range(5):
        _password(client, operator, right=False)

    response = way_in(way, client, operator)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("way", list(WAYS))
def test_a_wrong_password_or_code_on_every_way_in_counts_and_logs_nobody_in(
    client, operator, way_in, way
):
    from axes.models import AccessAttempt

    response = way_in(way, client, operator, right=False)

    assert response.status_code in (200, 400)
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=operator.email).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("required", [False, True])
def test_every_way_in_then_asks_for_the_second_factor_when_there_is_one_or_it_is_required(
    client, operator, way_in, way, required, settings
):
    settings.TWO_FACTOR_REQUIRED = required
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay after a wrong code
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)

    assert way_in(way, client, operator).status_code == 302
    held = client.get("/akun/profil/")
    assert held.status_code == 302 and held["Location"].startswith(SETUP)

    wrong = client.post(SETUP, {"code": f"{(int(code_of(device)) + 1) % 10**6:06d}"})
    assert wrong.status_code == 400
    assert client.get("/akun/profil/").status_code == 302

    assert client.post(SETUP, {"code": code_of(device)}).status_code == 302
    assert client.get("/akun/profil/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("way", list(WAYS))
def test_without_a_device_or_the_requirement_every_way_in_goes_straight_in(
    client, operator, way_in, way
):
    assert way_in(way, client, operator).status_code == 302
    assert client.get("/akun/profil/").status_code == 200


@pytest.mark.django_db
def test_wrong_second_factor_codes_lock_out_and_end_the_session(client, member):
    device = TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    _password(client, member)
    bad = f"{(int(code_of(device)) + 1) % 10**6:06d}"
    for _ in range(5):
        response = client.post(SETUP, {"code": bad})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
