"""Demo polls in "Komunitas Praktisi Pembelajaran Berdiferensiasi": an open, named poll on the
next meeting's topic with some votes (guru@demo.test among them), and a closed anonymous poll
on the time of the online meetings. Idempotent: a poll is found again by its question."""

import datetime

from django.utils import timezone

from komunitas.communities.models import Membership
from komunitas.core.demo import demo_builder
from komunitas.polls import actions
from komunitas.polls.models import Poll

SLUG = "pembelajaran-berdiferensiasi"
TOPIC = "Topik apa yang kita bahas di pertemuan berikutnya?"
TOPIC_OPTIONS = [
    "Asesmen diagnostik non-kognitif",
    "Diferensiasi proses dengan stasiun belajar",
    "Mengelola kelas saat murid bekerja dalam kelompok berbeda",
    "Menyusun rubrik untuk produk yang berbeda-beda",
]
TIME = "Kapan waktu yang paling cocok untuk pertemuan daring?"
TIME_OPTIONS = ["Selasa pukul 15.30 WIB", "Kamis pukul 15.30 WIB", "Sabtu pukul 09.00 WIB"]


def _voters(community, demo):
    guru = demo["people"]["guru@demo.test"]
    others = [
        m.user
        for m in community.active_memberships()
        .filter(role=Membership.Role.ANGGOTA)
        .exclude(user=guru)
        .select_related("user")
        .order_by("user__email")[:9]
    ]
    return ([guru] if community.membership_of(guru) else []) + others


@demo_builder(order=45)
def build_polls(demo):
    community = demo["communities"].get(SLUG)
    if community is None or Poll.objects.filter(community=community, question=TOPIC).exists():
        return
    fasilitator = demo["people"]["penggerak@demo.test"]
    voters = _voters(community, demo)
    topic = actions.do_create_poll(
        community=community,
        author=fasilitator,
        question=TOPIC,
        description="Pilih satu atau dua topik; yang terbanyak menjadi agenda pertemuan rutin.",
        options=TOPIC_OPTIONS,
        multiple=True,
        closes_at=timezone.now() + datetime.timedelta(days=5),
    )
    options = list(topic.options.order_by("position"))
    picks = [[1], [1, 2], [0], [1], [2, 3], [1], [0, 1], [3]]
    for user, pick in zip(voters, picks, strict=False):
        actions.do_vote(poll=topic, user=user, option_ids=[options[i].pk for i in pick])
    when = actions.do_create_poll(
        community=community,
        author=fasilitator,
        question=TIME,
        options=TIME_OPTIONS,
        anonymous=True,
        results=Poll.Results.AFTER_CLOSE,
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    options = list(when.options.order_by("position"))
    picks = [1, 1, 0, 1, 2, 1, 0, 1, 1, 2]
    for user, pick in zip(voters, picks, strict=False):
        actions.do_vote(poll=when, user=user, option_ids=[options[pick].pk])
    actions.do_close_poll(poll=when, by=fasilitator)
