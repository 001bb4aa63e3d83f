"""Demo people and schools: one kabupaten (Sleman), its schools and about 60 members."""

import random

from django.utils import timezone

from komunitas.accounts.models import District, Phase, Regency, School, Subject, User
from komunitas.core.demo import DEMO_PASSWORD, demo_builder

REGENCY = "34.04"  # Kabupaten Sleman, DI Yogyakarta

SCHOOLS = [
    ("20400101", "SD Negeri Depok 1", "sd", "negeri", "34.04.07"),
    ("20400102", "SD Negeri Mlati 2", "sd", "negeri", "34.04.06"),
    ("20400103", "SD Muhammadiyah Gamping", "sd", "swasta", "34.04.01"),
    ("20400104", "SD Negeri Kalasan 3", "sd", "negeri", "34.04.10"),
    ("20400201", "SMP Negeri 1 Ngaglik", "smp", "negeri", "34.04.12"),
    ("20400202", "SMP Negeri 2 Godean", "smp", "negeri", "34.04.02"),
    ("20400301", "SMA Negeri 1 Sleman", "sma", "negeri", "34.04.13"),
    ("20400401", "SMK Negeri 1 Tempel", "smk", "negeri", "34.04.14"),
    ("20400501", "TK Pertiwi Pakem", "paud", "swasta", "34.04.16"),
]

FIRST = [
    "Siti",
    "Budi",
    "Ani",
    "Dewi",
    "Agus",
    "Rina",
    "Wahyu",
    "Sri",
    "Eko",
    "Yuni",
    "Hendra",
    "Lestari",
    "Bambang",
    "Ratna",
    "Joko",
    "Endang",
    "Fajar",
    "Indah",
    "Rudi",
    "Nur",
]
LAST = [
    "Rahayu",
    "Santoso",
    "Wulandari",
    "Prasetyo",
    "Kusuma",
    "Hidayat",
    "Susanti",
    "Nugroho",
    "Lestari",
    "Saputra",
    "Handayani",
    "Setiawan",
]

NAMED = [
    # e-mail, name, role, school npsn, extra
    ("penggerak@demo.test", "Ibu Ratna Kusumawati", User.Role.GURU_PENGGERAK, "20400101", {}),
    ("guru@demo.test", "Bapak Agus Prasetyo", User.Role.GURU, "20400102", {}),
    ("kepsek@demo.test", "Ibu Endang Susanti", User.Role.KEPALA_SEKOLAH, "20400101", {}),
    ("pengawas@demo.test", "Bapak Hendra Nugroho", User.Role.PENGAWAS, None, {}),
    ("dinas@demo.test", "Ibu Lestari Handayani", User.Role.DINAS, None, {}),
    (
        "admin@demo.test",
        "Operator Dinas Sleman",
        User.Role.OPERATOR,
        None,
        {"is_staff": True, "is_superuser": True},
    ),
]


def _person(email, name, role, school, **extra):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": name,
            "role": role,
            "school": school,
            "email_verified_at": timezone.now(),
            "privacy_consent_at": timezone.now(),
            "regency_id": REGENCY,
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


@demo_builder(order=10)
def build_people(demo):
    rng = random.Random(2024)  # the same demo every time
    regency = Regency.objects.get(code=REGENCY)
    districts = {d.code: d for d in District.objects.filter(regency=regency)}
    schools = {}
    for npsn, name, level, status, district in SCHOOLS:
        schools[npsn], _ = School.objects.get_or_create(
            npsn=npsn,
            defaults={
                "name": name,
                "level": level,
                "status": status,
                "regency": regency,
                "district": districts.get(district),
            },
        )
    subjects = {s.code: s for s in Subject.objects.all()}
    phases = {p.code: p for p in Phase.objects.all()}
    people = {}
    for email, name, role, npsn, extra in NAMED:
        user, created = _person(email, name, role, schools.get(npsn), **extra)
        people[email] = user
        if created and role == User.Role.GURU_PENGGERAK:
            user.subjects.set([subjects["guru-kelas"], subjects["matematika"]])
            user.phases.set([phases["A"], phases["B"]])
            user.bio = "Guru kelas 3, Guru Penggerak Angkatan 9. Senang berbagi praktik baik."
            user.whatsapp = "+6281234500001"
            user.save(update_fields=["bio", "whatsapp"])
        if created and role == User.Role.GURU:
            user.subjects.set([subjects["guru-kelas"]])
            user.phases.set([phases["A"]])
    people["pengawas@demo.test"].supervised_schools.set(
        [s for s in schools.values() if s.level in ("sd", "paud")]
    )
    school_list = list(schools.values())
    roles = (
        [User.Role.GURU] * 44
        + [User.Role.GURU_PENGGERAK] * 4
        + [User.Role.KEPALA_SEKOLAH] * 4
        + [User.Role.PENGAWAS] * 1
        + [User.Role.DINAS] * 1
    )
    for number, role in enumerate(roles, start=1):
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 7) % len(LAST)]}"
        school = (
            None
            if role in (User.Role.PENGAWAS, User.Role.DINAS)
            else (school_list[number % len(school_list)])
        )
        user, created = _person(f"anggota{number:02d}@demo.test", name, role, school)
        if created and school:
            level_subjects = [s for s in subjects.values() if school.level in s.levels.split(",")]
            user.subjects.set(rng.sample(level_subjects, k=min(2, len(level_subjects))))
            level_phases = {
                "paud": ["fondasi"],
                "sd": ["A", "B", "C"],
                "smp": ["D"],
                "sma": ["E", "F"],
                "smk": ["E", "F"],
            }[school.level]
            user.phases.set([phases[rng.choice(level_phases)]])
        people[user.email] = user
    demo.update(regency=regency, schools=schools, people=people)


@demo_builder(order=75)
def build_data_export(demo):
    """Bu Siti (guru@demo.test) has a finished copy of her data on "My data" (UU PDP), and its
    notification: built before the notifications' builder (80), which fans out the event."""
    from komunitas.accounts.models import DataExport
    from komunitas.accounts.privacy import build_export

    siti = User.objects.get(email="guru@demo.test")
    if not DataExport.objects.filter(user=siti, status=DataExport.Status.DONE).exists():
        build_export(DataExport.objects.create(user=siti))
