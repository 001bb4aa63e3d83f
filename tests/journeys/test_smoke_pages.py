"""Every page of learning journeys opens for its owner (a first net under the views)."""

import pytest

from komunitas.journeys.actions import do_record_checkin
from komunitas.journeys.models import Goal, LearningPlan, Reflection, Training, TrainingChallenge

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(member, community, pair):
    plan = LearningPlan.objects.create(owner=member, community=community, title="Umpan balik")
    Goal.objects.create(plan=plan, practice="Umpan balik yang membantu")
    plan.steps.create(description="Coba di kelas 4")
    checkin = do_record_checkin(plan=plan, author=member, status="on_track", note="Lancar")
    reflection = Reflection.objects.create(author=member, title="Hari ini", facts="Murid aktif")
    training = Training.objects.create(member=member, name="PGP", started_on="2026-01-05")
    TrainingChallenge.objects.create(training=training, title="Waktu kurang")
    return plan, checkin, reflection, training


def test_every_page_opens(login, member, things, community):
    plan, checkin, reflection, training = things
    client = login(member)
    for url in [
        "/",
        "/belajar/",
        "/belajar/rencana/",
        "/belajar/rencana/baru/",
        "/belajar/rencana/baru/bagja/",
        f"/belajar/rencana/{plan.pk}/",
        f"/belajar/rencana/{plan.pk}/ubah/",
        f"/belajar/rencana/{plan.pk}/cek/",
        "/belajar/pendampingan/",
        f"/belajar/k/{community.slug}/",
        "/belajar/refleksi/",
        "/belajar/refleksi/?dari=lain",
        "/belajar/refleksi/baru/",
        f"/belajar/refleksi/{reflection.pk}/",
        f"/belajar/refleksi/{reflection.pk}/ubah/",
        "/belajar/pelatihan/",
        "/belajar/pelatihan/baru/",
        f"/belajar/pelatihan/{training.pk}/",
        f"/belajar/pelatihan/{training.pk}/ubah/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_pendamping_and_the_fasilitator_open_theirs(
    login, mentor, fasilitator, things, community
):
    plan, checkin, *_ = things
    assert login(mentor).get(f"/belajar/cek/{checkin.pk}/tanggapi/").status_code == 200
    assert login(mentor).get("/belajar/pendampingan/").status_code == 200
    assert login(fasilitator).get(f"/belajar/k/{community.slug}/").status_code == 200
