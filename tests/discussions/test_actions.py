"""The actions of discussions (komunitas/discussions/actions.py): each changes what it says,
writes its moderation log row, announces exactly its events, and undoes every step when a later
one fails (a failing INSERT is made by the database connection, not by mocking our code)."""

import contextlib

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from komunitas.discussions.actions import (
    do_create_post,
    do_decide_report,
    do_delete_post,
    do_delete_reply,
    do_hide,
    do_mark_solution,
    do_move_post,
    do_record_application,
    do_reply,
    do_report,
    do_set_flag,
    do_toggle_follow_post,
    do_toggle_follow_tag,
    do_unhide,
)
from komunitas.discussions.models import ModerationLog, Post, PostFollow, Reply, Report, Tag
from komunitas.notifications.models import Event

pytestmark = pytest.mark.django_db


def kinds():
    return sorted(Event.objects.values_list("kind", flat=True))


def log():
    return list(ModerationLog.objects.order_by("pk").values_list("action", "reason"))


@contextlib.contextmanager
def failing_insert(table):
    """Make the database refuse every INSERT into ``table`` while inside."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            raise DatabaseError(f"refused: {table}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


# --- what each announces


def test_a_question_is_announced_to_the_community_and_the_named(
    public_community, member, fasilitator
):
    post = do_create_post(
        author=member,
        community=public_community,
        kind=Post.Kind.QUESTION,
        title="Tanya",
        body="Mohon saran @Ratna Kusuma",
    )
    assert kinds() == ["discussions.asked", "discussions.asked_facilitated", "discussions.mention"]
    assert PostFollow.objects.filter(user=member, post=post).exists()


def test_an_announcement_is_announced_once(public_community, fasilitator):
    do_create_post(
        author=fasilitator, community=public_community, kind="announcement", title="Rapat"
    )
    assert kinds() == ["discussions.announcement"]


def test_a_reply_and_a_solution_are_announced(question, colleague, member):
    Event.objects.all().delete()
    reply = do_reply(post=question, author=colleague, body="Coba ini")
    assert kinds() == ["discussions.reply"]
    do_mark_solution(post=question, reply=reply, by=member)
    assert kinds() == ["discussions.reply", "discussions.solution"]
    question.refresh_from_db()
    assert question.solution == reply and question.reply_count == 1


def test_a_report_is_announced_and_its_decision_logged(question, colleague, fasilitator):
    Event.objects.all().delete()
    item = do_report(reporter=colleague, post=question, reason=Report.Reason.PRIVACY)
    assert kinds() == ["discussions.report"]
    assert do_decide_report(report=item, hide=True, by=fasilitator, reason="Nama murid")
    question.refresh_from_db()
    assert question.hidden_at is not None
    assert log() == [("hide", "Nama murid"), ("resolve_report", "Nama murid")]
    assert not do_decide_report(report=item, hide=False, by=fasilitator)  # once only
    assert kinds() == ["discussions.report"]  # deciding tells nobody


def test_following_and_topics_tell_nobody(question, colleague):
    Event.objects.all().delete()
    assert do_toggle_follow_post(user=colleague, post=question)
    assert not do_toggle_follow_post(user=colleague, post=question)
    tag = Tag.objects.get(slug="asesmen-diagnostik")
    assert do_toggle_follow_tag(user=colleague, tag=tag)
    assert kinds() == []


def test_applied_in_class_is_announced(question, answer, member, colleague):
    do_mark_solution(post=question, reply=answer, by=member)
    Event.objects.all().delete()
    application = do_record_application(
        member=colleague,
        target=question,
        applied_on=timezone.localdate(),
        class_name="4B",
        what_happened="Tiket keluar",
        outcome="better",
    )
    assert application.reply == answer
    assert kinds() == ["discussions.applied"]


# --- moderation writes its log rows


def test_moderation_writes_one_log_row_per_step(question, fasilitator, private_community):
    Event.objects.all().delete()
    do_set_flag(post=question, flag="locked", value=True, by=fasilitator, reason="Selesai")
    do_set_flag(post=question, flag="locked", value=True, by=fasilitator)  # no change, no row
    do_hide(item=question, by=fasilitator, reason="Iklan")
    do_unhide(item=question, by=fasilitator)
    do_move_post(post=question, by=fasilitator, community=private_community, reason="Lebih cocok")
    assert [action for action, _reason in log()] == ["lock", "hide", "unhide", "move", "move"]
    question.refresh_from_db()
    assert question.is_locked and question.hidden_at is None
    assert question.community == private_community
    assert kinds() == []


def test_featuring_is_logged_and_announced(member, fasilitator, public_community):
    practice = do_create_post(
        author=member,
        community=public_community,
        kind="good_practice",
        title="Praktik",
        sections={"context": "a", "what_i_did": "b"},
    )
    Event.objects.all().delete()
    do_set_flag(post=practice, flag="featured", value=True, by=fasilitator)
    assert log() == [("feature", "")] and kinds() == ["discussions.featured"]


def test_only_a_moderators_deletion_is_logged(question, answer, member, colleague, fasilitator):
    do_delete_reply(reply=answer, by=colleague)  # its author
    assert log() == []
    other = do_reply(post=question, author=colleague, body="Lagi")
    do_delete_reply(reply=other, by=fasilitator, reason="Kasar")
    do_delete_post(post=question, by=member)
    assert log() == [("delete", "Kasar")]
    question.refresh_from_db()
    assert question.deleted_at is not None and question.reply_count == 0


# --- all or nothing


def test_a_post_whose_event_fails_is_not_written(public_community, member):
    with pytest.raises(DatabaseError), failing_insert("notifications_event"):
        do_create_post(
            author=member,
            community=public_community,
            kind=Post.Kind.QUESTION,
            title="Tanya",
            tags=["literasi"],
        )
    assert not Post.objects.exists()
    assert not PostFollow.objects.exists()
    assert not Event.objects.exists()


def test_a_reply_whose_event_fails_leaves_the_thread_as_it_was(question, colleague):
    with pytest.raises(DatabaseError), failing_insert("notifications_event"):
        do_reply(post=question, author=colleague, body="Coba ini")
    question.refresh_from_db()
    assert not Reply.objects.exists()
    assert question.reply_count == 0 and question.first_reply_at is None
    assert not PostFollow.objects.filter(user=colleague).exists()


def test_hiding_whose_log_row_fails_hides_nothing(question, fasilitator):
    with pytest.raises(DatabaseError), failing_insert("discussions_moderationlog"):
        do_hide(item=question, by=fasilitator, reason="Iklan")
    question.refresh_from_db()
    assert question.hidden_at is None


def test_a_decision_whose_log_row_fails_leaves_the_report_open(question, colleague, fasilitator):
    item = do_report(reporter=colleague, post=question, reason=Report.Reason.SPAM)
    with pytest.raises(DatabaseError), failing_insert("discussions_moderationlog"):
        do_decide_report(report=item, hide=False, by=fasilitator)
    item.refresh_from_db()
    assert item.status == Report.Status.OPEN


def test_a_move_whose_second_log_row_fails_stays_where_it_was(
    question, fasilitator, private_community, public_community
):
    calls = []

    def refuse_second(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and '"discussions_moderationlog"' in sql:
            calls.append(sql)
            if len(calls) == 2:
                raise DatabaseError("refused")
        return execute(sql, params, many, context)

    with pytest.raises(DatabaseError), connection.execute_wrapper(refuse_second):
        do_move_post(post=question, by=fasilitator, community=private_community)
    question.refresh_from_db()
    assert question.community == public_community
    assert not ModerationLog.objects.exists()
