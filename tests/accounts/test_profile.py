import re

import pytest

from komunitas.accounts.models import Phase, Subject, User
from komunitas.accounts.models.users import normalise_whatsapp
from tests.factories import PASSWORD, make_school, make_user

EDIT = "/akun/profil/"


def _profile(member, **overrides):
    data = {
        "full_name": member.full_name,
        "whatsapp": "",
        "nuptk": "",
        "bio": "",
        "time_zone": "Asia/Jakarta",
        "language": "id",
        "school_npsn": "",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_a_member_completes_their_profile(member_client, member, school):
    response = member_client.post(
        EDIT,
        _profile(
            member,
            whatsapp="0812-3456-7890",
            nuptk="1234567890123456",
            school_npsn=school.npsn,
            subjects=["matematika"],
            phases=["B"],
            bio="Guru kelas 4.",
            time_zone="Asia/Makassar",
        ),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.whatsapp == "+6281234567890"
    assert member.nuptk == "1234567890123456"
    assert member.school == school
    assert list(member.subjects.all()) == [Subject.objects.get(code="matematika")]
    assert list(member.phases.all()) == [Phase.objects.get(code="B")]
    assert member.zone_abbreviation == "WITA"
    assert member.profile_completeness() == 100


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nuptk", "123456789012345"),
        ("nuptk", "12345678901234567"),
        ("nuptk", "12345678901234ab"),
        ("whatsapp", "12345"),
        ("whatsapp", "+1 555 0100"),
        ("school_npsn", "1234"),
        ("school_npsn", "99999999"),
        ("time_zone", "Europe/Paris"),
        ("full_name", ""),
    ],
)
def test_bad_profile_input_is_refused_with_the_typed_text_kept(member_client, member, field, value):
    response = member_client.post(EDIT, _profile(member, bio="Tetap di sini", **{field: value}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["form"]["bio"].value() == "Tetap di sini"
    member.refresh_from_db()
    assert member.bio == ""


@pytest.mark.django_db
def test_a_nuptk_belongs_to_one_account(member_client, member):
    make_user(nuptk="1234567890123456")
    response = member_client.post(EDIT, _profile(member, nuptk="1234567890123456"))
    assert response.status_code == 400
    assert "nuptk" in response.context["form"].errors


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
    ],
)
def test_whatsapp_numbers_are_stored_in_one_form(typed, stored):
    assert normalise_whatsapp(typed) == stored


@pytest.mark.django_db
def test_contact_details_show_only_to_the_member_and_operators(client, member, outsider, operator):
    member.whatsapp = "+6281234567890"
    member.save()
    url = f"/akun/anggota/{member.pk}/"
    seen = {}
    for viewer in (member, outsider, operator):
        client.force_login(viewer)
        page = client.get(url).content.decode()
        seen[viewer.email] = "+6281234567890" in page and member.email in page
    assert seen == {member.email: True, outsider.email: False, operator.email: True}


@pytest.mark.django_db
def test_the_profile_of_a_deactivated_member_is_hidden(client, outsider):
    gone = make_user(is_active=False)
    client.force_login(outsider)
    assert client.get(f"/akun/anggota/{gone.pk}/").status_code == 403


@pytest.mark.django_db
def test_an_unknown_profile_is_a_404(member_client):
    assert member_client.get("/akun/anggota/999999/").status_code == 404


@pytest.mark.django_db
def test_changing_the_address_takes_effect_only_from_the_new_mailbox(
    member_client, member, mailoutbox, mailed
):
    with mailed():
        response = member_client.post(
            "/akun/email/", {"new_email": "Siti.Baru@Contoh.test", "password": PASSWORD}
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "siti@contoh.test"
    assert mailoutbox[0].to == ["siti.baru@contoh.test"]

    link = re.search(r"https?://\S+(/akun/verifikasi/\S+/)", mailoutbox[0].body).group(1)
    member_client.get(link)

    member.refresh_from_db()
    assert member.email == "siti.baru@contoh.test"


@pytest.mark.django_db
def test_changing_the_address_needs_the_password_and_a_free_address(member_client, outsider):
    wrong = member_client.post("/akun/email/", {"new_email": "x@contoh.test", "password": "no"})
    taken = member_client.post(
        "/akun/email/", {"new_email": outsider.email.upper(), "password": PASSWORD}
    )
    assert wrong.status_code == 400 and "password" in wrong.context["form"].errors
    assert taken.status_code == 400 and "new_email" in taken.context["form"].errors


@pytest.mark.django_db
def test_an_address_taken_meanwhile_makes_the_link_fail(member_client, member, mailoutbox, mailed):
    with mailed():
        member_client.post("/akun/email/", {"new_email": "rebut@contoh.test", "password": PASSWORD})
    make_user("rebut@contoh.test")
    link = re.search(r"https?://\S+(/akun/verifikasi/\S+/)", mailoutbox[0].body).group(1)

    assert member_client.get(link).status_code == 400
    member.refresh_from_db()
    assert member.email == "siti@contoh.test"


@pytest.mark.django_db
def test_school_search_finds_by_name_and_npsn_and_serves_a_partial_to_htmx(member_client, school):
    by_name = member_client.get("/akun/sekolah/", {"q": school.name[:8]})
    by_npsn = member_client.get("/akun/sekolah/", {"q": school.npsn}, HTTP_HX_REQUEST="true")
    assert school.npsn in by_name.content.decode()
    assert school.name in by_npsn.content.decode()
    assert "<html" not in by_npsn.content.decode()


@pytest.mark.django_db
def test_email_is_unique_whatever_the_letter_case():
    from django.db import IntegrityError, transaction

    make_user("sama@contoh.test")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="SAMA@contoh.test", full_name="x")


@pytest.mark.django_db
def test_the_profile_checklist_asks_one_query_for_subjects_and_phases(django_assert_num_queries):
    member = make_user()
    member.subjects.set(Subject.objects.all()[:2])
    fresh = User.objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        done = {anchor: ok for _label, ok, anchor in fresh.profile_checklist()}
    assert done["subjects"] is True and done["phases"] is False


@pytest.mark.django_db
def test_a_school_found_is_chosen_by_a_tap_even_without_javascript(member_client, member):
    """The results are a radio list whose form fills the profile's NPSN field (no JS: a GET
    of the profile form with ?npsn=; htmx: the same page, from which it swaps in the field)."""
    school = make_school(name="SD Negeri Tappable")
    results = member_client.get("/akun/sekolah/", {"q": "Tappable"}).content.decode()
    assert f'<input type="radio" name="npsn" value="{school.npsn}" required>' in results
    form = results[results.index('<form method="get" action="/akun/profil/"') :]
    assert 'data-hx-select="#id_school_npsn"' in form.split(">")[0]
    chosen = member_client.get("/akun/profil/", {"npsn": school.npsn}).content.decode()
    assert re.search(rf'<input[^>]*value="{school.npsn}"[^>]*id="id_school_npsn"', chosen)
    member.refresh_from_db()
    assert member.school != school  # filled in, not saved until the member saves
    swapped = member_client.get(
        "/akun/profil/", {"npsn": school.npsn}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert re.search(rf'<input[^>]*value="{school.npsn}"[^>]*id="id_school_npsn"', swapped)
    assert member_client.get("/akun/profil/", {"npsn": "<b>"}).status_code == 200
