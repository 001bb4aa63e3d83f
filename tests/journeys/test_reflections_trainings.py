"""The reflection journal (4F or free, linked to what it is about) and trainings with their
challenges."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from komunitas.journeys.about import about_key
from komunitas.journeys.actions import do_record_checkin, do_respond_to_checkin
from komunitas.journeys.models import LearningPlan, Reflection, Training, TrainingChallenge
from tests.budget import ok

pytestmark = pytest.mark.django_db


def _training(member, **fields):
    defaults = {
        "name": "Pendidikan Guru Penggerak",
        "organiser": "BGP DIY",
        "started_on": "2026-01-05",
    }
    return Training.objects.create(member=member, **{**defaults, **fields})


def test_a_4f_reflection_is_private_by_default_and_linked_to_a_plan(login, member, colleague):
    plan = LearningPlan.objects.create(owner=member, title="Rencana diferensiasi")
    client = login(member)
    form = client.get(f"/belajar/refleksi/baru/?tentang={about_key(plan)}")
    assert form.context["form"].initial["about"] == about_key(plan)
    response = client.post(
        "/belajar/refleksi/baru/",
        {
            "title": "Pertemuan pertama",
            "written_on": "2026-03-02",
            "template": "4f",
            "facts": "Murid bekerja dalam tiga kelompok",
            "feelings": "Cemas tapi senang",
            "findings": "Kelompok minat lebih hidup",
            "future": "Tambah pilihan produk",
            "about": about_key(plan),
            "visibility": "private",
        },
    )
    reflection = Reflection.objects.get()
    assert response.status_code == 302
    assert reflection.about == plan and reflection.visibility == "private"
    page = client.get(reflection.get_absolute_url()).content.decode()
    assert "Kelompok minat lebih hidup" in page and plan.get_absolute_url() in page
    assert login(colleague).get(reflection.get_absolute_url()).status_code == 404
    assert (
        reflection.get_absolute_url() in login(member).get(plan.get_absolute_url()).content.decode()
    )


def test_a_reflection_cannot_be_linked_to_someone_elses_plan(login, member, colleague):
    theirs = LearningPlan.objects.create(owner=colleague, title="Milik Wati", visibility="private")
    response = login(member).post(
        "/belajar/refleksi/baru/",
        {"title": "x", "written_on": "2026-03-02", "template": "free", "body": "teks",
         "about": about_key(theirs), "visibility": "private"},
    )  # fmt: skip
    assert response.status_code == 400 and "about" in response.context["form"].errors
    assert not Reflection.objects.exists()
    page = login(member).get(f"/belajar/refleksi/baru/?tentang={about_key(theirs)}")
    assert "Milik Wati" not in page.content.decode()


def test_an_empty_4f_comes_back_with_a_message(login, member):
    member.language = "en"
    member.save(update_fields=["language"])
    with translation.override("en"):
        response = login(member).post(
            "/belajar/refleksi/baru/",
            {
                "title": "Kosong",
                "written_on": "2026-03-02",
                "template": "4f",
                "visibility": "private",
            },
        )
    assert response.status_code == 400
    assert "at least one of the four parts" in response.content.decode()
    assert "Kosong" in response.content.decode()


def test_markdown_in_a_reflection_is_sanitised(login, member):
    reflection = Reflection.objects.create(
        author=member, title="x", template="free", body="**tebal** <script>alert(1)</script>"
    )
    page = login(member).get(reflection.get_absolute_url()).content.decode()
    assert "<strong>tebal</strong>" in page and "<script>alert(1)" not in page


def test_a_member_records_a_training_and_its_challenges(login, member):
    client = login(member)
    response = client.post(
        "/belajar/pelatihan/baru/",
        {"name": "Asesmen Diagnostik", "organiser": "Dinas Pendidikan Sleman",
         "started_on": "2026-02-10", "ended_on": "2026-02-12", "topics": "asesmen, diferensiasi"},
    )  # fmt: skip
    training = Training.objects.get()
    assert response.status_code == 302 and training.topic_list == ["asesmen", "diferensiasi"]
    client.post(training.get_absolute_url(), {"title": "Waktu asesmen terlalu lama", "detail": "…"})
    assert training.challenges.get().title == "Waktu asesmen terlalu lama"
    bad = client.post(training.get_absolute_url(), {"title": ""})
    assert bad.status_code == 400


def test_a_training_cannot_end_before_it_starts(login, member):
    response = login(member).post(
        "/belajar/pelatihan/baru/",
        {"name": "X", "started_on": "2026-02-10", "ended_on": "2026-02-01"},
    )
    assert response.status_code == 400 and "ended_on" in response.context["form"].errors


def test_trainings_are_their_members_own(login, member, colleague):
    training = _training(member)
    challenge = TrainingChallenge.objects.create(training=training, title="t")
    client = login(colleague)
    assert client.get(training.get_absolute_url()).status_code == 404
    assert client.post(f"/belajar/tantangan/{challenge.pk}/hapus/").status_code == 404
    challenge.refresh_from_db()
    assert challenge.deleted_at is None


def test_deletes_are_soft(login, member):
    training = _training(member)
    reflection = Reflection.objects.create(author=member, title="r", body="b", template="free")
    plan = LearningPlan.objects.create(owner=member, title="p")
    client = login(member)
    client.post(f"/belajar/pelatihan/{training.pk}/hapus/")
    client.post(f"/belajar/refleksi/{reflection.pk}/hapus/")
    client.post(f"/belajar/rencana/{plan.pk}/hapus/")
    assert Training.objects.filter(deleted_at__isnull=False).count() == 1
    assert Reflection.objects.filter(deleted_at__isnull=False).count() == 1
    assert LearningPlan.objects.filter(deleted_at__isnull=False).count() == 1
    assert client.get(training.get_absolute_url()).status_code == 404


LISTS = [
    "/belajar/",
    "/belajar/rencana/",
    "/belajar/refleksi/",
    "/belajar/refleksi/?dari=lain",
    "/belajar/pelatihan/",
    "/belajar/pendampingan/",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_run_the_same_queries_for_few_and_many(
    url, login, member, mentor, community, pair, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from komunitas.communities.actions import do_add_member
    from komunitas.journeys.models import Mentorship
    from tests.factories import make_user

    def add(n):
        for i in range(n):
            plan = LearningPlan.objects.create(owner=member, title=f"p{i}", visibility="mentor")
            plan.steps.create(description="s")
            Reflection.objects.create(author=member, title=f"r{i}", body="b", template="free")
            Reflection.objects.create(
                author=mentor, title=f"m{i}", body="b", template="free", visibility="community",
                community=community,
            )  # fmt: skip
            training = _training(member, name=f"t{i}")
            TrainingChallenge.objects.create(training=training, title="c")
            mentee = make_user()
            do_add_member(community=community, user=mentee)
            Mentorship.objects.create(
                community=community, mentor=member, mentee=mentee, status="active"
            )
            LearningPlan.objects.create(owner=mentee, title=f"mp{i}", visibility="mentor")

    client = login(member)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(25)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), url
    with django_assert_max_num_queries(15):
        client.get(url)


def test_the_plan_page_queries_do_not_grow_with_checkins_and_steps(login, member, mentor, pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = LearningPlan.objects.create(owner=member, title="p", visibility="mentor")
    plan.goals.create(practice="g")
    client = login(mentor)
    do_record_checkin(plan=plan, author=member, status="on_track")
    with CaptureQueriesContext(connection) as few:
        ok(client.get(plan.get_absolute_url()))
    for i in range(15):
        plan.steps.create(description=f"s{i}")
        plan.goals.create(practice=f"g{i}")
        c = do_record_checkin(plan=plan, author=member, status="stuck", note="n")
        do_respond_to_checkin(checkin=c, by=mentor, text="r")
    with CaptureQueriesContext(connection) as many:
        ok(client.get(plan.get_absolute_url()))
    assert len(many) == len(few) <= 15


def test_the_content_type_of_a_training_reflection_is_the_trainings(member):
    training = _training(member)
    r = Reflection.objects.create(author=member, title="x", body="b", template="free")
    r.about = training
    r.save()
    assert r.about_type == ContentType.objects.get_for_model(Training)
