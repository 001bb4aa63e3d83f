"""A stakeholder of a district map linked to an account: who may link (and whom), what the map
shows, what the person named sees and how they decline, the log, bounded queries."""

import pytest
from django.urls import reverse

from komunitas.accounts.models import Regency, User
from komunitas.communities.actions import (
    do_add_member,
    do_delete_stakeholder,
    do_link_stakeholder,
    do_unlink_stakeholder,
)
from komunitas.communities.models import LogEntry, Stakeholder
from komunitas.communities.models.stakeholders import StakeholderLinkError
from komunitas.notifications.models import Notification
from tests.communities.conftest import BANTUL, SLEMAN
from tests.factories import make_community, make_school, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_sleman")]

MAP = f"/k/wilayah/{SLEMAN}/"
MINE = "/k/wilayah/saya/"


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _stakeholder(community=None, **fields):
    """Added by nobody in particular (so only the fasilitators of ``community``, the Dinas of
    Sleman and operators may link it)."""
    defaults = {"regency_id": SLEMAN, "name": "Kepala Bidang GTK", "kind": "dinas"}
    stakeholder = Stakeholder.objects.create(**{**defaults, **fields})
    if community is not None:
        stakeholder.communities.set([community])
    return stakeholder


def _link_url(stakeholder):
    return f"{MAP}pemangku/{stakeholder.pk}/akun/"


# --- who may link: fasilitator / anggota / mitra / outsider / anonymous, public and private

LINK_MATRIX = {
    "fasilitator": "Y",  # of the community the stakeholder supports: its stakeholder map
    "anggota": ".",  # does not share in the district map
    "mitra": ".",  # shares in it, but the entry is not theirs to link
    "outsider": ".",
    "dinas": "Y",  # the Dinas of the district may change every entry
    "dinas_elsewhere": ".",
    "operator": "Y",
    "anonymous": ".",
}


@pytest.mark.parametrize("visibility", ["public", "private"])
@pytest.mark.parametrize(("person", "cell"), LINK_MATRIX.items())
def test_who_may_link_a_stakeholder(
    client, people, public_community, private_community, visibility, person, cell
):
    community = public_community if visibility == "public" else private_community
    stakeholder = _stakeholder(community)
    if person != "anonymous":
        client.force_login(people[person])
    page = client.get(_link_url(stakeholder))
    unlink = client.post(f"{_link_url(stakeholder)}lepas/")
    if person == "anonymous":
        assert page.status_code == unlink.status_code == 302
        assert "/akun/masuk/" in page["Location"]
    else:
        assert page.status_code == (200 if cell == "Y" else 403)
        assert unlink.status_code == (302 if cell == "Y" else 403)


def test_a_fasilitator_may_not_link_a_stakeholder_of_communities_they_do_not_lead(
    login, fasilitator
):
    other = make_community(regency_id=SLEMAN, province_id="34")
    assert login(fasilitator).get(_link_url(_stakeholder(other))).status_code == 403
    assert login(fasilitator).get(_link_url(_stakeholder())).status_code == 403
    # ... unless they added it themselves.
    mine = _stakeholder(added_by=fasilitator)
    assert login(fasilitator).get(_link_url(mine)).status_code == 200


def test_the_list_offers_linking_only_to_those_who_may(login, people, public_community):
    stakeholder = _stakeholder(public_community)
    link = f'href="{_link_url(stakeholder)}"'
    assert link in login(people["fasilitator"]).get(f"{MAP}pemangku/").content.decode()
    assert link not in login(people["mitra"]).get(f"{MAP}pemangku/").content.decode()


# --- linking, and what the map shows


def test_a_fasilitator_links_a_partner_who_hears_of_it_and_sees_the_map_name_them(
    login, people, partner, public_community, private_community, commit, run_worker
):
    stakeholder = _stakeholder(private_community, name="Kepala SD Negeri Contoh")
    client = login(people["fasilitator"])
    with commit():
        response = client.post(_link_url(stakeholder), {"account": partner.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{MAP}pemangku/#s{stakeholder.pk}"
    stakeholder.refresh_from_db()
    assert (stakeholder.account, stakeholder.account_linked_by) == (partner, people["fasilitator"])

    event = LogEntry.objects.get(kind=LogEntry.Kind.STAKEHOLDER_LINKED)
    assert (event.community, event.regency_id, event.actor, event.subject_user) == (
        None,
        SLEMAN,
        people["fasilitator"],
        partner,
    )
    assert event.data == {"stakeholder": stakeholder.pk, "name": "Kepala SD Negeri Contoh"}

    run_worker()
    notification = Notification.objects.get(event__kind="communities.stakeholder_named")
    assert notification.recipient == partner
    assert notification.event.url == f"{MINE}#s{stakeholder.pk}"
    _english(partner)
    centre = login(partner).get("/notifikasi/").content.decode()
    assert "named you as a stakeholder on the district map of" in centre
    assert private_community.name not in centre  # never named in a notification

    listing = client.get(f"{MAP}pemangku/").content.decode()
    assert f'href="{reverse("accounts:profile", args=[partner.pk])}">Endang Susanti' in listing
    grid = client.get(MAP).content.decode()
    assert 'Kepala SD Negeri Contoh</a> <span class="tag">' in grid


def test_the_map_says_in_indonesian_who_is_on_the_platform(login, people, partner):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    client = login(people["fasilitator"])
    assert "Di platform:" in client.get(f"{MAP}pemangku/").content.decode()
    assert "di platform" in client.get(MAP).content.decode()
    _english(people["fasilitator"])
    assert "On the platform:" in client.get(f"{MAP}pemangku/").content.decode()


def test_linking_by_the_whole_e_mail_address_reaches_any_account(login, people, outsider):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    response = login(people["fasilitator"]).post(
        _link_url(stakeholder), {"email": "  BUDI@contoh.test "}
    )
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.account == outsider


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "budi@contoh"}, "Enter a valid email address."),
        ({"email": "budi@"}, "Enter a valid email address."),
        ({"email": "bud@contoh.test"}, "No account uses this address."),
        ({}, "Choose one person, or give one e-mail address."),
        ({"email": "budi@contoh.test", "account": "self"}, "Choose one person, or give one"),
        ({"account": "outsider"}, "Select a valid choice."),  # not suggested: not by id either
        ({"account": "99999"}, "Select a valid choice."),
        ({"account": "x<y"}, "Select a valid choice."),
    ],
)
def test_bad_link_input_gives_the_text_back(login, people, outsider, data, message):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    data = dict(data)
    if data.get("account") == "self":
        data["account"] = people["mitra"].pk
    elif data.get("account") == "outsider":
        data["account"] = outsider.pk
    client = login(_english(people["fasilitator"]))
    response = client.post(_link_url(stakeholder), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if data.get("email"):
        assert f'value="{data["email"]}"' in html
    stakeholder.refresh_from_db()
    assert stakeholder.account is None
    assert not LogEntry.objects.filter(kind=LogEntry.Kind.STAKEHOLDER_LINKED).exists()


def test_linking_another_person_unlinks_the_first_in_the_log(login, people, partner):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    response = login(people["fasilitator"]).post(
        _link_url(stakeholder), {"account": people["dinas"].pk}
    )
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.account == people["dinas"]
    unlinked = LogEntry.objects.get(kind=LogEntry.Kind.STAKEHOLDER_UNLINKED)
    assert (unlinked.subject_user, unlinked.actor) == (partner, people["fasilitator"])
    assert f'id="s{stakeholder.pk}"' not in login(partner).get(MINE).content.decode()


def test_someone_already_linked_is_not_linked_twice(login, people, partner):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    client = login(_english(people["fasilitator"]))
    response = client.post(_link_url(stakeholder), {"account": partner.pk})
    assert response.status_code == 400
    assert "already linked to this entry" in response.content.decode()
    assert LogEntry.objects.filter(kind=LogEntry.Kind.STAKEHOLDER_LINKED).count() == 1


# --- whom one may choose: never a way to list everyone


def test_the_suggestions_are_the_people_of_the_communities_one_may_see(
    login, people, partner, public_community, private_community
):
    school = make_school()
    public_community.schools.set([school])
    principal = make_user(full_name="Kepala Sekolah Anggota", role=User.Role.KEPALA_SEKOLAH)
    principal.school = school
    principal.save()
    pengawas = make_user(full_name="Pengawas Sekolah Anggota", role=User.Role.PENGAWAS)
    pengawas.supervised_schools.set([school])
    secret_partner = make_user(full_name="Mitra Lingkar Rahasia", role=User.Role.PENGAWAS)
    do_add_member(community=private_community, user=secret_partner, role="mitra")
    strangers = [
        make_user(full_name="Kepala Sekolah Lain", role=User.Role.KEPALA_SEKOLAH),
        make_user(full_name="Guru Biasa"),
        people["dinas_elsewhere"],
        people["outsider"],
        people["anggota"],
    ]
    gone = make_user(full_name="Mitra Nonaktif", is_active=False)
    do_add_member(community=public_community, user=gone, role="mitra")

    stakeholder = _stakeholder(public_community)
    page = login(people["fasilitator"]).get(_link_url(stakeholder)).content.decode()
    for person in (partner, principal, pengawas, secret_partner, people["dinas"]):
        assert f'value="{person.pk}"' in page, person
    for person in [*strangers, gone]:
        assert f'value="{person.pk}"' not in page, person

    # The Dinas does not see the private community: its partner is not suggested to them.
    page = login(people["dinas"]).get(_link_url(stakeholder)).content.decode()
    assert f'value="{secret_partner.pk}"' not in page
    assert f'value="{partner.pk}"' in page
    assert private_community.name not in page
    response = login(people["dinas"]).post(_link_url(stakeholder), {"account": secret_partner.pk})
    assert response.status_code == 400


def test_the_suggestions_narrow_by_name(login, people, partner):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    client = login(people["fasilitator"])
    page = client.get(f"{_link_url(stakeholder)}?q=endang").content.decode()
    assert f'value="{partner.pk}"' in page and f'value="{people["dinas"].pk}"' not in page
    assert 'value="endang"' in page
    assert client.get(f"{_link_url(stakeholder)}?q=" + "x" * 500).status_code == 200


# --- what the person named sees, and declining


def test_the_person_named_sees_the_entry_and_only_the_communities_they_may_see(
    login, people, outsider, public_community, private_community
):
    stakeholder = _stakeholder(
        name="Pak Budi",
        support="Ruang rapat",
        engagement="Undang tiap bulan",
        added_by=people["fasilitator"],
    )
    stakeholder.communities.set([public_community, private_community])
    do_link_stakeholder(stakeholder=stakeholder, account=outsider, by=people["fasilitator"])
    page = login(_english(outsider)).get(MINE).content.decode()
    assert "Pak Budi" in page and "Ruang rapat" in page and "Undang tiap bulan" in page
    assert public_community.name in page
    assert private_community.name not in page  # never named to an outsider
    assert f'href="{MAP}"' not in page  # they do not share in the map: named, not linked
    assert "Ratna Kusuma" in page  # who linked them

    # A member of both sees both, and the map they share in.
    do_unlink_stakeholder(stakeholder=stakeholder, by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=people["mitra"], by=people["fasilitator"])
    page = login(people["mitra"]).get(MINE).content.decode()
    assert private_community.name in page and f'href="{MAP}"' in page


def test_the_person_named_declines_and_is_not_linked_again(login, people, partner, commit):
    stakeholder = _stakeholder(added_by=people["fasilitator"], name="Kepala SD")
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    client = login(_english(partner))
    response = client.post(f"{MINE}{stakeholder.pk}/tolak/")
    assert response.status_code == 302 and response["Location"] == MINE
    stakeholder.refresh_from_db()
    assert stakeholder.account is None and stakeholder.declined_by == partner
    assert stakeholder.deleted_at is None  # the entry stays as written
    event = LogEntry.objects.get(kind=LogEntry.Kind.STAKEHOLDER_DECLINED)
    assert (event.actor, event.subject_user, event.regency_id) == (partner, partner, SLEMAN)
    assert "No district map links an entry to your account" in client.get(MINE).content.decode()

    fasilitator = login(_english(people["fasilitator"]))
    response = fasilitator.post(_link_url(stakeholder), {"account": partner.pk})
    assert response.status_code == 400
    assert "asked not to be linked to this entry" in response.content.decode()
    with pytest.raises(StakeholderLinkError):
        do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["dinas"])
    assert "asked not to be linked" in fasilitator.get(_link_url(stakeholder)).content.decode()


@pytest.mark.parametrize("person", ["fasilitator", "anggota", "mitra", "outsider", "dinas"])
def test_only_the_person_named_may_decline(client, people, person):
    named = make_user(full_name="Kepala SD Lain", role=User.Role.KEPALA_SEKOLAH)
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=named, by=people["fasilitator"])
    client.force_login(people[person])
    assert client.post(f"{MINE}{stakeholder.pk}/tolak/").status_code == 404
    assert client.get(f"{MINE}{stakeholder.pk}/tolak/").status_code == 405
    assert f'id="s{stakeholder.pk}"' not in client.get(MINE).content.decode()
    stakeholder.refresh_from_db()
    assert stakeholder.account == named


def test_anonymous_people_are_sent_to_log_in(client, people, partner):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    assert "/akun/masuk/" in client.get(MINE)["Location"]
    assert "/akun/masuk/" in client.post(f"{MINE}{stakeholder.pk}/tolak/")["Location"]
    stakeholder.refresh_from_db()
    assert stakeholder.account == partner


def test_unlinking_keeps_the_entry_and_the_person_hears_nothing_after(
    login, people, partner, commit, run_worker
):
    stakeholder = _stakeholder(added_by=people["fasilitator"], name="Kepala SD")
    with commit():
        do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    do_unlink_stakeholder(stakeholder=stakeholder, by=people["fasilitator"])
    run_worker()  # the fan-out asks again: no longer linked, nobody hears
    assert not Notification.objects.filter(event__kind="communities.stakeholder_named").exists()
    stakeholder.refresh_from_db()
    assert stakeholder.account is None and stakeholder.declined_by is None
    assert Stakeholder.objects.alive().filter(pk=stakeholder.pk).exists()
    assert LogEntry.objects.filter(kind=LogEntry.Kind.STAKEHOLDER_UNLINKED).count() == 1
    # Unlinked by the fasilitator (not declined): they may link them again.
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    response = login(people["fasilitator"]).post(f"{_link_url(stakeholder)}lepas/")
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.account is None


def test_a_removed_entry_no_longer_shows_to_the_person_named(login, people, partner):
    stakeholder = _stakeholder(added_by=people["fasilitator"], name="Kepala SD Lama")
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    do_delete_stakeholder(stakeholder=stakeholder, by=people["fasilitator"])
    assert "Kepala SD Lama" not in login(partner).get(MINE).content.decode()
    with pytest.raises(StakeholderLinkError):
        do_link_stakeholder(
            stakeholder=stakeholder, account=people["dinas"], by=people["fasilitator"]
        )


def test_the_operators_log_shows_the_district_changes(login, people, partner, operator):
    stakeholder = _stakeholder(added_by=people["fasilitator"])
    do_link_stakeholder(stakeholder=stakeholder, account=partner, by=people["fasilitator"])
    page = login(_english(operator)).get("/k/moderasi/log/").content.decode()
    assert "stakeholder linked to an account" in page
    assert f'href="{MAP}"' in page
    page = login(operator).get("/k/moderasi/log/?kind=stakeholder_linked").content.decode()
    assert "Endang Susanti" in page


def test_the_home_page_leads_principals_to_where_they_are_named(login, people, partner):
    assert f'href="{MINE}"' in login(partner).get("/").content.decode()
    assert f'href="{MINE}"' not in login(people["anggota"]).get("/").content.decode()


# --- queries


def test_the_stakeholder_pages_run_the_same_queries_for_few_or_many(
    login, people, partner, public_community, django_assert_max_num_queries
):
    fasilitator = people["fasilitator"]
    first = _stakeholder(public_community)

    def add(n):
        for i in range(n):
            person = make_user(role=User.Role.PENGAWAS)
            community = make_community(fasilitator, regency_id=SLEMAN, province_id="34")
            do_add_member(community=community, user=person, role="mitra")
            stakeholder = _stakeholder(community, name=f"Orang {i}", added_by=fasilitator)
            do_link_stakeholder(stakeholder=stakeholder, account=person, by=fasilitator)
            other = _stakeholder(community, name=f"Tanpa akun {i}")
            do_link_stakeholder(stakeholder=other, account=partner, by=fasilitator)

    for user, url in (
        (fasilitator, f"{MAP}pemangku/"),
        (fasilitator, MAP),
        (fasilitator, _link_url(first)),
        (people["dinas"], f"{MAP}pemangku/"),
        (people["dinas"], _link_url(first)),
        (partner, MINE),
    ):
        client = login(User.objects.get(pk=user.pk))  # nothing cached on the user
        add(1)
        with django_assert_max_num_queries(15) as few:
            assert client.get(url).status_code == 200
        add(12)
        with django_assert_max_num_queries(15) as many:
            assert client.get(url).status_code == 200
        assert len(few.captured_queries) == len(many.captured_queries), url


def test_a_district_of_its_own_keeps_its_stakeholders(login, people, partner, operator):
    """An operator links a stakeholder of another district; Sleman's people see nothing of it."""
    bantul_entry = _stakeholder(regency_id=BANTUL, name="Orang Bantul")
    client = login(operator)
    assert client.get(f"/k/wilayah/{BANTUL}/pemangku/{bantul_entry.pk}/akun/").status_code == 200
    assert client.get(f"{MAP}pemangku/{bantul_entry.pk}/akun/").status_code == 404
    assert Regency.objects.get(code=BANTUL).stakeholders.count() == 1
