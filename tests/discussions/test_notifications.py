"""Events of discussions reach the right members through the real worker, and only those who
may still see the thing."""

import pytest
from django.urls import reverse

from komunitas.communities.actions import do_leave
from komunitas.discussions.models import Post
from komunitas.notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def _recipients(kind):
    return set(
        Notification.objects.filter(event__kind=kind).values_list("recipient__email", flat=True)
    )


def test_a_reply_reaches_the_asker_and_followers_a_mention_its_member(
    client, commit, run_worker, question, colleague, fasilitator, partner, mailoutbox
):
    client.force_login(partner)
    client.post(reverse("discussions:post_follow", args=[question.pk]))
    client.force_login(colleague)
    with commit():
        client.post(
            reverse("discussions:reply", args=[question.pk]),
            {"body": "Coba tiket keluar, @Ratna Kusuma pernah memakainya."},
        )
    run_worker()
    assert _recipients("discussions.reply") == {question.author.email, partner.email}
    assert _recipients("discussions.mention") == {fasilitator.email}
    assert any(question.title in m.subject or question.title in m.body for m in mailoutbox)


def test_the_solution_reaches_the_one_who_answered(
    client, commit, run_worker, question, answer, colleague
):
    client.force_login(question.author)
    with commit():
        client.post(reverse("discussions:solution", args=[question.pk]), {"reply": answer.pk})
    run_worker()
    assert colleague.email in _recipients("discussions.solution")


def test_a_former_member_hears_nothing_of_a_private_community(
    client, commit, run_worker, private_question, colleague, member
):
    client.force_login(colleague)
    client.post(reverse("discussions:post_follow", args=[private_question.pk]))
    do_leave(membership=private_question.community.membership_of(colleague))
    client.force_login(member)
    with commit():
        client.post(reverse("discussions:reply", args=[private_question.pk]), {"body": "Tambahan"})
    run_worker()
    assert colleague.email not in _recipients("discussions.reply")


def test_an_announcement_reaches_every_member(
    client, commit, run_worker, fasilitator, public_community, member, partner, colleague
):
    client.force_login(fasilitator)
    with commit():
        client.post(
            reverse("discussions:create", args=[public_community.slug, Post.Kind.ANNOUNCEMENT]),
            {"title": "Pertemuan Kamis", "body": "Pukul 14.00"},
        )
    run_worker()
    assert _recipients("discussions.announcement") == {member.email, partner.email, colleague.email}


def test_a_report_reaches_the_facilitators(client, commit, run_worker, answer, member, fasilitator):
    client.force_login(member)
    with commit():
        client.post(reverse("discussions:reply_report", args=[answer.pk]), {"reason": "spam"})
    run_worker()
    assert _recipients("discussions.report") == {fasilitator.email}


def _ask(client, author, community, kind, title="Murid saya enggan membaca"):
    client.force_login(author)
    client.post(
        reverse("discussions:create", args=[community.slug, kind]),
        {"title": title, "body": "Bagaimana memulainya?"},
    )


@pytest.mark.parametrize("kind", [Post.Kind.QUESTION, Post.Kind.CHALLENGE, Post.Kind.CONCERN])
def test_the_community_hears_that_a_colleague_asks(
    client, commit, run_worker, mailoutbox, kind, member, colleague, fasilitator, public_community
):
    """Pilot: nobody heard a colleague ask. Fasilitators hear at once by mail, anggota in the
    daily digest; the author hears nothing of their own post."""
    with commit():
        _ask(client, member, public_community, kind)
    run_worker()
    facilitated = Notification.objects.get(event__kind="discussions.asked_facilitated")
    assert facilitated.recipient == fasilitator
    assert facilitated.delivery == "immediately"
    assert _recipients("discussions.asked") == {colleague.email}
    assert Notification.objects.get(event__kind="discussions.asked").delivery == "daily"
    assert not Notification.objects.filter(recipient=member).exists()
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]
    assert "Murid saya enggan membaca" in mailoutbox[0].subject + mailoutbox[0].body


def test_each_members_choice_of_the_asking_kinds_is_kept(
    client, commit, run_worker, mailoutbox, member, colleague, fasilitator, public_community
):
    Preference.objects.create(user=colleague, kind="discussions.asked", delivery="immediately")
    Preference.objects.create(
        user=fasilitator, kind="discussions.asked_facilitated", delivery="never"
    )
    with commit():
        _ask(client, member, public_community, Post.Kind.QUESTION)
    run_worker()
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert not Notification.objects.filter(recipient=fasilitator).exists()


def test_a_private_communitys_question_reaches_only_its_members(
    client, commit, run_worker, member, colleague, outsider, partner, private_community
):
    with commit():
        _ask(client, member, private_community, Post.Kind.QUESTION)
    run_worker()
    everyone = set(Notification.objects.values_list("recipient__email", flat=True))
    assert outsider.email not in everyone
    assert everyone <= set(
        private_community.memberships.filter(status="active").values_list("user__email", flat=True)
    )
    assert colleague.email in everyone


def test_a_follower_of_the_topic_hears_of_the_question_once(
    client, commit, run_worker, colleague, member, public_community
):
    from komunitas.discussions.models import Tag, TagFollow

    TagFollow.objects.create(user=colleague, tag=Tag.from_names(["literasi"])[0])
    client.force_login(member)
    with commit():
        client.post(
            reverse("discussions:create", args=[public_community.slug, Post.Kind.QUESTION]),
            {"title": "Pojok baca", "body": "Ide?", "tags": "literasi"},
        )
    run_worker()
    assert Notification.objects.filter(recipient=colleague).count() == 1
