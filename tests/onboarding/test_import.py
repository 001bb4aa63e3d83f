"""Importing: all or nothing, re-imports update the same people, the worker queues the
invitations, and the invited teacher lands on a filled-in profile in their communities."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.notifications.models import Mail
from komunitas.onboarding.actions import do_check_batch, do_import_batch, queue_invitations
from komunitas.onboarding.models import Enrolment, ImportBatch
from tests.factories import make_user
from tests.onboarding.conftest import csv_bytes


def _import(data, by):
    batch = do_check_batch(data=data, file_name="guru.csv", by=by)
    assert batch.status == ImportBatch.Status.CHECKED, batch.errors
    return do_import_batch(batch=batch, by=by)


def test_import_creates_accounts_with_their_profile(dinas, school, public_community):
    batch = _import(
        csv_bytes(
            f"Ibu Sri Wahyuni,Sri@Contoh.test,1234567890123456,{school.npsn},guru_penggerak,"
            f"{public_community.slug}",
            f"Pak Agus,agus@contoh.test,,{school.npsn},kepala_sekolah,",
        ),
        dinas,
    )
    assert (batch.status, batch.created, batch.updated) == ("imported", 2, 0)
    assert batch.regency_id == "34.04" and batch.source == b""
    sri = User.objects.get(email="sri@contoh.test")
    assert (sri.full_name, sri.nuptk, sri.school, sri.role) == (
        "Ibu Sri Wahyuni",
        "1234567890123456",
        school,
        "guru_penggerak",
    )
    assert not sri.has_usable_password() and sri.email_verified_at is None
    assert Enrolment.objects.get(user=sri).community_ids == [public_community.pk]
    assert not public_community.membership_of(sri)  # joins when the account is activated


def test_reimport_updates_and_never_duplicates(operator, school, member):
    first = csv_bytes(
        f"Ibu Sri,sri@contoh.test,1234567890123456,{school.npsn},guru,",
        f"Siti Diganti,{member.email},,{school.npsn},kepala_sekolah,",
    )
    _import(first, operator)
    count = User.objects.count()
    # The same people again: Sri by NUPTK with a corrected e-mail, Siti by e-mail.
    second = csv_bytes(
        f"Ibu Sri Wahyuni,sri.wahyuni@contoh.test,1234567890123456,{school.npsn},guru,",
        f"Siti Diganti,{member.email.upper()},6543210987654321,{school.npsn},kepala_sekolah,",
    )
    batch = _import(second, operator)
    assert (batch.created, batch.updated) == (0, 2)
    assert User.objects.count() == count
    sri = User.objects.get(nuptk="1234567890123456")
    assert (sri.email, sri.full_name) == ("sri.wahyuni@contoh.test", "Ibu Sri Wahyuni")
    member.refresh_from_db()
    # Siti uses her account: the import fills her blank NUPTK, never rewrites her name or role.
    assert (member.full_name, member.role, member.nuptk) == (
        "Siti Rahayu",
        "guru",
        "6543210987654321",
    )


def test_an_account_in_use_joins_its_communities_at_once(
    operator, school, member, private_community, outsider
):
    _import(
        csv_bytes(f"Budi,{outsider.email},,{school.npsn},guru,{private_community.slug}"), operator
    )
    assert private_community.membership_of(outsider).role == Membership.Role.ANGGOTA


def test_nothing_is_half_imported(operator, school):
    batch = do_check_batch(
        data=csv_bytes(
            f"Ibu A,a@contoh.test,,{school.npsn},guru,",
            f"Ibu B,b@contoh.test,,{school.npsn},guru,",
        ),
        file_name="guru.csv",
        by=operator,
    )
    # Between the check and the import, someone takes an address of the file with another NUPTK.
    make_user("b@contoh.test", nuptk="1111222233334444")
    make_user("c@contoh.test", nuptk="9999888877776666")
    batch.source = csv_bytes(
        f"Ibu A,a@contoh.test,,{school.npsn},guru,",
        f"Ibu B,b@contoh.test,9999888877776666,{school.npsn},guru,",
    )
    batch.save()
    batch = do_import_batch(batch=batch, by=operator)
    assert batch.status == ImportBatch.Status.INVALID and batch.errors[0][0] == 3
    assert not User.objects.filter(email="a@contoh.test").exists()
    assert not Enrolment.objects.exists()


def test_importing_twice_does_nothing_more(operator, school):
    batch = _import(csv_bytes(f"Ibu A,a@contoh.test,,{school.npsn},guru,"), operator)
    assert do_import_batch(batch=batch, by=operator).created == 1
    assert User.objects.filter(email="a@contoh.test").count() == 1


def test_invitations_go_through_the_outbox_and_the_page_counts_them(
    dinas, school, public_community, client, commit, run_worker
):
    with commit():
        batch = _import(
            csv_bytes(
                f"Ibu Sri,sri@contoh.test,,{school.npsn},guru,{public_community.slug}",
                f"Pak Agus,agus@contoh.test,,{school.npsn},guru,",
            ),
            dinas,
        )
    assert Mail.objects.count() == 0  # the worker queues them
    with commit():
        run_worker()
    batch.refresh_from_db()
    assert Mail.objects.filter(status=Mail.Status.PENDING).count() == 2
    run_worker()  # the outbox's delivery tasks send them
    batch.refresh_from_db()
    assert batch.invited == 2
    assert Enrolment.objects.filter(mail__status=Mail.Status.SENT).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["agus@contoh.test", "sri@contoh.test"]
    assert queue_invitations(batch_id=batch.pk) == 0  # safe to run again
    client.force_login(dinas)
    response = client.get(reverse("onboarding:batch", args=[batch.pk]))
    assert (response.context["sent"], response.context["waiting"]) == (2, 0)

    # Sri follows her link, sets a password and lands on her profile, in her community.
    sri_mail = next(m for m in mail.outbox if m.to == ["sri@contoh.test"])
    link = re.search(r"http\S+/orientasi/aktifkan/\S+/", sri_mail.body).group(0)
    path = (
        link.split("komunitas.test", 1)[-1]
        if "komunitas.test" in link
        else "/" + link.split("/", 3)[3]
    )
    client.logout()
    assert client.get(path).status_code == 200
    response = client.post(
        path,
        {"new_password1": "Sandi-baru-12345", "new_password2": "Sandi-baru-12345", "consent": "on"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile_edit")
    sri = User.objects.get(email="sri@contoh.test")
    assert sri.has_usable_password() and sri.email_verified_at and sri.privacy_consent_at
    assert public_community.membership_of(sri)
    profile = client.get(reverse("accounts:profile_edit")).content.decode()
    assert 'value="Ibu Sri"' in profile and school.npsn in profile, profile
    # The link works once.
    client.logout()
    assert client.get(path).status_code == 400


def test_activation_form_bad_input(operator, school, client):
    from komunitas.onboarding.tokens import make_activation_token

    _import(csv_bytes(f"Ibu A,a@contoh.test,,{school.npsn},guru,"), operator)
    user = User.objects.get(email="a@contoh.test")
    path = reverse("onboarding:activate", args=[make_activation_token(user)])
    response = client.post(path, {"new_password1": "x", "new_password2": "y"})
    assert response.status_code == 400
    assert client.get(reverse("onboarding:activate", args=["rusak"])).status_code == 400
    user.refresh_from_db()
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_queries_do_not_grow_with_rows(operator, school, django_assert_max_num_queries):
    small = csv_bytes(*[f"Guru {n},g{n}@contoh.test,,{school.npsn},guru," for n in range(10)])
    large = csv_bytes(*[f"Guru {n},h{n}@contoh.test,,{school.npsn},guru," for n in range(400)])
    with django_assert_max_num_queries(25):
        _import(small, operator)
    with django_assert_max_num_queries(25):
        _import(large, operator)
