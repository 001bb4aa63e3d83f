"""A newcomer without an account opens an invitation link on a phone, signs up, verifies the
address from the mail, comes back to the invitation, joins and sees the community home."""

import re

import pytest

from komunitas.accounts.models import User
from komunitas.communities.actions import do_create_invitation_link
from komunitas.communities.models import Community
from tests.browser.conftest import horizontal_overflow
from tests.factories import PASSWORD, make_community, make_user

pytestmark = pytest.mark.browser


def _submit(page):
    with page.expect_navigation():
        page.locator("main form.stack button.primary[type=submit]").click()


def test_a_newcomer_signs_up_through_an_invitation_link_and_lands_back_on_it(
    page, site, mailoutbox, run_worker
):
    fasilitator = make_user(
        "ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK
    )
    community = make_community(
        fasilitator,
        name="Lingkar Guru Kelas Rangkap",
        slug="kelas-rangkap",
        domain="Mengajar dua kelas sekaligus",
        visibility=Community.Visibility.PRIVATE,
        join_policy=Community.JoinPolicy.INVITATION,
    )
    link = do_create_invitation_link(community=community, by=fasilitator, days=7, max_uses=10)

    # From WhatsApp, logged out and without an account: the log-in page, then "Sign up".
    page.goto(link.full_url)
    assert "/akun/masuk/" in page.url
    with page.expect_navigation():
        page.locator("main a[href^='/akun/daftar/']").click()
    assert "next=" in page.url
    assert horizontal_overflow(page) == []

    page.fill("#id_full_name", "Dewi Lestari")
    page.fill("#id_email", "dewi@contoh.test")
    page.select_option("#id_role", User.Role.GURU)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_consent")
    _submit(page)
    assert page.get_by_text("dewi@contoh.test").first.is_visible()

    # The link in the mail, opened on the same phone, verifies, logs in and goes back.
    run_worker()  # the outbox's worker sends the verification mail
    (message,) = mailoutbox
    verify = re.search(r"https?://\S+/akun/verifikasi/\S+/", message.body).group(0)
    page.goto(verify)
    assert page.url == link.full_url
    assert page.locator(".msg-success").is_visible()
    assert page.get_by_role("heading", level=1).inner_text().endswith(community.name)
    assert horizontal_overflow(page) == []

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == f"{site}/k/{community.slug}/"
    assert page.get_by_text("Mengajar dua kelas sekaligus").first.is_visible()
    assert horizontal_overflow(page) == []
    assert community.role_of(User.objects.get(email="dewi@contoh.test")) == "anggota"
