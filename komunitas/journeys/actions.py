"""Every change of a learning journey's state, in one place (docs/architecture.md, "Habits").

Views fetch the object and check who may act (``access_*`` in journeys/access.py, ``require``),
then call one ``do_*`` here; these do not check permissions. Each runs in one transaction and
announces its notification with one explicit ``announce`` call. Models change only their own
rows (``soft_delete``, ``toggle``, ``dismiss``, ...), called from here.
"""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komunitas.communities.models import Community, Membership
from komunitas.discussions.actions import do_create_post, do_record_application
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.journeys.models import (
    CheckIn,
    FollowUp,
    Goal,
    LearningPlan,
    Mentorship,
    MentorshipError,
    Reflection,
    Step,
    Training,
    TrainingChallenge,
)
from komunitas.journeys.notifications import (
    CHECKIN_POSTED,
    CHECKIN_RESPONSE,
    MENTORSHIP_ACCEPTED,
    MENTORSHIP_REQUEST,
)
from komunitas.lib import uploads
from komunitas.notifications.services import announce


class AlreadyShared(Exception):
    """Shared once already; the message says where."""


# --- plans, goals, steps -------------------------------------------------------------------------


@transaction.atomic
def do_create_plan(
    *, plan: LearningPlan, owner, goal: Goal, steps: Sequence[str] = ()
) -> LearningPlan:
    """Store a new learning plan of ``owner`` (an unsaved plan, e.g. a form's
    ``save(commit=False)``) with its first goal and, optionally, one step per description."""
    plan.owner = owner
    plan.save()
    goal.plan = plan
    goal.save()
    Step.objects.bulk_create(Step(plan=plan, description=d) for d in steps)
    return plan


@transaction.atomic
def do_update_plan(*, plan: LearningPlan) -> LearningPlan:
    """Save the changed fields of an existing plan."""
    plan.save()
    return plan


@transaction.atomic
def do_set_plan_status(*, plan: LearningPlan, status: str) -> LearningPlan:
    """Pause, finish or take up a plan again (taking it up sets the next check-in)."""
    plan.set_status(status)
    return plan


@transaction.atomic
def do_delete_plan(*, plan: LearningPlan) -> None:
    plan.soft_delete()


@transaction.atomic
def do_add_goal(*, plan: LearningPlan, goal: Goal) -> Goal:
    """Add an unsaved goal after the plan's other goals."""
    goal.plan = plan
    goal.position = plan.goals.count()
    goal.save()
    return goal


@transaction.atomic
def do_delete_goal(*, goal: Goal) -> bool:
    """Delete the goal unless it is the plan's last one; whether it was deleted."""
    if goal.plan.goals.count() <= 1:
        return False
    goal.delete()
    return True


@transaction.atomic
def do_add_step(*, plan: LearningPlan, step: Step) -> Step:
    step.plan = plan
    step.save()
    return step


@transaction.atomic
def do_update_step(*, step: Step) -> Step:
    step.save()
    return step


@transaction.atomic
def do_toggle_step(*, step: Step) -> Step:
    """Mark the step done, or not done again."""
    step.toggle()
    return step


@transaction.atomic
def do_delete_step(*, step: Step) -> None:
    step.delete()


# --- check-ins -----------------------------------------------------------------------------------


@uploads.atomic()
def do_record_checkin(
    *, plan: LearningPlan, author, status: str, note: str = "", evidence=None
) -> CheckIn:
    """Add a check-in; the next one falls due one cadence later; "done" achieves the plan. The
    plan's owner and pendamping hear of it."""
    now = timezone.now()
    checkin = CheckIn.objects.create(
        plan=plan, author=author, status=status, note=note, created_at=now
    )
    if evidence:
        checkin.evidence.save(evidence.name, evidence, save=True)
    plan.last_checkin_at = plan.last_activity_at = now
    plan.next_checkin_on = timezone.localdate(now) + datetime.timedelta(days=plan.checkin_every)
    plan.reminded_for = None
    fields = ["last_checkin_at", "last_activity_at", "next_checkin_on", "reminded_for"]
    if status == CheckIn.Status.DONE:
        plan.status, plan.finished_at = LearningPlan.Status.DONE, now
        fields += ["status", "finished_at"]
    plan.save(update_fields=[*fields, "updated_at"])
    announce(
        CHECKIN_POSTED,
        actor=author,
        target=plan,
        title=plan.title,
        url=reverse("journeys:plan", args=[plan.pk]) + f"#checkin-{checkin.pk}",
    )
    return checkin


@transaction.atomic
def do_respond_to_checkin(*, checkin: CheckIn, by, text: str) -> CheckIn:
    """The pendamping's (or a fasilitator's) response to a check-in; the owner hears of it."""
    checkin.response, checkin.responded_by, checkin.responded_at = text, by, timezone.now()
    checkin.save(update_fields=["response", "responded_by", "responded_at"])
    plan = checkin.plan
    announce(
        CHECKIN_RESPONSE,
        actor=by,
        target=plan,
        title=plan.title,
        url=reverse("journeys:plan", args=[plan.pk]) + f"#checkin-{checkin.pk}",
    )
    return checkin


# --- pendampingan --------------------------------------------------------------------------------


@transaction.atomic
def do_request_mentorship(
    *, community: Community, mentor, mentee, by, message: str = ""
) -> Mentorship:
    """Ask ``mentor`` to accompany ``mentee`` (by the mentee or a fasilitator of ``community``);
    those who must still agree hear of it.

    Both must be active members who post (fasilitator or anggota); a pair that is already waiting
    or active is not asked twice (``MentorshipError`` says why).
    """
    if mentor == mentee:
        raise MentorshipError(_("Choose someone else as pendamping."))
    roles = (Membership.Role.FASILITATOR, Membership.Role.ANGGOTA)
    community.forget_membership_cache()
    if community.role_of(mentor) not in roles or community.role_of(mentee) not in roles:
        raise MentorshipError(_("Both people must be members of the community."))
    if Mentorship.objects.open().filter(community=community, mentor=mentor, mentee=mentee).exists():
        raise MentorshipError(_("This pendampingan is already asked for or active."))
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        community=community,
        mentor=mentor,
        mentee=mentee,
        requested_by=by,
        message=message,
        # Asking is agreeing, for oneself only.
        mentor_agreed_at=now if by == mentor else None,
        mentee_agreed_at=now if by == mentee else None,
    )
    announce(
        MENTORSHIP_REQUEST,
        actor=by,
        target=mentorship,
        title=f"{mentorship.mentor.full_name} → {mentorship.mentee.full_name}",
        url=reverse("journeys:mentoring"),
    )
    return mentorship


@transaction.atomic
def do_accept_mentorship(*, mentorship: Mentorship, by) -> bool:
    """``by`` agrees for themselves; returns whether the pendampingan starts now (then the
    mentee hears of it)."""
    if not mentorship.agree(by=by):
        return False
    announce(
        MENTORSHIP_ACCEPTED,
        actor=mentorship.mentor,
        target=mentorship,
        title=mentorship.mentee.full_name,
        url=reverse("journeys:mentoring"),
    )
    return True


@transaction.atomic
def do_decline_mentorship(*, mentorship: Mentorship, by) -> None:
    mentorship.decline(by=by)


@transaction.atomic
def do_end_mentorship(*, mentorship: Mentorship, by) -> None:
    mentorship.end(by=by)


# --- reflections ---------------------------------------------------------------------------------


@transaction.atomic
def do_save_reflection(*, reflection: Reflection, author, about) -> Reflection:
    """Save a new or changed reflection about ``about``; a new one is ``author``'s."""
    if reflection.pk is None:
        reflection.author = author
    reflection.about = about
    reflection.save()
    return reflection


@transaction.atomic
def do_delete_reflection(*, reflection: Reflection) -> None:
    reflection.soft_delete()


@transaction.atomic
def do_share_reflection(
    *, reflection: Reflection, by, community: Community, check_rate: bool = True
) -> Post:
    """Publish the reflection in ``community`` as a Refleksi post, written by its author
    (discussions' action announces the post)."""
    if reflection.shared_post is not None and reflection.shared_post.deleted_at is None:
        raise AlreadyShared(_("This reflection is already shared."))
    post = do_create_post(
        author=by,
        community=community,
        kind=Post.Kind.REFLECTION,
        title=reflection.title,
        body=reflection.as_markdown(),
        check_rate=check_rate,
    )
    reflection.shared_post = post
    reflection.save(update_fields=["shared_post", "updated_at"])
    return post


# --- trainings and their challenges --------------------------------------------------------------


@transaction.atomic
def do_create_training(*, training: Training, member) -> Training:
    """Record an unsaved training that ``member`` took part in."""
    training.member = member
    training.save()
    return training


@transaction.atomic
def do_update_training(*, training: Training) -> Training:
    training.save()
    return training


@transaction.atomic
def do_delete_training(*, training: Training) -> None:
    training.soft_delete()


@transaction.atomic
def do_add_challenge(*, training: Training, challenge: TrainingChallenge) -> TrainingChallenge:
    challenge.training = training
    challenge.save()
    return challenge


@transaction.atomic
def do_delete_challenge(*, challenge: TrainingChallenge) -> None:
    challenge.soft_delete()


def _challenge_body(challenge: TrainingChallenge) -> str:
    training = challenge.training
    when = date_format(training.started_on, "j F Y")
    after = _("A challenge after the training “%(name)s”") % {"name": training.name}
    details = ", ".join(x for x in (training.organiser, when) if x)
    parts = [challenge.detail.strip(), f"_{after} ({details})._"]
    return "\n\n".join(p for p in parts if p)


@transaction.atomic
def do_post_challenge(
    *, challenge: TrainingChallenge, by, community: Community, check_rate: bool = True
) -> Post:
    """Take a training challenge to ``community`` as a Tantangan, linked back to the training."""
    if challenge.post is not None and challenge.post.deleted_at is None:
        raise AlreadyShared(_("This challenge is already posted."))
    post = do_create_post(
        author=by,
        community=community,
        kind=Post.Kind.CHALLENGE,
        title=challenge.title,
        body=_challenge_body(challenge),
        check_rate=check_rate,
    )
    challenge.post, challenge.community = post, community
    challenge.save(update_fields=["post", "community"])
    return post


# --- follow-ups ----------------------------------------------------------------------------------


@transaction.atomic
def do_answer_follow_up(*, follow_up: FollowUp, by, **report) -> ClassroomApplication:
    """The member's answer to a follow-up, recorded as applied in class (source FOLLOW_UP)."""
    application = do_record_application(
        member=by,
        target=follow_up.target,
        source=ClassroomApplication.Source.FOLLOW_UP,
        **report,
    )
    follow_up.answered(application)
    return application


@transaction.atomic
def do_dismiss_follow_up(*, follow_up: FollowUp) -> None:
    """ "Perhaps another time": the question is not asked again."""
    follow_up.dismiss()
