"""The people and communities of tests/fixtures_communities.py, and polls made by action:
Ratna the fasilitator, Siti an anggota, Endang a partner, Budi the outsider, the operator."""

import datetime

import pytest
from django.utils import timezone

from komunitas.polls import actions
from komunitas.polls.models import Poll
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)

OPTIONS = ["Asesmen diagnostik", "Stasiun belajar", "Rubrik produk"]


def make_poll(community, author, **fields) -> Poll:
    values = {
        "question": "Topik pertemuan berikutnya?",
        "options": OPTIONS,
        "closes_at": timezone.now() + datetime.timedelta(days=3),
    }
    return actions.do_create_poll(community=community, author=author, **{**values, **fields})


def choose(poll, user, *positions) -> None:
    options = list(poll.options.order_by("position"))
    actions.do_vote(poll=poll, user=user, option_ids=[options[i].pk for i in positions])


@pytest.fixture
def poll(public_community, fasilitator):
    return make_poll(public_community, fasilitator)
