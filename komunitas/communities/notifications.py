"""What members hear of from their communities: the kinds of notification this app owns.

The kinds are registered here, with their audience and their text. The actions of this app
(``actions.py``) announce them, each with one explicit ``announce`` call in the transaction of
the change, next to the entry it writes in the community's log: join requests to the
fasilitators, the answer to the one who asked, an invitation to the invited member when they
have an account, partner commitments to the fasilitators and the partner, a changed role or a
removal to that member, a stakeholder entry of a district map linked to an account to the person
named.
"""

from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import (
    FACILITATORS,
    MEMBERS,
    PARTNERS,
    Delivery,
    Kind,
    register,
    register_groups,
)


def _actor(event) -> str:
    return str(event.actor) if event.actor else gettext("Someone")


def _only_subject(event):
    return User.objects.filter(pk=event.data.get("user"))


def _join_request_text(event, count):
    if count > 1:
        return ngettext(
            "%(count)d teacher asks to join %(title)s",
            "%(count)d teachers ask to join %(title)s",
            count,
        ) % {"count": count, "title": event.title}
    return gettext("%(actor)s asks to join %(title)s") % {
        "actor": _actor(event),
        "title": event.title,
    }


def _role_text(event, count):
    from komunitas.communities.models import Membership

    role = Membership.Role(event.data.get("role", Membership.Role.ANGGOTA)).label
    return gettext("%(actor)s made you %(role)s in %(title)s") % {
        "actor": _actor(event),
        "role": role,
        "title": event.title,
    }


def _commitment_text(event, count):
    if count > 1:
        return ngettext(
            "%(count)d change to the support commitments of %(title)s",
            "%(count)d changes to the support commitments of %(title)s",
            count,
        ) % {"count": count, "title": event.title}
    return gettext("%(actor)s changed a support commitment of %(title)s") % {
        "actor": _actor(event),
        "title": event.title,
    }


JOIN_REQUEST = register(
    Kind(
        key="communities.join_request",
        label=_("Someone asks to join a community I facilitate"),
        audience=lambda event: event.target.facilitators(),
        action="community.manage",
        default=Delivery.IMMEDIATELY,
        for_whom={FACILITATORS},
        describe=_join_request_text,
    )
)
JOIN_APPROVED = register(
    Kind(
        key="communities.join_approved",
        label=_("My request to join a community is approved"),
        audience=_only_subject,
        action="community.view",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: (
            gettext("Welcome: you are now a member of %(title)s") % {"title": event.title}
        ),
    )
)
JOIN_DECLINED = register(
    Kind(
        key="communities.join_declined",
        label=_("My request to join a community is declined"),
        audience=_only_subject,
        action="community.view",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: (
            gettext("Your request to join %(title)s was declined: %(reason)s")
            % {"title": event.title, "reason": event.data.get("reason", "")}
        ),
    )
)
INVITED = register(
    Kind(
        key="communities.invitation",
        label=_("I am invited to a community"),
        audience=_only_subject,
        action="invitation.receive",
        default=Delivery.IN_APP,  # the invitation itself already came by e-mail
        describe=lambda event, count: (
            gettext("%(actor)s invites you to join %(title)s")
            % {"actor": _actor(event), "title": event.title}
        ),
    )
)
COMMITMENT_CHANGED = register(
    Kind(
        key="communities.commitment_changed",
        label=_("A partner's support commitment changes in my community"),
        audience=lambda event: User.objects.filter(
            Q(pk__in=event.target.facilitators().values("pk")) | Q(pk=event.data.get("partner"))
        ),
        action="community.view_members",
        default=Delivery.DAILY,
        for_whom={FACILITATORS, PARTNERS},
        describe=_commitment_text,
    )
)
ROLE_CHANGED = register(
    Kind(
        key="communities.role_changed",
        label=_("My role in a community changes"),
        audience=_only_subject,
        action="community.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=_role_text,
    )
)
REMOVED = register(
    Kind(
        key="communities.member_removed",
        label=_("I am removed from a community"),
        audience=_only_subject,
        action="membership.hear_of_removal",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            gettext("You were removed from %(title)s. The reason given: %(reason)s")
            % {"title": event.title, "reason": event.data.get("reason", "")}
        ),
    )
)
STAKEHOLDER_NAMED = register(
    Kind(
        key="communities.stakeholder_named",
        label=_("I am named as a stakeholder on a district map"),
        audience=_only_subject,
        action="stakeholder.hear_of_link",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: (
            gettext(
                "%(actor)s named you as a stakeholder on the district map of %(title)s. "
                "See what it says, or decline."
            )
            % {"actor": _actor(event), "title": event.title}
        ),
    )
)


def _groups_of(user) -> set[str]:
    """The groups of notifications a person is in through their memberships (one query)."""
    from komunitas.communities.models import Membership

    active = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    roles = set(active.values_list("role", flat=True))
    groups = {MEMBERS} if roles else set()
    if Membership.Role.FASILITATOR in roles:
        groups.add(FACILITATORS)
    if Membership.Role.MITRA in roles:
        groups.add(PARTNERS)
    return groups


register_groups(_groups_of)
