"""Suggestions of members to mention while writing (the "@" autocomplete).

The endpoint answers an HTML fragment of options for the letters typed after "@"; only people who
may write in the community get it, it lists only active members of that community, at most eight,
and what it inserts is what the mention parser recognises.
"""

import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from komunitas.communities.actions import do_add_member, do_remove_member
from komunitas.communities.models import Membership
from komunitas.discussions.mentions import find_mentions, mentionable, suggest_mentions
from komunitas.discussions.models import Mention
from komunitas.permissions import can
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _url(community):
    return reverse("discussions:mentions", args=[community.slug])


def _names(response) -> list[str]:
    assert response.status_code == 200
    found = re.findall(r'data-mention="([^"]*)"', response.content.decode())
    return [html.unescape(name) for name in found]


def _ask(client, community, q):
    return client.get(_url(community), {"q": q})


# --- what it suggests


def test_a_member_finds_colleagues_by_the_start_of_any_word_of_their_name(
    login, member, colleague, fasilitator, public_community
):
    client = login(member)
    assert _names(_ask(client, public_community, "jo")) == ["Joko Widodo"]
    assert _names(_ask(client, public_community, "wid")) == ["Joko Widodo"]
    assert _names(_ask(client, public_community, "Ratna K")) == ["Ratna Kusuma"]
    assert _names(_ask(client, public_community, "  ratna   kus ")) == ["Ratna Kusuma"]
    assert _names(_ask(client, public_community, "odo")) == []  # not the middle of a word


def test_names_starting_with_the_letters_come_first_and_at_most_eight(
    login, member, public_community
):
    suffixes = ["Anggraini", "Bestari", "Citra", "Dara", "Eka", "Fitri", "Gita"]
    others = ["Sari Dewi", "Dewi Lestari", "Dewanti Putri", "Ahmad Dewantoro"]
    for n, name in enumerate(others + [f"Dewi {suffix}" for suffix in suffixes]):
        do_add_member(
            community=public_community, user=make_user(f"dewi{n}@contoh.test", full_name=name)
        )
    names = _names(_ask(login(member), public_community, "dew"))
    assert len(names) == 8
    starting = [name for name in names if name.lower().startswith("dew")]
    assert names[: len(starting)] == starting  # those starting with "dew" first,
    assert starting == sorted(starting)  # by name
    assert "Sari Dewi" not in names  # the ninth and later fall off


def test_only_active_members_of_that_community_and_never_the_writer(
    login, member, colleague, outsider, fasilitator, public_community, private_community
):
    # Budi belongs to the private community only; Joko left; Wati's account is closed.
    do_add_member(community=private_community, user=outsider)
    Membership.objects.filter(community=public_community, user=colleague).update(
        status=Membership.Status.LEFT
    )
    wati = make_user("wati@contoh.test", full_name="Wati Budiman", is_active=False)
    do_add_member(community=public_community, user=wati)
    client = login(member)
    assert _names(_ask(client, public_community, "bud")) == []
    assert _names(_ask(client, public_community, "jok")) == []
    assert _names(_ask(client, public_community, "siti")) == []  # Siti is asking
    assert _names(_ask(client, private_community, "bud")) == ["Budi Santoso"]


def test_every_suggestion_is_recognised_as_a_mention_once_sent(
    login, member, public_community, question
):
    for n, name in enumerate(["Dra. Nur'aini", "Made Wiryawan-Putra", "Nur Hasanah", "Nurul"]):
        do_add_member(
            community=public_community, user=make_user(f"nur{n}@contoh.test", full_name=name)
        )
    # A name "@" cannot carry as it is written (a comma, a digit) is not offered.
    do_add_member(
        community=public_community, user=make_user("gelar@contoh.test", full_name="Nur Aini, S.Pd.")
    )
    do_add_member(
        community=public_community, user=make_user("angka@contoh.test", full_name="Nur 2")
    )
    client = login(member)
    names = _names(_ask(client, public_community, "nu"))
    names += _names(_ask(client, public_community, "wir"))
    assert sorted(names) == ["Dra. Nur'aini", "Made Wiryawan-Putra", "Nur Hasanah", "Nurul"]
    for name in names:
        found = find_mentions(f"Terima kasih @{name} atas sarannya.", public_community)
        assert [user.full_name for user in found] == [name]
    assert not mentionable("Nur Aini, S.Pd.") and mentionable("Dra. Nur'aini")
    # Sent in a reply, the inserted text notifies the member named.
    client.post(reverse("discussions:reply", args=[question.pk]), {"body": "@Nur Hasanah coba"})
    assert Mention.objects.get().user.full_name == "Nur Hasanah"


@pytest.mark.parametrize(
    "q", ["", "   ", "@", "%", "_", "a%b", "x" * 500, "<script>", "' OR 1=1 --", "\x00", "名"]
)
def test_any_text_gets_a_plain_answer_never_an_error(q, login, member, colleague, public_community):
    response = _ask(login(member), public_community, q)
    assert response.status_code == 200
    assert _names(response) == []
    assert "<script>" not in response.content.decode()


def test_names_are_escaped_in_the_fragment(login, member, public_community):
    do_add_member(
        community=public_community, user=make_user("x@contoh.test", full_name='Ani "><b>x</b>')
    )
    page = _ask(login(member), public_community, "ani").content.decode()
    assert "<b>" not in page


def test_the_answer_is_a_listbox_fragment_the_browser_may_keep_a_minute(
    login, member, colleague, public_community
):
    member.language = "en"  # the member's own language decides (MemberPreferencesMiddleware)
    member.save(update_fields=["language"])
    with translation.override("en"):
        response = _ask(login(member), public_community, "jo")
    page = response.content.decode()
    assert page.startswith("<ul") and "<html" not in page
    assert 'role="option"' in page and 'aria-selected="false"' in page
    assert "Member (anggota)" in page  # the role in the community tells namesakes apart
    assert "1 member found." in page
    assert "private" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_indonesian_by_default(login, member, colleague, public_community):
    with translation.override("id"):
        page = _ask(login(member), public_community, "jo").content.decode()
    assert "1 anggota ditemukan." in page and ">Anggota<" in page


def test_only_get(login, member, public_community):
    assert login(member).post(_url(public_community), {"q": "jo"}).status_code == 405


# --- who may ask


def _people(fasilitator, member, partner, outsider, operator, community):
    removed = make_user("keluar@contoh.test", full_name="Keluar Saja")
    do_remove_member(
        membership=do_add_member(community=community, user=removed), by=fasilitator, reason="Spam"
    )
    return {
        "fasilitator": fasilitator,
        "anggota": member,
        "mitra": partner,
        "outsider": outsider,
        "removed": removed,
        "operator": operator,
    }


# What each person gets: 200 the suggestions; 403 a community they may see but not write in;
# 404 a private community that does not exist for them; login the sign-in page.
MATRIX = {
    "public": {"fasilitator": 200, "anggota": 200, "mitra": 200, "outsider": 403,
               "removed": 403, "operator": 403},
    "private": {"fasilitator": 200, "anggota": 200, "mitra": 200, "outsider": 404,
                "removed": 404, "operator": 403},
}  # fmt: skip


@pytest.mark.parametrize("which", ["public", "private"])
def test_the_permission_matrix(
    which, client, fasilitator, member, partner, outsider, operator, colleague, request
):
    community = request.getfixturevalue(f"{which}_community")
    people = _people(fasilitator, member, partner, outsider, operator, community)
    for who, status in MATRIX[which].items():
        client.force_login(people[who])
        response = _ask(client, community, "jo")
        assert response.status_code == status, who
        assert ("Joko Widodo" in response.content.decode()) == (status == 200), who
        assert can(people[who], "discussions.mention", community) == (status == 200), who
    client.logout()
    response = _ask(client, community, "jo")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    assert not can(AnonymousUser(), "discussions.mention", community)


def test_the_service_checks_the_writer_too(outsider, public_community):
    with pytest.raises(PermissionDenied):
        suggest_mentions(public_community, "jo", writer=outsider)


def test_a_deleted_community_suggests_nothing(login, member, colleague, public_community):
    from django.utils import timezone

    public_community.deleted_at = timezone.now()
    public_community.save(update_fields=["deleted_at"])
    assert _ask(login(member), public_community, "jo").status_code == 404


# --- the forms that offer it


def test_the_forms_of_writers_carry_the_address_and_the_script(
    login, member, colleague, partner, outsider, question, answer, public_community
):
    url = _url(public_community)
    client = login(member)
    for page in (
        client.get(reverse("discussions:create", args=[public_community.slug, "good_practice"])),
        client.get(reverse("discussions:post_edit", args=[question.pk])),
        client.get(question.get_absolute_url()),
    ):
        html = page.content.decode()
        assert f'data-mention-url="{url}"' in html
        assert "discussions/mentions.js" in html
    # Every text of a good practice offers it, the summary and its five sections.
    html = client.get(
        reverse("discussions:create", args=[public_community.slug, "good_practice"])
    ).content.decode()
    assert html.count(f'data-mention-url="{url}"') == 6
    client = login(colleague)
    html = client.get(reverse("discussions:reply_edit", args=[answer.pk])).content.decode()
    assert f'data-mention-url="{url}"' in html
    # A partner replies, so is offered it; an outsider has no form, and no address.
    html = login(partner).get(question.get_absolute_url()).content.decode()
    assert f'data-mention-url="{url}"' in html
    html = login(outsider).get(question.get_absolute_url()).content.decode()
    assert "data-mention-url" not in html and "mentions.js" not in html


def test_without_javascript_the_textarea_is_a_plain_textarea(login, member, public_community):
    html = (
        login(member)
        .get(reverse("discussions:create", args=[public_community.slug, "question"]))
        .content.decode()
    )
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    # The combobox roles are added by the script; the markup sent is a normal labelled field.
    assert "role=" not in textarea and "aria-expanded" not in textarea


# --- cost


def _queries(client, url, q):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": q})
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_community(login, member, private_community):
    client = login(member)
    small = _queries(client, _url(private_community), "ra")
    for n in range(60):
        name = f"Rani {'Abcdefghij'[n % 10]}ahma"
        do_add_member(
            community=private_community, user=make_user(f"ra{n}@contoh.test", full_name=name)
        )
    big = _queries(client, _url(private_community), "ra")
    assert big == small <= 6
    assert len(_names(_ask(client, private_community, "ra"))) == 8
