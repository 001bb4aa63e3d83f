"""The events of learning journeys that members hear of (komunitas/notifications/kinds.py).

Each announce_* function runs inside the transaction of the change.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.journeys.models.followups import follow_up_question
from komunitas.notifications.kinds import MEMBERS, Delivery, Kind, register
from komunitas.notifications.services import announce

CHECKIN_DUE = "journeys.checkin_due"
CHECKIN_POSTED = "journeys.checkin_posted"
CHECKIN_RESPONSE = "journeys.checkin_response"
MENTORSHIP_REQUEST = "journeys.mentorship_request"
MENTORSHIP_ACCEPTED = "journeys.mentorship_accepted"


def _owner(event):
    return User.objects.filter(pk=event.target.owner_id)


def _mentors_of_owner(event):
    from komunitas.journeys.models import mentors_of

    return mentors_of(event.target.owner)


register(
    Kind(
        key=CHECKIN_DUE,
        label=_("A check-in on my learning plan is due"),
        audience=_owner,
        action="plan.checkin",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: (
            _("Time for a check-in on your learning plan “%(title)s”") % {"title": event.title}
        ),
    )
)
register(
    Kind(
        key=CHECKIN_POSTED,
        label=_("Someone I accompany checks in on their learning plan"),
        audience=_mentors_of_owner,
        action="plan.view",
        default=Delivery.DAILY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            _("%(actor)s checked in on “%(title)s”") % {"actor": event.actor, "title": event.title}
        ),
    )
)
register(
    Kind(
        key=CHECKIN_RESPONSE,
        label=_("My pendamping responds to my check-in"),
        audience=_owner,
        action="plan.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            _("%(actor)s responded to your check-in on “%(title)s”")
            % {"actor": event.actor, "title": event.title}
        ),
    )
)
register(
    Kind(
        key=MENTORSHIP_REQUEST,
        label=_("Someone asks me to be a pendamping, or proposes one for me"),
        audience=lambda event: User.objects.filter(pk__in=event.target.awaiting_ids()),
        action="mentorship.respond",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            _("%(actor)s proposes a pendampingan: %(title)s")
            % {"actor": event.actor, "title": event.title}
        ),
    )
)
register(
    Kind(
        key=MENTORSHIP_ACCEPTED,
        label=_("A pendamping accepts to accompany me"),
        audience=lambda event: User.objects.filter(
            pk__in=[event.target.mentee_id, event.target.requested_by_id]
        ),
        action="mentorship.view",
        default=Delivery.IN_APP,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            _("%(actor)s is now the pendamping of %(title)s")
            % {"actor": event.actor, "title": event.title}
        ),
    )
)


def announce_checkin(checkin):
    plan = checkin.plan
    announce(
        CHECKIN_POSTED,
        actor=checkin.author,
        target=plan,
        title=plan.title,
        url=reverse("journeys:plan", args=[plan.pk]) + f"#checkin-{checkin.pk}",
    )


def announce_checkin_response(checkin):
    plan = checkin.plan
    announce(
        CHECKIN_RESPONSE,
        actor=checkin.responded_by,
        target=plan,
        title=plan.title,
        url=reverse("journeys:plan", args=[plan.pk]) + f"#checkin-{checkin.pk}",
    )


def announce_checkin_due(plan):
    announce(
        CHECKIN_DUE,
        actor=None,
        target=plan,
        title=plan.title,
        url=reverse("journeys:checkin", args=[plan.pk]),
    )


def announce_mentorship_request(mentorship, *, by):
    announce(
        MENTORSHIP_REQUEST,
        actor=by,
        target=mentorship,
        title=f"{mentorship.mentor.full_name} → {mentorship.mentee.full_name}",
        url=reverse("journeys:mentoring"),
    )


def announce_mentorship_accepted(mentorship):
    announce(
        MENTORSHIP_ACCEPTED,
        actor=mentorship.mentor,
        target=mentorship,
        title=mentorship.mentee.full_name,
        url=reverse("journeys:mentoring"),
    )


FOLLOW_UP = "journeys.follow_up"


def _follow_up_reason(event) -> str:
    """What the question is about; events recorded before the reason was kept ask their row."""
    if "reason" in event.data:
        return event.data["reason"]
    return getattr(event.target, "reason", "")


register(
    Kind(
        key=FOLLOW_UP,
        label=_("Did I try in class what I saved or heard?"),
        audience=lambda event: User.objects.filter(pk=event.target.member_id),
        action="followup.answer",
        default=Delivery.DAILY,
        describe=lambda event, count: follow_up_question(_follow_up_reason(event), event.title),
    )
)


def announce_follow_up(follow_up):
    target = follow_up.target
    announce(
        FOLLOW_UP,
        actor=None,
        target=follow_up,
        title=str(getattr(target, "title", None) or target),
        url=follow_up.get_absolute_url(),
        reason=follow_up.reason,
    )
