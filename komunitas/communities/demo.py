"""The three demo communities of DESIGN.md §5, with members, partners, commitments, pending join
requests and an active invitation link. Idempotent: a second run changes nothing."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import (
    do_add_member,
    do_create_invitation_link,
    do_link_stakeholder,
    do_start_community,
)
from komunitas.communities.models import (
    Community,
    Invitation,
    JoinRequest,
    MapEntry,
    Stakeholder,
    SupportCommitment,
)
from komunitas.core.demo import demo_builder
from komunitas.notifications.models import Event
from komunitas.notifications.services import announce

FASILITATOR = "penggerak@demo.test"
GURU = "guru@demo.test"

COMMUNITIES = [
    {
        "name": "Komunitas Praktisi Pembelajaran Berdiferensiasi",
        "slug": "pembelajaran-berdiferensiasi",
        "domain": "Pembelajaran berdiferensiasi di kelas dengan kemampuan murid yang beragam",
        "description": (
            "Kami guru SD dan SMP di Sleman yang ingin setiap murid belajar sesuai kesiapan, "
            "minat dan profil belajarnya. Kami berbagi kekhawatiran, tantangan dan praktik baik, "
            "lalu mencobanya di kelas dan merefleksikannya bersama."
        ),
        "visi": "Setiap murid di Sleman belajar sesuai kebutuhannya.",
        "misi": "Saling belajar strategi diferensiasi; mencoba di kelas; berbagi hasilnya.",
        "tujuan": "Tiap anggota menerapkan satu strategi diferensiasi per bulan dan "
        "merefleksikannya dengan model 4F.",
        "nilai": "Berpihak pada murid, saling percaya, terbuka pada umpan balik.",
        "kesepakatan": "Bertemu setiap Kamis kedua dan keempat pukul 14.00 WIB. "
        "Datang dengan satu cerita dari kelas. Kamera menyala saat daring.",
        "kind": Community.Kind.ACROSS_SCHOOLS,
        "scope": Community.Scope.REGENCY,
        "visibility": Community.Visibility.PUBLIC,
        "join_policy": Community.JoinPolicy.APPROVAL,
        "stage": Community.Stage.GROWING,
        "rhythm_frequency": Community.Frequency.MONTHLY,
        "rhythm_weeks": "2,4",
        "rhythm_weekday": 3,
        "rhythm_time": datetime.time(14, 0),
        "subjects": ["guru-kelas", "matematika", "bahasa-indonesia"],
        "phases": ["A", "B", "C", "D"],
    },
    {
        "name": "KKG Kelas Awal Gugus Melati",
        "slug": "kkg-kelas-awal-gugus-melati",
        "domain": "Membaca, menulis dan berhitung permulaan di kelas 1–3",
        "description": "Kelompok Kerja Guru kelas awal SD di Gugus Melati.",
        "visi": "Semua anak kelas awal gemar membaca dan berhitung.",
        "kesepakatan": "Bertemu setiap tiga minggu, hari Selasa pukul 13.00 WIB, bergiliran "
        "di sekolah anggota.",
        "kind": Community.Kind.ACROSS_SCHOOLS,
        "scope": Community.Scope.GUGUS,
        "place_name": "Gugus Melati",
        "district_id": "34.04.07",  # Kecamatan Depok
        "visibility": Community.Visibility.PUBLIC,
        "join_policy": Community.JoinPolicy.OPEN,
        "stage": Community.Stage.STARTING,
        "rhythm_frequency": Community.Frequency.EVERY_N_WEEKS,
        "rhythm_interval": 3,
        "rhythm_weekday": 1,
        "rhythm_time": datetime.time(13, 0),
        "rhythm_start": datetime.date(2026, 1, 6),
        "subjects": ["guru-kelas"],
        "phases": ["A", "B"],
    },
    {
        "name": "Lingkar Kepala Sekolah Penggerak",
        "slug": "lingkar-kepala-sekolah-penggerak",
        "domain": "Memimpin komunitas belajar di sekolah",
        "description": "Ruang aman bagi kepala sekolah untuk berbagi tantangan memimpin "
        "perubahan dan komunitas belajar di sekolahnya.",
        "kesepakatan": "Yang dibicarakan di sini tinggal di sini. Bertemu setiap Jumat terakhir.",
        "kind": Community.Kind.ONLINE,
        "scope": Community.Scope.REGENCY,
        "visibility": Community.Visibility.PRIVATE,
        "join_policy": Community.JoinPolicy.INVITATION,
        "stage": Community.Stage.SUSTAINING,
        "rhythm_frequency": Community.Frequency.MONTHLY,
        "rhythm_weeks": "5",
        "rhythm_weekday": 4,
        "rhythm_time": datetime.time(15, 30),
    },
]

COMMITMENTS = [
    # community slug, partner e-mail, kind, description, status, due in days
    ("pembelajaran-berdiferensiasi", "kepsek@demo.test", SupportCommitment.Kind.ROOM,
     "Ruang perpustakaan SD Negeri Depok 1 untuk pertemuan luring.",
     SupportCommitment.Status.DELIVERED, -20),
    ("pembelajaran-berdiferensiasi", "kepsek@demo.test", SupportCommitment.Kind.TIME,
     "Jam terakhir hari Kamis bebas mengajar bagi guru anggota.",
     SupportCommitment.Status.AGREED, 14),
    ("pembelajaran-berdiferensiasi", "pengawas@demo.test", SupportCommitment.Kind.SPEAKER,
     "Menjadi narasumber tentang asesmen diagnostik.", SupportCommitment.Status.PROPOSED, 30),
    ("pembelajaran-berdiferensiasi", "pengawas@demo.test", SupportCommitment.Kind.RECOGNITION,
     "Sertifikat kegiatan bagi anggota yang aktif satu semester.",
     SupportCommitment.Status.PROPOSED, 120),
]  # fmt: skip


def _community(spec, fasilitator, regency):
    community = Community.objects.filter(slug=spec["slug"]).first()
    if community:
        return community
    fields = {k: v for k, v in spec.items() if k not in ("subjects", "phases")}
    community = do_start_community(
        community=Community(regency=regency, province=regency.province, **fields), by=fasilitator
    )
    community.subjects.set(spec.get("subjects", []))
    community.phases.set(spec.get("phases", []))
    return community


def _members(people, *roles, level=None, phases=None):
    found = []
    for email, user in sorted(people.items()):
        if not email.startswith("anggota") or user.role not in roles:
            continue
        if level and (user.school is None or user.school.level != level):
            continue
        if phases and not {p.code for p in user.phases.all()} & set(phases):
            continue
        found.append(user)
    return found


@demo_builder(order=20)
def build_communities(demo):
    people, regency = demo["people"], demo["regency"]
    fasilitator = people[FASILITATOR]
    made = {spec["slug"]: _community(spec, fasilitator, regency) for spec in COMMUNITIES}
    berdiferensiasi = made["pembelajaran-berdiferensiasi"]
    melati = made["kkg-kelas-awal-gugus-melati"]
    lingkar = made["lingkar-kepala-sekolah-penggerak"]
    teachers = _members(people, User.Role.GURU, User.Role.GURU_PENGGERAK)
    for user in [people[GURU], *teachers[:24]]:
        do_add_member(community=berdiferensiasi, user=user, by=fasilitator)
    for partner in ("kepsek@demo.test", "pengawas@demo.test"):
        do_add_member(community=berdiferensiasi, user=people[partner], role="mitra", by=fasilitator)
    early = _members(people, User.Role.GURU, level="sd", phases=["A", "B"])
    for user in [people[GURU], *early]:
        do_add_member(community=melati, user=user, by=fasilitator)
    principals = _members(people, User.Role.KEPALA_SEKOLAH)
    for user in [people["kepsek@demo.test"], *principals]:
        do_add_member(community=lingkar, user=user, by=fasilitator)
    for slug, email, kind, description, status, days in COMMITMENTS:
        SupportCommitment.objects.get_or_create(
            community=made[slug],
            partner=people[email],
            kind=kind,
            defaults={
                "description": description,
                "status": status,
                "created_by": people[email],
                "due_date": timezone.localdate() + datetime.timedelta(days=days),
            },
        )
    for user in teachers[30:33]:  # pending join requests for the fasilitator to answer
        if not berdiferensiasi.membership_of(user):
            JoinRequest.objects.get_or_create(
                community=berdiferensiasi,
                user=user,
                status=JoinRequest.Status.PENDING,
                defaults={"message": "Saya ingin belajar diferensiasi untuk kelas saya."},
            )
    if not berdiferensiasi.invitations.usable().filter(kind=Invitation.Kind.LINK).exists():
        do_create_invitation_link(community=berdiferensiasi, by=fasilitator, days=30, max_uses=50)
    demo["communities"] = made


STAKEHOLDERS = [
    # name, kind, institution, influence, interest, support, engagement, communities
    ("Kepala Bidang GTK", Stakeholder.Kind.DINAS, "Dinas Pendidikan Kabupaten Sleman", 3, 3,
     "Pengakuan kegiatan komunitas sebagai pengembangan keprofesian; surat tugas narasumber.",
     "Laporan per semester dari fasilitator.", ["pembelajaran-berdiferensiasi"]),
    ("Sekretaris Dinas", Stakeholder.Kind.DINAS, "Dinas Pendidikan Kabupaten Sleman", 3, 1,
     "Kebijakan jam pertemuan komunitas di hari kerja.", "Audiensi sekali setahun.", []),
    ("Koordinator Pengawas SD", Stakeholder.Kind.PENGAWAS, "Dinas Pendidikan Kabupaten Sleman",
     2, 3, "Narasumber asesmen diagnostik.", "Diundang ke pertemuan bulanan.",
     ["pembelajaran-berdiferensiasi", "kkg-kelas-awal-gugus-melati"]),
    ("K3S Kecamatan Depok", Stakeholder.Kind.KEPALA_SEKOLAH, "Kelompok Kerja Kepala Sekolah",
     2, 2, "Ruang pertemuan bergilir di sekolah anggota.", "", ["kkg-kelas-awal-gugus-melati"]),
    ("PGRI Cabang Depok", Stakeholder.Kind.ORGANISATION, "PGRI", 1, 2,
     "Publikasi praktik baik di buletin.", "", []),
    ("Komite SD Negeri Depok 1", Stakeholder.Kind.COMMITTEE, "SD Negeri Depok 1", 1, 3,
     "Konsumsi pertemuan; cerita orang tua tentang perubahan di kelas.", "", []),
]  # fmt: skip

# The demo accounts that the stakeholder entries name, linked by the fasilitator: they hear of it
# and see the entry on /k/wilayah/saya/.
STAKEHOLDER_ACCOUNTS = {
    "Kepala Bidang GTK": "dinas@demo.test",
    "Koordinator Pengawas SD": "pengawas@demo.test",
    "K3S Kecamatan Depok": "kepsek@demo.test",
}

SHARED_ENTRIES = [
    # name, pic, target, purpose, frequency, my role, influence
    ("MGMP Matematika SMP Sleman", "Pak Joko Santoso", "Guru matematika SMP",
     "Berbagi strategi asesmen formatif", "Sebulan sekali", "Anggota", 2),
    ("Komunitas Literasi Guru Sleman", "Bu Ani", "Guru SD dan SMP",
     "Gerakan membaca 15 menit dan jurnal refleksi guru", "Dua minggu sekali", "Narasumber", 3),
]  # fmt: skip


@demo_builder(order=21)
def build_district_map(demo):
    """The shared stakeholder map of the demo kabupaten (three entries linked to the demo Dinas,
    pengawas and kepala sekolah accounts), and two shared Lembar entries."""
    people, regency = demo["people"], demo["regency"]
    fasilitator = people[FASILITATOR]
    made = demo["communities"]
    for name, kind, institution, influence, interest, support, engagement, slugs in STAKEHOLDERS:
        stakeholder, created = Stakeholder.objects.get_or_create(
            regency=regency,
            name=name,
            defaults={
                "kind": kind,
                "institution": institution,
                "influence": influence,
                "interest": interest,
                "support": support,
                "engagement": engagement,
                "added_by": fasilitator,
            },
        )
        if created:
            stakeholder.communities.set([made[slug] for slug in slugs])
        account = people.get(STAKEHOLDER_ACCOUNTS.get(name))
        if account and stakeholder.account_id is None and stakeholder.declined_by_id is None:
            do_link_stakeholder(stakeholder=stakeholder, account=account, by=fasilitator)
    for name, pic, target, purpose, frequency, my_role, influence in SHARED_ENTRIES:
        MapEntry.objects.get_or_create(
            owner=fasilitator,
            name=name,
            defaults={
                "pic": pic,
                "target": target,
                "purpose": purpose,
                "frequency": frequency,
                "my_role": my_role,
                "influence": influence,
                "regency": regency,
                "shared": True,
            },
        )


# --- what the members hear of ---------------------------------------------------------------------


def _announce_once(kind, *, actor, target, url, **data):
    exists = Event.objects.filter(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    ).exists()
    if not exists:
        announce(kind, actor=actor, target=target, title=target.name, url=url, **data)


@demo_builder(order=79)
def announce_community_news(demo):
    """The demo's join requests and partner commitments were made as data, not through the
    actions: announce them once, so the notifications demo (order 80) hands them out."""
    people = demo["people"]
    communities = Community.objects.filter(pk__in=[c.pk for c in demo["communities"].values()])
    for request in JoinRequest.objects.filter(
        community__in=communities, status=JoinRequest.Status.PENDING
    ).select_related("community", "user"):
        community = request.community
        _announce_once(
            "communities.join_request",
            actor=request.user,
            target=community,
            url=f"/k/{community.slug}/permintaan/",
        )
    for commitment in SupportCommitment.objects.alive().filter(community__in=communities):
        community = commitment.community
        _announce_once(
            "communities.commitment_changed",
            actor=commitment.partner,
            target=community,
            url=community.get_absolute_url(),
            partner=commitment.partner_id,
        )
    welcome = communities.filter(slug="pembelajaran-berdiferensiasi").first()
    if welcome:
        _announce_once(
            "communities.join_approved",
            actor=people[FASILITATOR],
            target=welcome,
            url=welcome.get_absolute_url(),
            user=people[GURU].pk,
        )
