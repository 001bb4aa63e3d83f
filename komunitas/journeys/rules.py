"""Who may see and do what with learning plans, check-ins, mentoring, reflections and trainings
(see komunitas/permissions.py and models/visibility.py).

A member's learning is theirs: plans and reflections are read by whom the member chose, never by
operators or fasilitators as such. A fasilitator sees, for the community, only who has a plan and
when they last checked in; fasilitators and partners see which trainings leave which challenges
in their community, counted from the challenges members posted there.
"""

from komunitas.communities.models import Membership
from komunitas.journeys.models import (
    CheckIn,
    LearningPlan,
    Mentorship,
    Reflection,
    Training,
    is_mentor_of,
)
from komunitas.journeys.models.visibility import Visibility, may_read
from komunitas.permissions import rule

Role = Membership.Role


def _alive(community) -> bool:
    return community is not None and community.deleted_at is None


@rule("plan.create")
def _plan_create(user, _obj):
    return True


@rule("plan.view")
def _plan_view(user, plan: LearningPlan):
    return may_read(user, plan, plan.owner)


@rule("plan.edit")
def _plan_edit(user, plan: LearningPlan):
    return plan.deleted_at is None and plan.owner_id == user.pk


@rule("plan.checkin")
def _plan_checkin(user, plan: LearningPlan):
    return plan.is_active and plan.owner_id == user.pk


@rule("checkin.respond")
def _checkin_respond(user, checkin: CheckIn):
    plan = checkin.plan
    return (
        plan.deleted_at is None
        and plan.visibility != Visibility.PRIVATE
        and is_mentor_of(user, plan.owner)
    )


@rule("mentorship.propose")
def _mentorship_propose(user, community):
    """A fasilitator pairs a pendamping with a member of their community."""
    return _alive(community) and community.role_of(user) == Role.FASILITATOR


@rule("mentorship.ask")
def _mentorship_ask(user, community):
    return _alive(community) and community.role_of(user) in (Role.FASILITATOR, Role.ANGGOTA)


@rule("mentorship.view")
def _mentorship_view(user, mentorship: Mentorship):
    return user.pk in (mentorship.mentor_id, mentorship.mentee_id) or (
        _alive(mentorship.community) and mentorship.community.role_of(user) == Role.FASILITATOR
    )


@rule("mentorship.respond")
def _mentorship_respond(user, mentorship: Mentorship):
    """Each party answers for themselves: the pendamping and the member, except who asked."""
    return (
        mentorship.is_pending
        and user.pk in mentorship.awaiting_ids()
        and _alive(mentorship.community)
        and mentorship.community.role_of(user) is not None
    )


@rule("mentorship.end")
def _mentorship_end(user, mentorship: Mentorship):
    if mentorship.status not in (Mentorship.Status.PENDING, Mentorship.Status.ACTIVE):
        return False
    return _mentorship_view(user, mentorship)


@rule("journeys.overview")
def _overview(user, community):
    """Who has no plan and whose plan stalled: dates and counts, never the plans themselves."""
    return _alive(community) and community.role_of(user) == Role.FASILITATOR


@rule("reflection.create")
def _reflection_create(user, _obj):
    return True


@rule("reflection.view")
def _reflection_view(user, reflection: Reflection):
    return may_read(user, reflection, reflection.author)


@rule("reflection.edit")
def _reflection_edit(user, reflection: Reflection):
    return reflection.deleted_at is None and reflection.author_id == user.pk


@rule("training.view")
def _training_view(user, training: Training):
    return training.deleted_at is None and training.member_id == user.pk


@rule("training.edit")
def _training_edit(user, training: Training):
    return training.deleted_at is None and training.member_id == user.pk


@rule("training.insights")
def _training_insights(user, community):
    return _alive(community) and community.role_of(user) in (Role.FASILITATOR, Role.MITRA)


@rule("followup.answer")
def _follow_up_answer(user, follow_up):
    return follow_up.member_id == user.pk and follow_up.is_open
