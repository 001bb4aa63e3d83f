"""What onboarding tells people: a school asked for (to the operators and the Dinas of its
kabupaten/kota, who may answer) and the answer (to the teacher who asked)."""

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import EVERYONE, OPERATORS, PARTNERS, Delivery, Kind, register


def _approvers(event):
    request = event.target
    return User.objects.filter(
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(role=User.Role.OPERATOR)
        | Q(role=User.Role.DINAS, regency_id=request.regency_id),
        is_active=True,
    )


def _asked_text(event, count):
    actor = str(event.actor) if event.actor else gettext("Someone")
    return gettext("%(actor)s asks to add the school %(title)s") % {
        "actor": actor,
        "title": event.title,
    }


def _answered_text(event, count):
    if event.data.get("approved"):
        return gettext("The school %(title)s was added") % {"title": event.title}
    return gettext("Your request for the school %(title)s was declined") % {"title": event.title}


SCHOOL_REQUESTED = register(
    Kind(
        key="onboarding.school_requested",
        label=_("A teacher asks to add a school in my area"),
        audience=_approvers,
        action="onboarding.decide_school_request",
        default=Delivery.IMMEDIATELY,
        describe=_asked_text,
        for_whom={OPERATORS, PARTNERS},
    )
)

SCHOOL_ANSWERED = register(
    Kind(
        key="onboarding.school_answered",
        label=_("My request to add a school was answered"),
        audience=lambda event: User.objects.filter(pk=event.target.requested_by_id),
        action="onboarding.view_school_request",
        default=Delivery.IMMEDIATELY,
        describe=_answered_text,
        for_whom={EVERYONE},
    )
)
