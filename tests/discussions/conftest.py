"""The people of tests/fixtures_communities.py (Ratna the fasilitator, Siti a member, Endang a
partner, Budi the outsider, the operator) and their two communities, plus a few posts."""

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.discussions.actions import do_create_post, do_reply
from komunitas.discussions.models import Post
from tests.factories import make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)


@pytest.fixture
def colleague(db, public_community, private_community):
    """Pak Joko, a second anggota of both communities (answers questions)."""
    joko = make_user("joko@contoh.test", full_name="Joko Widodo")
    do_add_member(community=public_community, user=joko, role=Membership.Role.ANGGOTA)
    do_add_member(community=private_community, user=joko, role=Membership.Role.ANGGOTA)
    return joko


@pytest.fixture
def question(member, public_community):
    return do_create_post(
        author=member,
        community=public_community,
        kind=Post.Kind.QUESTION,
        title="Bagaimana mengelompokkan murid menurut kesiapan belajar?",
        body="Kelas saya 32 murid. Ada saran **asesmen diagnostik** yang cepat?",
        tags=["asesmen diagnostik"],
    )


@pytest.fixture
def private_question(member, private_community):
    return do_create_post(
        author=member,
        community=private_community,
        kind=Post.Kind.QUESTION,
        title="Rahasia: jadwal supervisi",
        body="Hanya untuk lingkar ini.",
    )


@pytest.fixture
def answer(question, colleague):
    return do_reply(post=question, author=colleague, body="Coba tiket keluar 3 pertanyaan.")
