"""On a phone: Siti answers a question and mentions two colleagues through the suggestions that
appear after "@", with the keyboard and with a tap; both hear of it."""

import pytest

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community
from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Mention, Post
from tests.browser.conftest import horizontal_overflow, log_in
from tests.factories import make_community, make_user

pytestmark = pytest.mark.browser


def test_mentioning_colleagues_from_the_suggestions_on_a_phone(page, site):
    ratna = make_user("ratna@contoh.test", full_name="Ratna Kusuma", role=User.Role.GURU_PENGGERAK)
    community = make_community(
        ratna, name="Lingkar Literasi", slug="lingkar-literasi",
        visibility=Community.Visibility.PRIVATE, join_policy=Community.JoinPolicy.INVITATION,
    )  # fmt: skip
    siti = make_user("siti@contoh.test", full_name="Siti Rahayu")
    joko = make_user("joko@contoh.test", full_name="Joko Santoso")
    jovita = make_user("jovita@contoh.test", full_name="Jovita Anggraini")
    for person in (siti, joko, jovita):
        do_add_member(community=community, user=person)
    make_user("jonas@contoh.test", full_name="Jonas Outsider")  # not a member: never suggested
    question = do_create_post(
        author=ratna, community=community, kind=Post.Kind.QUESTION,
        title="Pojok baca di kelas kecil?", body="Ide untuk kelas 20 murid?",
    )  # fmt: skip

    log_in(page, site, "siti@contoh.test")
    page.goto(f"{site}{question.get_absolute_url()}")
    box = page.get_by_role("combobox", name="Balasan Anda")
    assert box.get_attribute("aria-expanded") == "false"
    box.click()
    box.press_sequentially("Usul dari @jo", delay=30)

    listbox = page.get_by_role("listbox")
    options = listbox.get_by_role("option")
    options.first.wait_for()
    assert options.count() == 2
    assert [o.get_attribute("data-mention") for o in options.all()] == [
        "Joko Santoso",
        "Jovita Anggraini",
    ]
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    # The first is chosen; the arrow keys move the choice, and the field says which.
    assert options.nth(0).get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert page.get_by_role("status").filter(has_text="2 anggota ditemukan").count() == 1
    assert horizontal_overflow(page) == []
    # Escape closes the list and leaves the text alone.
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "Usul dari @jo"
    # Typing on brings it back; Enter mentions the chosen one.
    box.press_sequentially("v", delay=30)
    listbox.get_by_role("option", name="Jovita Anggraini").wait_for()
    assert options.count() == 1
    box.press("Enter")
    assert box.input_value() == "Usul dari @Jovita Anggraini "
    assert listbox.is_hidden()

    # A tap on a suggestion works too, and the keyboard of the phone stays up (focus stays).
    box.press_sequentially("dan @sant", delay=30)
    option = listbox.get_by_role("option", name="Joko Santoso")
    option.wait_for()
    option.tap()
    assert box.input_value() == "Usul dari @Jovita Anggraini dan @Joko Santoso "
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially("coba pojok baca bergilir.", delay=10)

    # Nobody outside the community is ever offered.
    written = box.input_value()
    with page.expect_response(lambda r: "/sebut/?q=jon" in r.url) as answer:  # or "jona"
        box.press_sequentially(" @jona", delay=30)
    assert answer.value.ok and "Jonas" not in answer.value.text()
    assert listbox.is_hidden()
    box.fill(written)

    with page.expect_navigation():
        page.get_by_role("button", name="Kirim balasan").click()
    reply = question.replies.get()
    assert reply.body == "Usul dari @Jovita Anggraini dan @Joko Santoso coba pojok baca bergilir."
    assert set(Mention.objects.values_list("user__full_name", flat=True)) == {
        "Jovita Anggraini",
        "Joko Santoso",
    }
    assert horizontal_overflow(page) == []
