"""A teacher opens an invitation link on a phone, logs in, joins, and sees the community home."""

import pytest

from komunitas.accounts.models import User
from komunitas.communities.actions import do_create_invitation_link
from komunitas.communities.models import Community
from tests.browser.conftest import horizontal_overflow
from tests.factories import PASSWORD, make_community, make_user

pytestmark = pytest.mark.browser


def test_a_teacher_opens_an_invitation_link_on_a_phone_and_joins(page, site):
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
    make_user("siti@contoh.test", full_name="Siti Rahayu")

    # Opened from WhatsApp while logged out: log in first, then back to the invitation.
    page.goto(link.full_url)
    assert "/akun/masuk/" in page.url
    page.fill("input[name=email]", "siti@contoh.test")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == link.full_url
    assert page.get_by_role("heading", level=1).inner_text().endswith(community.name)
    assert horizontal_overflow(page) == []

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url == f"{site}/k/{community.slug}/"
    assert page.locator(".msg-success").is_visible()
    assert page.get_by_text("Mengajar dua kelas sekaligus").first.is_visible()
    assert horizontal_overflow(page) == []
    assert community.role_of(User.objects.get(email="siti@contoh.test")) == "anggota"
