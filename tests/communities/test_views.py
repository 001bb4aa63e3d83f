import datetime

import pytest
import time_machine
from django.utils import timezone

from komunitas.communities.actions import (
    do_add_member,
    do_ask_to_join,
    do_create_invitation_link,
    do_remove_member,
)
from komunitas.communities.models import (
    Community,
    Invitation,
    JoinRequest,
    LogEntry,
    Membership,
    SupportCommitment,
)
from tests.factories import make_community, make_school, make_user

pytestmark = pytest.mark.django_db

VALID = {
    "name": "KKG Kelas Awal Gugus Mawar",
    "slug": "kkg-mawar",
    "domain": "Membaca permulaan di kelas 1",
    "kind": "antar_sekolah",
    "scope": "gugus",
    "visibility": "public",
    "join_policy": "approval",
    "stage": "merintis",
    "rhythm_frequency": "monthly",
    "rhythm_interval": "1",
    "rhythm_weeks": ["2", "4"],
    "rhythm_weekday": "3",
    "rhythm_time": "14:00",
    "rhythm_zone": "Asia/Jakarta",
    "visi": "Semua anak kelas 1 lancar membaca",
}


# --- discover


def test_the_list_shows_public_communities_but_not_private_ones(
    login, outsider, public_community, private_community
):
    page = login(outsider).get("/k/").content.decode()
    assert public_community.name in page
    assert private_community.name not in page


def test_a_member_finds_their_private_community_in_the_list(login, member, private_community):
    page = login(member).get("/k/?mine=on").content.decode()
    assert private_community.name in page


def test_the_list_filters_by_kind_subject_and_words(login, outsider, fasilitator):
    online = make_community(fasilitator, name="Daring Matematika", kind="daring")
    online.subjects.set(["matematika"])
    make_community(fasilitator, name="KKG Sekolah", kind="sekolah", domain="Literasi")
    client = login(outsider)
    assert "Daring Matematika" in client.get("/k/?kind=daring").content.decode()
    assert "KKG Sekolah" not in client.get("/k/?kind=daring").content.decode()
    assert "KKG Sekolah" not in client.get("/k/?subject=matematika").content.decode()
    assert "KKG Sekolah" in client.get("/k/?q=literasi").content.decode()
    assert client.get("/k/?kind=nonsense&page=abc").status_code == 200


def test_the_list_runs_the_same_queries_for_few_or_many(
    login, outsider, fasilitator, django_assert_max_num_queries
):
    client = login(outsider)
    make_community(fasilitator)
    with django_assert_max_num_queries(8) as few:
        client.get("/k/")
    for _ in range(25):
        make_community(fasilitator)
    with django_assert_max_num_queries(8) as many:
        assert client.get("/k/").status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


# --- start and edit


def test_a_teacher_starts_a_community_and_becomes_its_fasilitator(login, outsider):
    response = login(outsider).post("/k/baru/", VALID)
    assert response.status_code == 302
    community = Community.objects.get(slug="kkg-mawar")
    assert community.role_of(outsider) == Membership.Role.FASILITATOR
    assert community.weeks_of_month == [2, 4]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"slug": "Bukan Alamat!"}, "slug"),
        ({"slug": "baru"}, "reserved"),
        ({"rhythm_weeks": []}, "at least one week"),
        ({"rhythm_weekday": ""}, "day of the meetings"),
        ({"school_npsns": "123, 99999999"}, "8 digits"),
        ({"school_npsns": "99999999"}, "No school"),
        ({"rhythm_interval": "0"}, "greater than or equal"),
        ({"kind": "<script>"}, "Select a valid choice"),
    ],
)
def test_bad_input_gives_the_text_back_with_a_message(login, outsider, change, message):
    outsider.language = "en"
    outsider.save(update_fields=["language"])
    response = login(outsider).post("/k/baru/", {**VALID, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Membaca permulaan di kelas 1" in page
    assert not Community.objects.filter(name=VALID["name"]).exists()


def test_a_taken_address_is_refused(login, outsider, public_community):
    response = login(outsider).post("/k/baru/", {**VALID, "slug": public_community.slug})
    assert response.status_code == 400


def test_the_fasilitator_edits_the_settings(login, fasilitator, public_community):
    school = make_school()
    data = {**VALID, "slug": public_community.slug, "school_npsns": school.npsn}
    response = login(fasilitator).post(f"/k/{public_community.slug}/pengaturan/", data)
    assert response.status_code == 302
    public_community.refresh_from_db()
    assert public_community.domain == VALID["domain"]
    assert list(public_community.schools.all()) == [school]


def test_a_bad_edit_keeps_the_saved_address_in_links(login, fasilitator, public_community):
    data = {**VALID, "slug": "baru", "name": ""}
    response = login(fasilitator).post(f"/k/{public_community.slug}/pengaturan/", data)
    assert response.status_code == 400
    assert f"/k/{public_community.slug}/" in response.content.decode()


def test_members_and_partners_cannot_edit_settings(login, member, partner, public_community):
    assert login(member).get(f"/k/{public_community.slug}/pengaturan/").status_code == 403
    assert login(partner).get(f"/k/{public_community.slug}/pengaturan/").status_code == 403


# --- the community page


def test_the_page_shows_domain_pillars_rhythm_partners_and_commitments(
    login, outsider, public_community, partner
):
    public_community.visi = "Anak belajar sesuai kebutuhannya"
    public_community.rhythm_frequency, public_community.rhythm_weekday = "weekly", 3
    public_community.save()
    SupportCommitment.objects.create(
        community=public_community,
        partner=partner,
        kind="room",
        description="Aula sekolah tiap Kamis",
    )
    page = login(outsider).get(f"/k/{public_community.slug}/").content.decode()
    for text in (
        public_community.domain,
        "Anak belajar sesuai kebutuhannya",
        partner.full_name,
        "Aula sekolah tiap Kamis",
        "3",
    ):
        assert text in page


def test_a_private_community_answers_404_to_outsiders_everywhere(
    login, outsider, private_community
):
    client = login(outsider)
    slug = private_community.slug
    for path in (
        "",
        "pengaturan/",
        "anggota/",
        "gabung/",
        "undangan/",
        "permintaan/",
        "dukungan/baru/",
    ):
        response = client.get(f"/k/{slug}/{path}")
        assert response.status_code == 404, path
        assert private_community.name not in response.content.decode()
    assert client.post(f"/k/{slug}/keluar/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, public_community):
    response = client.get(f"/k/{public_community.slug}/")
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_an_operator_may_open_a_private_community_and_it_is_logged(
    login, operator, private_community
):
    assert login(operator).get(f"/k/{private_community.slug}/").status_code == 200
    assert private_community.log_entries.filter(
        kind=LogEntry.Kind.OPERATOR_ACCESS, actor=operator
    ).exists()


def test_the_community_page_runs_the_same_queries_for_few_or_many(
    login, fasilitator, public_community, partner, django_assert_max_num_queries
):
    client = login(fasilitator)
    url = f"/k/{public_community.slug}/"
    client.get(url)  # warm: the first visit caches the community's subjects and phases
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for n in range(30):
        do_add_member(
            community=public_community, user=make_user(), role="mitra" if n % 5 == 0 else "anggota"
        )
        SupportCommitment.objects.create(
            community=public_community,
            partner=partner,
            kind="speaker",
            description=f"Narasumber {n}",
        )
        do_ask_to_join(community=public_community, user=make_user())
    with django_assert_max_num_queries(15) as many:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


# --- joining and leaving


def test_joining_an_open_community(login, outsider, fasilitator):
    community = make_community(fasilitator, join_policy="open")
    response = login(outsider).post(f"/k/{community.slug}/gabung/")
    assert response.status_code == 302
    assert community.role_of(outsider) == Membership.Role.ANGGOTA


def test_asking_to_join_then_the_fasilitator_approves(
    login, outsider, fasilitator, public_community
):
    client = login(outsider)
    client.post(f"/k/{public_community.slug}/gabung/", {"message": "Guru kelas 2"})
    request = JoinRequest.objects.get(user=outsider)
    assert request.message == "Guru kelas 2"
    client = login(fasilitator)
    assert "Guru kelas 2" in client.get(f"/k/{public_community.slug}/permintaan/").content.decode()
    client.post(f"/k/{public_community.slug}/permintaan/{request.pk}/setujui/")
    assert public_community.role_of(outsider) == Membership.Role.ANGGOTA


def test_declining_asks_for_a_reason_that_the_teacher_sees(
    login, outsider, fasilitator, public_community
):
    request = do_ask_to_join(community=public_community, user=outsider)
    url = f"/k/{public_community.slug}/permintaan/{request.pk}/tolak/"
    client = login(fasilitator)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Khusus guru Gugus Melati"}).status_code == 302
    page = login(outsider).get(f"/k/{public_community.slug}/").content.decode()
    assert "Khusus guru Gugus Melati" in page


def test_a_long_request_message_gives_400_not_500(login, outsider, public_community):
    response = login(outsider).post(f"/k/{public_community.slug}/gabung/", {"message": "x" * 5000})
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_the_last_fasilitator_is_told_why_they_cannot_leave(login, fasilitator, public_community):
    response = login(fasilitator).post(f"/k/{public_community.slug}/keluar/", follow=True)
    assert "fasilitator" in response.content.decode()
    assert public_community.role_of(fasilitator) == Membership.Role.FASILITATOR


def test_a_member_leaves(login, member, public_community):
    login(member).post(f"/k/{public_community.slug}/keluar/")
    assert Membership.objects.get(user=member, community=public_community).status == "left"


# --- invitations


def test_an_email_invitation_is_sent_once_the_transaction_commits(
    login, fasilitator, public_community, mailoutbox, mailed
):
    client = login(fasilitator)
    with mailed():
        response = client.post(
            f"/k/{public_community.slug}/undangan/",
            {
                "form": "email",
                "email": "pengawas@contoh.test",
                "role": "mitra",
                "message": "Mohon dukungan Bapak",
            },
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["pengawas@contoh.test"]
    invitation = Invitation.objects.get(email="pengawas@contoh.test")
    assert invitation.token in mail.body
    assert "Mohon dukungan Bapak" in mail.alternatives[0][0]


def test_inviting_a_teacher_as_partner_is_refused(
    login, fasilitator, public_community, outsider, mailoutbox
):
    response = login(fasilitator).post(
        f"/k/{public_community.slug}/undangan/",
        {"form": "email", "email": outsider.email, "role": "mitra"},
    )
    assert response.status_code == 400
    assert outsider.email in response.content.decode()
    assert not Invitation.objects.exists()


def test_bad_invitation_input_gives_400(login, fasilitator, public_community):
    client = login(fasilitator)
    url = f"/k/{public_community.slug}/undangan/"
    assert client.post(url, {"form": "email", "email": "bukan-email"}).status_code == 400
    assert client.post(url, {"form": "link", "days": "999"}).status_code == 400
    assert client.post(url, {"form": "link", "days": "x"}).status_code == 400


def test_a_link_is_made_shared_on_whatsapp_and_revoked(login, fasilitator, public_community):
    client = login(fasilitator)
    url = f"/k/{public_community.slug}/undangan/"
    client.post(url, {"form": "link", "days": "7", "max_uses": "20"})
    link = Invitation.objects.get(kind="link")
    page = client.get(url).content.decode()
    assert "https://wa.me/?text=" in page
    assert link.token in page
    client.post(f"{url}{link.pk}/cabut/")
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_an_outsider_joins_a_private_community_with_its_link(
    login, outsider, fasilitator, private_community
):
    link = do_create_invitation_link(
        community=private_community, by=fasilitator, days=7, max_uses=5
    )
    client = login(outsider)
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    assert private_community.name in page.content.decode()
    response = client.post(link.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == f"/k/{private_community.slug}/"
    assert private_community.role_of(outsider) == Membership.Role.ANGGOTA


def test_a_token_of_another_community_answers_404(
    login, outsider, fasilitator, public_community, private_community
):
    link = do_create_invitation_link(
        community=private_community, by=fasilitator, days=7, max_uses=5
    )
    response = login(outsider).get(f"/k/{public_community.slug}/u/{link.token}/")
    assert response.status_code == 404
    assert login(outsider).get(f"/k/{public_community.slug}/u/nothing/").status_code == 404


def test_an_expired_link_says_so_and_does_not_join(login, outsider, fasilitator, private_community):
    link = do_create_invitation_link(
        community=private_community, by=fasilitator, days=1, max_uses=5
    )
    outsider.language = "en"
    outsider.save(update_fields=["language"])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        client = login(outsider)
        page = client.get(link.get_absolute_url())
        assert "has expired" in page.content.decode()
        # Nothing of the private community shows on a link that no longer works (issue 14.11).
        assert page.status_code == 404
        assert private_community.name not in page.content.decode()
        assert client.post(link.get_absolute_url()).status_code == 404
    assert private_community.role_of(outsider) is None


# --- the member directory and its management


def test_the_directory_filters_by_role_school_and_subject(login, member, partner, public_community):
    other_school = make_school()
    teacher = make_user(full_name="Wahyu Kusuma", school=other_school)
    teacher.subjects.set(["matematika"])
    do_add_member(community=public_community, user=teacher)
    client = login(member)
    url = f"/k/{public_community.slug}/anggota/"
    assert "Wahyu Kusuma" in client.get(url).content.decode()
    assert "Wahyu Kusuma" not in client.get(f"{url}?role=mitra").content.decode()
    assert partner.full_name in client.get(f"{url}?role=mitra").content.decode()
    assert "Wahyu Kusuma" in client.get(f"{url}?school={other_school.pk}").content.decode()
    page = client.get(f"{url}?subject=matematika").content.decode()
    assert "Wahyu Kusuma" in page and member.full_name not in page
    assert client.get(f"{url}?school=abc&role=raja").status_code == 200


def test_outsiders_do_not_see_the_directory(login, outsider, public_community):
    assert login(outsider).get(f"/k/{public_community.slug}/anggota/").status_code == 403


def test_the_directory_does_not_show_contact_details(login, member, fasilitator, public_community):
    fasilitator.whatsapp = "+6281234500001"
    fasilitator.save()
    page = login(member).get(f"/k/{public_community.slug}/anggota/").content.decode()
    assert fasilitator.email not in page and "6281234500001" not in page


def test_the_directory_runs_the_same_queries_for_few_or_many(
    login, fasilitator, public_community, django_assert_max_num_queries
):
    client = login(fasilitator)
    url = f"/k/{public_community.slug}/anggota/"
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(40):
        user = make_user(school=make_school())
        user.subjects.set(["matematika", "ipas"])
        do_add_member(community=public_community, user=user)
    with django_assert_max_num_queries(15) as many:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_the_fasilitator_adds_a_fasilitator_and_hands_over(
    login, fasilitator, member, public_community
):
    client = login(fasilitator)
    mine = public_community.membership_of(fasilitator)
    theirs = public_community.membership_of(member)
    client.post(f"/k/{public_community.slug}/anggota/{theirs.pk}/peran/", {"role": "fasilitator"})
    response = client.post(
        f"/k/{public_community.slug}/anggota/{mine.pk}/peran/", {"role": "anggota"}
    )
    assert response["Location"] == f"/k/{public_community.slug}/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.role, theirs.role) == ("anggota", "fasilitator")


def test_the_last_fasilitator_cannot_step_down_by_the_form(login, fasilitator, public_community):
    mine = public_community.membership_of(fasilitator)
    client = login(fasilitator)
    client.post(f"/k/{public_community.slug}/anggota/{mine.pk}/peran/", {"role": "anggota"})
    client.post(f"/k/{public_community.slug}/anggota/{mine.pk}/peran/", {"role": "raja"})
    mine.refresh_from_db()
    assert mine.role == "fasilitator"


def test_removing_a_member_needs_a_reason_they_later_see(
    login, fasilitator, member, public_community, commit, run_worker
):
    theirs = public_community.membership_of(member)
    url = f"/k/{public_community.slug}/anggota/{theirs.pk}/keluarkan/"
    client = login(fasilitator)
    assert client.post(url, {"reason": "  "}).status_code == 400
    with commit():
        assert client.post(url, {"reason": "Mengirim iklan berulang kali"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == "removed"
    run_worker()
    # The member hears of it, with the reason, in their notifications.
    centre = login(member).get("/notifikasi/").content.decode()
    assert "Mengirim iklan berulang kali" in centre


def test_members_cannot_manage_members(login, member, fasilitator, public_community):
    theirs = public_community.membership_of(fasilitator)
    client = login(member)
    url = f"/k/{public_community.slug}/anggota/{theirs.pk}/"
    assert client.post(f"{url}peran/", {"role": "anggota"}).status_code == 403
    assert client.post(f"{url}keluarkan/", {"reason": "x"}).status_code == 403


# --- partners' commitments


def test_a_partner_records_a_commitment_and_the_fasilitator_marks_it_delivered(
    login, partner, fasilitator, public_community
):
    url = f"/k/{public_community.slug}/dukungan/baru/"
    response = login(partner).post(
        url,
        {
            "partner": partner.pk,
            "kind": "room",
            "description": "Ruang kelas untuk pertemuan",
            "status": "proposed",
            "due_date": "2026-02-01",
        },
    )
    assert response.status_code == 302
    commitment = SupportCommitment.objects.get()
    edit = f"/k/{public_community.slug}/dukungan/{commitment.pk}/"
    login(fasilitator).post(
        edit,
        {
            "partner": partner.pk,
            "kind": "room",
            "description": "Ruang kelas",
            "status": "delivered",
        },
    )
    commitment.refresh_from_db()
    assert commitment.status == "delivered"
    changes = public_community.log_entries.filter(kind=LogEntry.Kind.COMMITMENT_CHANGED)
    assert [e.data["change"] for e in changes.order_by("pk")] == ["created", "updated"]


def test_a_partner_cannot_record_support_in_another_partners_name(login, partner, public_community):
    other = make_user(role="dinas")
    do_add_member(community=public_community, user=other, role="mitra")
    response = login(partner).post(
        f"/k/{public_community.slug}/dukungan/baru/",
        {"partner": other.pk, "kind": "funds", "description": "Dana", "status": "agreed"},
    )
    assert response.status_code == 400
    assert "Dana" in response.content.decode()


def test_bad_commitment_input_gives_400(login, partner, public_community):
    response = login(partner).post(
        f"/k/{public_community.slug}/dukungan/baru/",
        {"partner": partner.pk, "kind": "emas", "description": "", "due_date": "31-31-2026"},
    )
    assert response.status_code == 400


def test_members_cannot_record_commitments(login, member, public_community):
    assert login(member).get(f"/k/{public_community.slug}/dukungan/baru/").status_code == 403


def test_deleting_a_commitment_is_soft(login, partner, public_community):
    commitment = SupportCommitment.objects.create(
        community=public_community, partner=partner, kind="time", description="Jam pelajaran"
    )
    login(partner).post(f"/k/{public_community.slug}/dukungan/{commitment.pk}/hapus/")
    commitment.refresh_from_db()
    assert commitment.deleted_at is not None
    page = login(partner).get(f"/k/{public_community.slug}/").content.decode()
    assert "Jam pelajaran" not in page


# --- the home page


def test_the_home_page_lists_my_communities(login, member, public_community, private_community):
    page = login(member).get("/").content.decode()
    assert public_community.name in page and private_community.name in page


def test_the_home_page_of_an_outsider_does_not_leak_private_names(
    login, outsider, private_community
):
    assert private_community.name not in login(outsider).get("/").content.decode()


def test_the_community_page_finds_a_removal_without_a_query_of_its_own(
    login, fasilitator, member, outsider, public_community
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    do_remove_member(
        membership=public_community.membership_of(member), by=fasilitator, reason="Iklan berulang"
    )
    client = login(member)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(public_community.get_absolute_url())
    assert page.status_code == 200
    assert page.context["membership"] is None
    assert page.context["removed"].removal_reason == "Iklan berulang"
    membership_queries = [q for q in queries if 'FROM "communities_membership"' in q["sql"]]
    assert not any("'removed'" in q["sql"] for q in membership_queries)
    other = login(outsider).get(public_community.get_absolute_url())
    assert other.context["removed"] is None and other.context["membership"] is None


STORY_TEXT_FIELDS = ("activity", "gained", "applied", "changed")


def _practice(community, author, fasilitator, n):
    """``n`` open questions, ``n`` solved ones applied in class, ``n`` resources and stories."""
    import datetime

    from komunitas.discussions.actions import (
        do_create_post,
        do_mark_solution,
        do_record_application,
        do_reply,
    )
    from komunitas.insights.models import Story
    from komunitas.pustaka.models import Resource

    for i in range(n):
        do_create_post(
            author=author,
            community=community,
            kind="question",
            title=f"Tanya {i}",
            check_rate=False,
        )
        solved = do_create_post(
            author=author,
            community=community,
            kind="challenge",
            title=f"Atasi {i}",
            check_rate=False,
        )
        reply = do_reply(post=solved, author=fasilitator, body="Coba begini.")
        do_mark_solution(post=solved, reply=reply, by=author)
        do_record_application(
            member=author,
            target=solved,
            applied_on=datetime.date.today(),
            class_name="4B",
            what_happened="Berhasil.",
            outcome="better",
        )
        Resource.objects.create(
            community=community, title=f"Modul {i}", kind="modul_ajar", added_by=fasilitator
        )
        Story.objects.create(
            community=community,
            author=author,
            title=f"Cerita {i}",
            **dict.fromkeys(STORY_TEXT_FIELDS, "x"),
        )


def test_the_community_page_shows_its_practice_within_its_query_budget(
    login, fasilitator, member, public_community, django_assert_max_num_queries
):
    """Pilot: the page listed only joins and linked to none of the community's practice."""
    client = login(member)
    url = f"/k/{public_community.slug}/"
    _practice(public_community, member, fasilitator, 2)
    client.get(url)  # warm: the first visit caches the community's subjects and phases
    with django_assert_max_num_queries(15) as few:
        page = client.get(url).content.decode()
    for text in ("Tanya 1", "Atasi 1"):  # being asked; solved and applied in class
        assert text in page
    assert "Siti Rahayu" in page  # who applied it
    for link in (
        f"/k/{public_community.slug}/diskusi/",
        f"/pustaka/?community={public_community.slug}",
        f"/belajar/k/{public_community.slug}/",
        f"/k/{public_community.slug}/pertemuan/",
        f"/wawasan/cerita/?komunitas={public_community.slug}",
    ):
        assert link in page, link
    _practice(public_community, member, fasilitator, 8)
    with django_assert_max_num_queries(15) as many:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
    # The dashboard is linked for whoever may see it: the fasilitator, not the anggota.
    dashboard = f"/wawasan/komunitas/{public_community.slug}/"
    assert dashboard not in page
    assert dashboard in login(fasilitator).get(url).content.decode()
