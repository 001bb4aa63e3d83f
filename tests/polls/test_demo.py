"""The demo's polls: an open, named poll on the next topic with votes in "Komunitas Praktisi
Pembelajaran Berdiferensiasi", and a closed anonymous one; built once."""

from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.polls.demo import TIME, TOPIC
from komunitas.polls.models import Poll, Vote
from tests.budget import ok


def test_the_demo_has_an_open_poll_with_votes_and_is_idempotent(demo, client):
    topic = Poll.objects.get(question=TOPIC)
    assert topic.community.name == "Komunitas Praktisi Pembelajaran Berdiferensiasi"
    assert topic.is_open() and topic.voters.count() >= 5
    closed = Poll.objects.get(question=TIME)
    assert not closed.is_open() and closed.anonymous
    assert not Vote.objects.filter(poll=closed, voter__isnull=False).exists()
    client.force_login(User.objects.get(email="guru@demo.test"))
    page = ok(client.get(topic.get_absolute_url())).content.decode()
    assert "<table>" in page and "Ubah pilihan saya" in page
    kepsek = User.objects.get(email="kepsek@demo.test")
    client.force_login(kepsek)
    ok(client.get(closed.get_absolute_url()))
    counts = (Poll.objects.count(), Vote.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Poll.objects.count(), Vote.objects.count()) == counts
