"""Demo requests for support in "Pembelajaran Berdiferensiasi": Ratna (penggerak@demo.test) asked
the kepala sekolah for a speaker (accepted and done), the Dinas for a budget line (declined with
a reason) and the pengawas for time in the timetable (accepted, now overdue, reminded); and Siti
(guru@demo.test) proposed asking for a letter of assignment, waiting for a fasilitator.
Idempotent: nothing is added to a community that already has requests."""

import datetime

from django.utils import timezone

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.core.demo import demo_builder
from komunitas.partnerships import actions
from komunitas.partnerships.models import RequestStep, SupportRequest

Kind = SupportRequest.Kind


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@demo_builder(order=65)
def build_requests(demo):
    people = demo["people"]
    community = demo["communities"]["pembelajaran-berdiferensiasi"]
    if community.support_requests.exists():
        return
    ratna, siti = people["penggerak@demo.test"], people["guru@demo.test"]
    kepsek, pengawas, dinas = (
        people["kepsek@demo.test"],
        people["pengawas@demo.test"],
        people["dinas@demo.test"],
    )
    do_add_member(community=community, user=dinas, role=Membership.Role.MITRA, by=ratna)
    community.forget_membership_cache()
    today = timezone.localdate()

    def ask(partner, kind, reason, by=ratna, days=14):
        return actions.do_create_request(
            community=community,
            partner=partner,
            kind=kind,
            needed_by=today + datetime.timedelta(days=days),
            reason=reason,
            by=by,
        )

    speaker = ask(
        kepsek,
        Kind.SPEAKER,
        "Narasumber praktik asesmen diagnostik di SD Negeri Depok 1 untuk pertemuan bulanan.",
    )
    actions.do_answer_request(
        request=speaker,
        by=kepsek,
        answer="accept",
        text="Saya bersedia berbagi selama 45 menit, dengan contoh instrumen dari sekolah kami.",
    )
    actions.do_close_request(
        request=speaker,
        by=ratna,
        done=True,
        note="Pak Kepala Sekolah hadir dan membawa contoh instrumen; 24 guru ikut.",
    )
    budget = ask(
        dinas,
        Kind.BUDGET,
        "Konsumsi dan fotokopi modul untuk lokakarya diferensiasi semester ini.",
        days=30,
    )
    actions.do_answer_request(
        request=budget,
        by=dinas,
        answer="decline",
        text="Anggaran tahun ini sudah terkunci. Ajukan lagi untuk APBD tahun depan, paling "
        "lambat Maret.",
    )
    timetable = ask(
        pengawas,
        Kind.TIME,
        "Dua jam pelajaran kosong di hari Kamis agar guru gugus bisa ikut pertemuan.",
        days=5,
    )
    actions.do_answer_request(
        request=timetable,
        by=pengawas,
        answer="accept",
        text="Saya sampaikan ke kepala sekolah binaan lewat surat edaran.",
    )
    letter = ask(
        kepsek,
        Kind.LETTER,
        "Surat tugas agar saya bisa ikut lokakarya kabupaten sebagai perwakilan komunitas.",
        by=siti,
        days=21,
    )
    # The history as it would have happened: asked weeks ago, answered within days.
    timeline = {speaker: (40, 37, 20), budget: (25, 21, 21), timetable: (20, 18, None)}
    for request, (sent, answered, closed) in timeline.items():
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=_ago(sent),
            sent_at=_ago(sent),
            answered_at=_ago(answered),
            closed_at=_ago(closed) if closed else None,
            needed_by=(timezone.now() - datetime.timedelta(days=sent - 14)).date(),
        )
        steps = list(request.steps.order_by("pk"))
        for step, days in zip(steps, (sent, answered, closed), strict=False):
            if days is not None:
                RequestStep.objects.filter(pk=step.pk).update(created_at=_ago(days))
    # The pengawas promised the time for three days ago: overdue, and both sides reminded.
    SupportRequest.objects.filter(pk=timetable.pk).update(
        needed_by=today - datetime.timedelta(days=3)
    )
    if timetable.commitment_id:
        timetable.commitment.__class__.objects.filter(pk=timetable.commitment_id).update(
            due_date=today - datetime.timedelta(days=3)
        )
    actions.do_send_reminders(now=timezone.now())
    demo["support_requests"] = [speaker, budget, timetable, letter]
