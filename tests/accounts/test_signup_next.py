"""Sign-up and log-in carry a safe ``next`` (e.g. an invitation link) through the verification
mail; anything that is not a path on this site is dropped."""

import re

import pytest

from komunitas.accounts.models import Phase, School, Subject
from komunitas.lib.http import local_path
from tests.accounts.test_signup import SIGNUP, _form, _link
from tests.factories import PASSWORD, make_school, make_user

pytestmark = pytest.mark.django_db

INVITATION = "/k/kelas-rangkap/u/abcDEF123/"


def test_the_login_page_passes_next_on_to_the_signup_link(client):
    page = client.get(f"/akun/masuk/?next={INVITATION}").content.decode()
    assert f'href="/akun/daftar/?next={INVITATION}"' in page


def test_signup_with_next_returns_there_after_verification(client, mailoutbox, mailed):
    page = client.get(f"{SIGNUP}?next={INVITATION}").content.decode()
    assert f'name="next" value="{INVITATION}"' in page
    with mailed():
        client.post(SIGNUP, {**_form(), "next": INVITATION})

    response = client.get(_link(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == INVITATION


@pytest.mark.parametrize(
    "bad_next",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "k/"],
)
def test_a_foreign_next_is_dropped_and_verification_ends_on_the_profile(
    client, mailoutbox, mailed, bad_next
):
    with mailed():
        response = client.post(SIGNUP, {**_form(), "next": bad_next})
    assert response.status_code == 200

    response = client.get(_link(mailoutbox[0]))

    assert response["Location"] == "/akun/profil/"


def test_an_unverified_member_who_logs_in_from_an_invitation_gets_a_link_back_to_it(
    client, mailoutbox, mailed
):
    make_user("dewi@contoh.test", verified=False)
    with mailed():
        response = client.post(
            "/akun/masuk/", {"email": "dewi@contoh.test", "password": PASSWORD, "next": INVITATION}
        )
    assert response.status_code == 400

    assert client.get(_link(mailoutbox[0]))["Location"] == INVITATION


def test_a_tampered_verification_link_does_not_verify(client, mailoutbox, mailed):
    with mailed():
        client.post(SIGNUP, {**_form(), "next": INVITATION})
    link = _link(mailoutbox[0])
    tampered = re.sub(r"/([^/]+)/$", lambda m: "/" + m.group(1)[:-2] + "xx/", link)
    assert client.get(tampered).status_code == 400


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/k/x/", "/k/x/"),
        ("/k/x/?a=1", "/k/x/?a=1"),
        ("", ""),
        (None, ""),
        ("http://testserver/k/", ""),
        ("//x", ""),
        ("/" + "a" * 1200, ""),
    ],
)
def test_local_path(value, expected):
    assert local_path(value) == expected


# --- The subject list of the profile, compact on a phone


def test_subjects_of_the_schools_level_come_first_and_the_list_is_folded(member_client, member):
    member.subjects.set([Subject.objects.get(code="matematika")])
    page = member_client.get("/akun/profil/").content.decode()
    details = page[page.index('<details class="checks"') :]
    details = details[: details.index("</details>")]
    assert " open" not in details.split(">", 1)[0]  # something is chosen: folded
    assert "<summary>Matematika</summary>" in details
    legends = re.findall(r"<legend>(.*?)</legend>", details)
    assert legends == ["Diajarkan di SD", "Mata pelajaran lain"]
    sd, other = details.split("</fieldset>", 1)
    assert 'value="guru-kelas"' in sd and 'value="fisika"' not in sd
    assert 'value="fisika"' in other


def test_the_subject_list_is_open_while_nothing_is_chosen(client):
    user = make_user(school=make_school(level=School.Level.SMA))
    client.force_login(user)
    page = client.get("/akun/profil/").content.decode()
    assert '<details class="checks" open>' in page
    assert "Diajarkan di SMA" in page


def test_choosing_subjects_in_the_folded_list_saves_them(member_client, member):
    data = {
        "full_name": member.full_name,
        "time_zone": "Asia/Jakarta",
        "language": "id",
        "subjects": ["matematika", "fisika", "guru-kelas", "ipas"],
        "phases": [Phase.objects.first().pk],
    }
    assert member_client.post("/akun/profil/", data).status_code == 302
    assert member.subjects.count() == 4
    page = member_client.get("/akun/profil/").content.decode()
    assert "dan 1 lainnya</summary>" in page
