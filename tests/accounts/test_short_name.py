"""A greeting names the person, not their form of address or title (“Selamat datang, Ibu”)."""

import pytest

from komunitas.accounts.models.users import first_name
from tests.factories import make_user


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Ratna Kusuma", "Ratna"),
        ("Ibu Ratna Kusuma", "Ratna"),
        ("Bu Siti", "Siti"),
        ("Bapak Budi Santoso", "Budi"),
        ("pak budi", "budi"),
        ("Dr. Hendra Wijaya", "Hendra"),
        ("Drs. H. Ahmad Fauzi, M.Pd.", "Ahmad"),
        ("Ibu Dra. Lestari", "Lestari"),
        ("S.Pd. Wati", "Wati"),
        ("Prof Dr Ir Bambang", "Bambang"),
        ("Ibu", ""),
    ],
)
def test_the_first_name_skips_forms_of_address_and_titles(full_name, expected):
    assert first_name(full_name) == expected


@pytest.mark.django_db
def test_the_home_page_greets_the_person_not_the_honorific(client):
    user = make_user("ratna@contoh.test", full_name="Ibu Ratna Kusuma, S.Pd.")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Selamat datang, Ratna" in page and "Selamat datang, Ibu" not in page
    assert make_user("ibu@contoh.test", full_name="Ibu").get_short_name() == "Ibu"
