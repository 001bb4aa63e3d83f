"""Events of discussions reach the right members through the real worker, and only those who
may still see the thing."""

import pytest
from django.urls import reverse

from komunitas.discussions.models import Post
from komunitas.notifications.models import Notification

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
    private_question.community.membership_of(colleague).leave()
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
