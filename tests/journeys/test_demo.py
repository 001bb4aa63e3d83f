from django.core.management import call_command

from komunitas.journeys.models import (
    CheckIn,
    LearningPlan,
    Mentorship,
    Reflection,
    Training,
    TrainingChallenge,
)


def _counts():
    return [
        m.objects.count()
        for m in (LearningPlan, CheckIn, Mentorship, Reflection, Training, TrainingChallenge)
    ]


def test_the_demo_has_plans_at_every_stage_a_pair_and_a_stalled_plan(demo, client):
    guru = LearningPlan.objects.filter(owner__email="guru@demo.test")
    assert guru.filter(status="active").count() == 2 and guru.filter(status="done").exists()
    assert guru.filter(bagja_question__gt="").exists()
    assert (
        Mentorship.objects.active()
        .filter(mentor__email="penggerak@demo.test", mentee__email="guru@demo.test")
        .exists()
    )
    assert Mentorship.objects.pending().filter(mentor__email="guru@demo.test").exists()
    assert LearningPlan.objects.stalled(4).exists()
    assert CheckIn.objects.exclude(response="").exists()
    assert Reflection.objects.filter(author__email="guru@demo.test", template="4f").exists()
    assert TrainingChallenge.objects.filter(training__member__email="guru@demo.test").count() >= 2

    solved = TrainingChallenge.objects.filter(post__solved_at__isnull=False).get()
    from komunitas.discussions.models import ClassroomApplication

    assert ClassroomApplication.objects.filter(
        member__email="guru@demo.test", target_id=solved.post_id
    ).exists()

    from komunitas.journeys.models import FollowUp

    assert FollowUp.objects.open().filter(member__email="guru@demo.test").exists()

    from komunitas.accounts.models import User

    client.force_login(User.objects.get(email="penggerak@demo.test"))
    overview = client.get("/belajar/k/pembelajaran-berdiferensiasi/?show=stalled&weeks=4")
    assert overview.context["overview"].object_list
    client.force_login(User.objects.get(email="guru@demo.test"))
    assert "/belajar/tindak-lanjut/" in client.get("/").content.decode()


def test_the_demo_is_idempotent(demo):
    before = _counts()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == before
