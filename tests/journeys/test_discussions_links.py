"""Where learning journeys meet discussions: a reflection shared as a Refleksi post, a training
challenge posted as a Tantangan and solved by the community, the trainings that leave challenges,
and applying a solution in class."""

import datetime

import pytest
from django.utils import timezone

from komunitas.discussions.actions import do_create_post, do_mark_solution, do_reply
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.journeys.actions import do_post_challenge
from komunitas.journeys.models import Reflection, Training, TrainingChallenge
from komunitas.journeys.views.mentoring import training_challenges
from tests.budget import ok
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _training(member, name="Asesmen Diagnostik", organiser="Dinas Sleman"):
    return Training.objects.create(
        member=member, name=name, organiser=organiser, started_on=datetime.date(2026, 2, 10)
    )


def _apply_url(post):
    """Discussions' shared "Saya terapkan di kelas" form, which the training page links to."""
    from django.contrib.contenttypes.models import ContentType

    return f"/diskusi/terapkan/{ContentType.objects.get_for_model(Post).pk}/{post.pk}/"


def _solve(post, by, helper, body="Gunakan asesmen singkat lima soal."):
    reply = do_reply(post=post, author=helper, body=body, check_rate=False)
    do_mark_solution(post=post, reply=reply, by=by)
    post.refresh_from_db()
    return reply


def test_a_reflection_is_shared_as_a_refleksi_post(login, member, community):
    reflection = Reflection.objects.create(
        author=member, title="Minggu pertama", facts="Murid aktif", future="Tambah kartu"
    )
    response = login(member).post(
        f"/belajar/refleksi/{reflection.pk}/bagikan/", {"community": community.pk}
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.kind == Post.Kind.REFLECTION and post.author == member
    assert (
        post.community == community and "Murid aktif" in post.body and "Tambah kartu" in post.body
    )
    reflection.refresh_from_db()
    assert reflection.shared_post == post
    # shared once: a second try changes nothing
    login(member).post(f"/belajar/refleksi/{reflection.pk}/bagikan/", {"community": community.pk})
    assert Post.objects.count() == 1


def test_only_the_author_shares_and_only_where_they_post(
    login, member, partner, mentor, community, pair
):
    reflection = Reflection.objects.create(
        author=member, title="x", body="y", template="free", visibility="mentor"
    )
    assert (
        login(mentor)
        .post(f"/belajar/refleksi/{reflection.pk}/bagikan/", {"community": community.pk})
        .status_code
        == 403
    )
    elsewhere = make_user()
    from tests.factories import make_community

    foreign = make_community(elsewhere)
    login(member).post(f"/belajar/refleksi/{reflection.pk}/bagikan/", {"community": foreign.pk})
    assert not Post.objects.exists()


def test_a_challenge_becomes_a_tantangan_and_its_solution_shows_on_the_training(
    login, member, colleague, community
):
    training = _training(member)
    challenge = TrainingChallenge.objects.create(
        training=training, title="Asesmen terlalu lama", detail="Dua jam pelajaran habis."
    )
    client = login(member)
    response = client.post(f"/belajar/tantangan/{challenge.pk}/kirim/", {"community": community.pk})
    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.kind == Post.Kind.CHALLENGE and post.title == "Asesmen terlalu lama"
    assert "Asesmen Diagnostik" in post.body  # linked back to the training in its words
    challenge.refresh_from_db()
    assert challenge.post == post and challenge.community == community

    page = client.get(training.get_absolute_url()).content.decode()
    assert post.get_absolute_url() in page
    _solve(post, member, colleague)
    page = client.get(training.get_absolute_url())
    assert page.context["solved"] == 1
    assert "Gunakan asesmen singkat lima soal." in page.content.decode()
    assert _apply_url(post) in page.content.decode()


def test_the_member_logs_applying_the_solution_and_it_counts_once(
    login, member, colleague, community
):
    challenge = TrainingChallenge.objects.create(training=_training(member), title="Ramai")
    post = do_post_challenge(challenge=challenge, by=member, community=community)
    client = login(member)
    assert (
        _apply_url(post) not in client.get(challenge.training.get_absolute_url()).content.decode()
    )
    reply = _solve(post, member, colleague)
    response = client.post(
        _apply_url(post),
        {"applied_on": timezone.localdate().isoformat(), "class_name": "4B",
         "what_happened": "Murid lebih tenang", "outcome": "better"},
    )  # fmt: skip
    assert response.status_code == 302
    application = ClassroomApplication.objects.get()
    assert application.target == post and application.reply == reply
    assert application.source == ClassroomApplication.Source.DIRECT
    page = client.get(challenge.training.get_absolute_url()).content.decode()
    assert _apply_url(post) not in page
    assert "/belajar/portofolio/" in page


def test_fasilitators_and_partners_see_which_trainings_leave_which_challenges(
    login, member, colleague, mentor, fasilitator, partner, outsider, community
):
    for person, titles in ((member, ["a", "b"]), (colleague, ["c"])):
        name = "asesmen diagnostik" if person == colleague else "Asesmen Diagnostik"
        training = _training(person, name=name)
        for title in titles:
            challenge = TrainingChallenge.objects.create(training=training, title=title)
            do_post_challenge(challenge=challenge, by=person, community=community)
    other = TrainingChallenge.objects.create(
        training=_training(mentor, name="Literasi", organiser="BGP"), title="d"
    )
    _solve(do_post_challenge(challenge=other, by=mentor, community=community), mentor, colleague)
    TrainingChallenge.objects.create(training=_training(mentor), title="not posted")

    rows = list(training_challenges(community))
    assert [(r["name"], r["members"], r["challenges"], r["solved"]) for r in rows] == [
        ("Asesmen Diagnostik", 2, 3, 0),
        ("Literasi", 1, 1, 1),
    ]
    for person in (fasilitator, partner):
        page = login(person).get(f"/belajar/k/{community.slug}/")
        assert page.context["trainings"].object_list, person
    assert "trainings" not in login(member).get(f"/belajar/k/{community.slug}/").context
    assert (
        "not posted" not in login(fasilitator).get(f"/belajar/k/{community.slug}/").content.decode()
    )


def test_the_training_page_queries_do_not_grow_with_challenges(login, member, colleague, community):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    training = _training(member)
    client = login(member)

    def add(n):
        for i in range(n):
            challenge = TrainingChallenge.objects.create(training=training, title=f"c{i}")
            post = do_post_challenge(challenge=challenge, by=member, community=community)
            _solve(post, member, colleague)

    add(1)
    ok(client.get(training.get_absolute_url()))  # warm: the first visit may fill a cache
    with CaptureQueriesContext(connection) as few:
        ok(client.get(training.get_absolute_url()))
    add(6)
    with CaptureQueriesContext(connection) as many:
        ok(client.get(training.get_absolute_url()))
    assert len(many) == len(few) <= 15


def test_a_goal_answers_a_concern_the_member_posted(login, member, community, private_community):
    from komunitas.discussions.actions import do_create_post
    from komunitas.journeys.models import LearningPlan, Mentorship

    concern = do_create_post(
        author=member, community=private_community, kind=Post.Kind.CONCERN,
        title="Murid kelas 1 belum bisa membaca", check_rate=False,
    )  # fmt: skip
    client = login(member)
    form = client.get("/belajar/rencana/baru/").context["goal_form"]
    assert list(form.fields["concern"].queryset) == [concern]
    client.post(
        "/belajar/rencana/baru/",
        {"title": "Literasi", "checkin_every": 14, "visibility": "mentor",
         "goal-practice": "Membaca terbimbing", "goal-concern": concern.pk},
    )  # fmt: skip
    plan = LearningPlan.objects.get()
    assert plan.goals.get().concern == concern
    assert concern.get_absolute_url() in client.get(plan.get_absolute_url()).content.decode()
    # A pendamping from another community reads the plan, not the private concern.
    outside = make_user()
    from komunitas.communities.actions import do_add_member

    do_add_member(community=community, user=outside)
    Mentorship.objects.create(
        community=community, mentor=outside, mentee=member, status="active", requested_by=member
    )
    page = login(outside).get(plan.get_absolute_url()).content.decode()
    assert "Literasi" in page and concern.get_absolute_url() not in page


def test_a_reflection_can_be_about_a_bookmarked_post(login, member, colleague, community):
    from komunitas.discussions.actions import do_create_post
    from komunitas.discussions.models import Bookmark
    from komunitas.journeys.about import about_key

    post = do_create_post(
        author=colleague, community=community, kind=Post.Kind.GOOD_PRACTICE, title="Pojok baca",
        sections={"what_i_did": "x"}, check_rate=False,
    )  # fmt: skip
    Bookmark.objects.create(user=member, post=post)
    client = login(member)
    client.post(
        "/belajar/refleksi/baru/",
        {"title": "Setelah membaca praktik baik", "written_on": "2026-03-02", "template": "free",
         "body": "Saya ingin mencobanya", "about": about_key(post), "visibility": "private"},
    )  # fmt: skip
    reflection = Reflection.objects.get()
    assert reflection.about == post
    assert post.get_absolute_url() in client.get(reflection.get_absolute_url()).content.decode()


def test_sharing_a_reflection_past_the_post_limit_answers_429_with_retry_after(
    login, member, community, settings
):
    settings.DISCUSSIONS_POSTS_PER_HOUR = 1
    do_create_post(author=member, community=community, kind="question", title="Satu", body="a")
    reflection = Reflection.objects.create(author=member, title="x", body="y", template="free")

    response = login(member).post(
        f"/belajar/refleksi/{reflection.pk}/bagikan/", {"community": community.pk}
    )

    assert response.status_code == 429
    assert 59 * 60 < int(response["Retry-After"]) <= 60 * 60
    assert reflection.get_absolute_url() in response.content.decode()
