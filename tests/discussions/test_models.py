"""The model layer: who sees which post, how posts are written, solved, applied in class."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from komunitas.discussions.actions import (
    do_create_post,
    do_hide,
    do_mark_solution,
    do_record_application,
    do_reply,
    do_toggle_reaction,
)
from komunitas.discussions.models import (
    ClassroomApplication,
    Mention,
    ModerationLog,
    Post,
    PostFollow,
    Reaction,
    Reply,
    SolutionError,
)
from komunitas.notifications.models import Event
from komunitas.permissions import require
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_visible_to_follows_the_community(
    question, private_question, member, partner, outsider, operator
):
    assert set(Post.objects.visible_to(member)) == {question, private_question}
    assert set(Post.objects.visible_to(partner)) == {question, private_question}
    assert list(Post.objects.visible_to(outsider)) == [question]
    assert set(Post.objects.visible_to(operator)) == {question, private_question}
    assert not Post.objects.visible_to(AnonymousUser()).exists()


def test_a_hidden_post_is_seen_by_its_author_and_moderators_only(
    question, member, fasilitator, colleague, outsider, operator
):
    do_hide(item=question, by=fasilitator, reason="Menyebut nama murid")
    assert question in Post.objects.visible_to(member)
    assert question in Post.objects.visible_to(fasilitator)
    assert question in Post.objects.visible_to(operator)
    assert question not in Post.objects.visible_to(colleague)
    assert question not in Post.objects.visible_to(outsider)
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.actor, entry.reason) == ("hide", fasilitator, "Menyebut nama murid")


def test_a_deleted_post_is_seen_by_nobody(question, member, operator):
    question.soft_delete(by=member)
    assert not Post.objects.visible_to(member).exists()
    assert not Post.objects.visible_to(operator).exists()
    assert Post.objects.filter(pk=question.pk).exists()  # soft


def test_who_may_post_is_checked_before_the_action(public_community, partner, outsider, member):
    # Actions check no permission; the view (and journeys' services) require these first.
    for person in (partner, outsider):
        with pytest.raises(PermissionDenied):
            require(person, "post.create", public_community)
    require(member, "post.create", public_community)
    with pytest.raises(PermissionDenied):
        require(member, "post.announce", public_community)


def test_create_post_keeps_sections_tags_and_follows(public_community, fasilitator):
    post = do_create_post(
        author=fasilitator,
        community=public_community,
        kind=Post.Kind.GOOD_PRACTICE,
        title="Pojok baca kelas 2",
        sections={"context": "Kelas 2, 28 murid", "what_i_did": "Pojok baca", "bogus": "x"},
        tags=["Literasi", "literasi ", "Kelas Awal"],
    )
    assert post.context == "Kelas 2, 28 murid"
    assert sorted(post.tags.values_list("slug", flat=True)) == ["kelas-awal", "literasi"]
    assert PostFollow.objects.filter(user=fasilitator, post=post).exists()
    assert Event.objects.filter(kind="discussions.tag_post").count() == 1


def test_the_first_reply_is_timed_but_not_the_askers_own(question, member, colleague):
    do_reply(post=question, author=member, body="Tambahan: kelas 4.")
    question.refresh_from_db()
    assert question.first_reply_at is None and question.reply_count == 1
    reply = do_reply(post=question, author=colleague, body="Coba tiket keluar.")
    question.refresh_from_db()
    assert question.first_reply_at == reply.created_at
    assert question.first_reply_at >= question.created_at
    assert Event.objects.filter(kind="discussions.reply").count() == 2


def test_the_asker_or_a_fasilitator_marks_the_solution(
    question, answer, member, fasilitator, colleague
):
    with pytest.raises(PermissionDenied):
        require(colleague, "post.mark_solution", question)
    require(member, "post.mark_solution", question)
    do_mark_solution(post=question, reply=answer, by=member)
    question.refresh_from_db()
    assert question.solution == answer and question.solved_at is not None
    assert question.solved_at >= question.created_at
    do_mark_solution(post=question, reply=answer, by=fasilitator)  # a fasilitator may too


def test_a_solution_must_be_a_live_reply_of_a_solvable_post(
    question, answer, member, public_community, colleague
):
    reflection = do_create_post(
        author=member, community=public_community, kind="reflection", title="Refleksi 4F"
    )
    other = do_reply(post=reflection, author=colleague, body="Bagus")
    with pytest.raises(SolutionError):
        reflection.mark_solution(other, by=member)
    with pytest.raises(SolutionError):
        question.mark_solution(other, by=member)
    answer.soft_delete(by=colleague)
    with pytest.raises(SolutionError):
        question.mark_solution(answer, by=member)


def test_deleting_the_solution_unsolves_the_post(question, answer, member, colleague):
    do_mark_solution(post=question, reply=answer, by=member)
    answer.soft_delete(by=colleague)
    question.refresh_from_db()
    assert question.solution is None and question.solved_at is None
    assert Reply.objects.get(pk=answer.pk).deleted_by == colleague


def test_reactions_count_once_per_person(question, colleague, fasilitator):
    assert do_toggle_reaction(user=colleague, post=question, kind="useful") is True
    assert do_toggle_reaction(user=fasilitator, post=question, kind="useful") is True
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(user=colleague, post=question, kind="useful")
    assert do_toggle_reaction(user=colleague, post=question, kind="useful") is False
    assert Reaction.objects.filter(post=question).count() == 1


def test_mentions_find_members_by_their_full_name(question, colleague, fasilitator, outsider):
    reply = do_reply(
        post=question,
        author=colleague,
        body="Setuju dengan @Ratna Kusuma, dan @Budi Santoso juga? email@contoh.test",
    )
    assert list(Mention.objects.values_list("user", "reply")) == [(fasilitator.pk, reply.pk)]
    assert Event.objects.filter(kind="discussions.mention").count() == 1


def test_applied_in_class_follows_the_target_and_summarises(
    question, answer, member, colleague, fasilitator, outsider
):
    with pytest.raises(PermissionDenied):  # not solved yet
        require(fasilitator, "application.create", question)
    do_mark_solution(post=question, reply=answer, by=member)
    for person, outcome in ((fasilitator, "better"), (colleague, "same"), (member, "better")):
        do_record_application(
            member=person,
            target=question,
            applied_on=timezone.localdate(),
            class_name="4B",
            what_happened="Tiket keluar tiga pertanyaan",
            outcome=outcome,
        )
    with pytest.raises(PermissionDenied):
        require(outsider, "application.create", question)
    application = ClassroomApplication.objects.for_target(question).first()
    assert application.reply == answer and application.community == question.community
    other = do_create_post(
        author=member, community=question.community, kind="question", title="Lain"
    )
    summary = ClassroomApplication.objects.summary_for([question, other])
    assert summary[question.pk] == {"total": 3, "better": 2, "same": 1, "worse": 0}
    assert summary[other.pk]["total"] == 0


def test_rate_limit_stops_a_flood_of_posts(public_community, member, settings):
    from komunitas.discussions.limits import RateLimited

    settings.DISCUSSIONS_POSTS_PER_HOUR = 2
    for n in range(2):
        do_create_post(author=member, community=public_community, kind="concern", title=f"K{n}")
    with pytest.raises(RateLimited):
        do_create_post(author=member, community=public_community, kind="concern", title="K3")


def test_a_stranger_is_never_mentioned(question):
    stranger = make_user(full_name="Orang Asing")
    do_reply(post=question, author=question.author, body="@Orang Asing halo")
    assert not Mention.objects.filter(user=stranger).exists()
