from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.communities.models import (
    Community,
    Invitation,
    JoinRequest,
    LogEntry,
    Stakeholder,
    SupportCommitment,
)
from komunitas.notifications.models import Notification

NAMES = {
    "Komunitas Praktisi Pembelajaran Berdiferensiasi": "public",
    "KKG Kelas Awal Gugus Melati": "public",
    "Lingkar Kepala Sekolah Penggerak": "private",
}


def _role(name, email):
    community = Community.objects.get(name=name)
    return community.role_of(User.objects.get(email=email))


def test_the_demo_has_the_three_communities_by_their_exact_names(demo):
    assert dict(Community.objects.values_list("name", "visibility")) == NAMES
    for name in NAMES:
        assert _role(name, "penggerak@demo.test") == "fasilitator"


def test_the_demo_memberships_follow_the_design(demo):
    berdiferensiasi, melati, lingkar = NAMES
    assert _role(berdiferensiasi, "guru@demo.test") == "anggota"
    assert _role(melati, "guru@demo.test") == "anggota"
    assert _role(lingkar, "guru@demo.test") is None
    assert _role(berdiferensiasi, "kepsek@demo.test") == "mitra"
    assert _role(berdiferensiasi, "pengawas@demo.test") == "mitra"
    assert _role(lingkar, "kepsek@demo.test") == "anggota"
    community = Community.objects.get(name=berdiferensiasi)
    assert community.active_memberships().count() > 20
    assert (
        Community.objects.get(name=lingkar)
        .active_memberships()
        .filter(user__role="kepala_sekolah")
        .count()
        > 2
    )


def test_the_demo_has_commitments_requests_and_a_link(demo):
    assert SupportCommitment.objects.filter(status="delivered").exists()
    assert JoinRequest.objects.filter(status="pending").count() >= 2
    assert Invitation.objects.usable().filter(kind="link").exists()


def test_the_demo_communities_are_idempotent(demo):
    counts = [m.objects.count() for m in (Community, SupportCommitment, JoinRequest, Invitation)]
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts == [
        m.objects.count() for m in (Community, SupportCommitment, JoinRequest, Invitation)
    ]


def test_the_guru_does_not_see_the_private_circle(demo, client):
    guru = User.objects.get(email="guru@demo.test")
    client.force_login(guru)
    lingkar = Community.objects.get(name="Lingkar Kepala Sekolah Penggerak")
    assert client.get(f"/k/{lingkar.slug}/").status_code == 404
    assert lingkar.name not in client.get("/k/").content.decode()
    assert lingkar.name not in client.get("/").content.decode()


def test_the_demo_links_its_officials_to_the_stakeholder_map(demo, client):
    linked = dict(
        Stakeholder.objects.filter(account__isnull=False).values_list("name", "account__email")
    )
    assert linked == {
        "Kepala Bidang GTK": "dinas@demo.test",
        "Koordinator Pengawas SD": "pengawas@demo.test",
        "K3S Kecamatan Depok": "kepsek@demo.test",
    }
    client.force_login(User.objects.get(email="pengawas@demo.test"))
    assert "Koordinator Pengawas SD" in client.get("/k/wilayah/saya/").content.decode()
    assert Notification.objects.filter(
        event__kind="communities.stakeholder_named", recipient__email="kepsek@demo.test"
    ).exists()
    events = LogEntry.objects.filter(kind=LogEntry.Kind.STAKEHOLDER_LINKED).count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert LogEntry.objects.filter(kind=LogEntry.Kind.STAKEHOLDER_LINKED).count() == events == 3
