import re

import pytest

from tests.factories import PASSWORD, make_user


@pytest.mark.django_db
def test_password_reset_mails_a_link_in_the_members_language_that_sets_a_new_password(
    client, mailoutbox, mailed
):
    member = make_user("dewi@contoh.test", language="en")

    with mailed():
        response = client.post("/akun/sandi/lupa/", {"email": "DEWI@contoh.test"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Choose a new password for Komunitas Praktisi"
    link = re.search(r"https?://[^/]+(/akun/sandi/atur/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new = "kapur-tulis-baru-2024"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)


def reset_password(client, mailed, mailoutbox, email, new="kapur-tulis-baru-2024") -> str:
    """Ask for a reset mail, follow its link and set ``new``; returns it."""
    with mailed():
        assert client.post("/akun/sandi/lupa/", {"email": email}).status_code == 302
    link = re.search(r"https?://[^/]+(/akun/sandi/atur/\S+/)", mailoutbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    return new


@pytest.mark.django_db
def test_reset_mail_is_limited_per_address_asked_for(client, mailoutbox, settings, mailed):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "reset": (3, 10, 60)}
    make_user("dewi@contoh.test")
    with mailed():
        for n in range(3):
            client.post(
                "/akun/sandi/lupa/", {"email": "dewi@contoh.test"}, REMOTE_ADDR=f"10.3.0.{n}"
            )

        refused = client.post(
            "/akun/sandi/lupa/", {"email": "DEWI@contoh.test"}, REMOTE_ADDR="10.4.0.1"
        )

    assert refused.status_code == 429
    assert 59 * 60 < int(refused["Retry-After"]) <= 60 * 60
    assert refused.context["form"].non_field_errors()
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_reset_mail_is_limited_per_client_whatever_the_address(client, mailoutbox, settings):
    settings.MAIL_LIMITS = {**settings.MAIL_LIMITS, "reset": (3, 4, 60)}
    for n in range(4):
        client.post("/akun/sandi/lupa/", {"email": f"orang{n}@contoh.test"})

    refused = client.post("/akun/sandi/lupa/", {"email": "lain@contoh.test"})

    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox, mailed):
    with mailed():
        response = client.post("/akun/sandi/lupa/", {"email": "tidakada@contoh.test"})
    assert response.status_code == 302
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_used_reset_link_no_longer_works(client):
    response = client.get("/akun/sandi/atur/MQ/bad-token/", follow=True)
    assert response.context["validlink"] is False


@pytest.mark.django_db
def test_a_member_changes_their_password_and_stays_logged_in(member_client, member):
    new = "papan-tulis-hijau-77"
    response = member_client.post(
        "/akun/sandi/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)
    assert member_client.get("/").status_code == 200


@pytest.mark.django_db
def test_changing_the_password_needs_the_old_one(member_client, member):
    response = member_client.post(
        "/akun/sandi/",
        {"old_password": "salah", "new_password1": "x-y-z-12345", "new_password2": "x-y-z-12345"},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
