"""The demo's bulk onboarding: the Dinas of Sleman imported a first wave of teachers (a batch
with its invitations in the outbox), and a teacher asked for a school that was missing."""

from komunitas.core.demo import demo_builder
from komunitas.onboarding.actions import (
    do_check_batch,
    do_import_batch,
    do_request_school,
    queue_invitations,
)
from komunitas.onboarding.models import ImportBatch, SchoolRequest

FILE_NAME = "guru-sleman-gelombang-1.csv"
TEACHERS = [
    # name, e-mail, NUPTK, peran
    ("Ibu Sri Wahyuni, S.Pd.", "sri.wahyuni@demo.test", "3404123400000001", "guru"),
    ("Bapak Agus Salim, S.Pd.", "agus.salim@demo.test", "3404123400000002", "guru"),
    ("Ibu Dewi Lestari", "dewi.lestari@demo.test", "", "guru"),
    ("Bapak Yusuf Hidayat, M.Pd.", "yusuf.hidayat@demo.test", "3404123400000004", "guru_penggerak"),
    ("Ibu Rina Marlina", "rina.marlina@demo.test", "", "guru"),
    ("Ibu Tuti Handayani, S.Pd.", "tuti.handayani@demo.test", "3404123400000006", "guru"),
]


@demo_builder(order=35)
def build_onboarding(demo):
    people, schools = demo["people"], list(demo["schools"].values())
    dinas = people["dinas@demo.test"]
    if not ImportBatch.objects.filter(file_name=FILE_NAME).exists():
        community = "pembelajaran-berdiferensiasi"
        lines = ["nama,email,nuptk,npsn,peran,komunitas"]
        for number, (name, email, nuptk, role) in enumerate(TEACHERS):
            school = schools[number % len(schools)]
            joins = community if number % 2 == 0 else ""
            lines.append(f'"{name}",{email},{nuptk},{school.npsn},{role},{joins}')
        data = ("\n".join(lines) + "\n").encode("utf-8")
        batch = do_check_batch(data=data, file_name=FILE_NAME, by=dinas)
        batch = do_import_batch(batch=batch, by=dinas)
        queue_invitations(batch_id=batch.pk)
    asker = people["anggota01@demo.test"]
    if not SchoolRequest.objects.filter(npsn="20499901").exists():
        do_request_school(
            by=asker,
            npsn="20499901",
            name="SD Muhammadiyah Sleman Baru",
            level="sd",
            school_status="swasta",
            regency=demo["regency"],
        )
