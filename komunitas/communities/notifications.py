"""What members hear of from their communities: the kinds of notification this app owns.

The community's own accountability log (``models/log.py``) records every change; ``announce``
turns the entries that someone needs to hear of into notification events, in the same
transaction (join requests to the fasilitators, the answer to the one who asked, an invitation to
the invited member when they have an account, partner commitments to the fasilitators and the
partner, a changed role or a removal to that member, a stakeholder entry of a district map linked
to an account to the person named).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import FACILITATORS, MEMBERS, PARTNERS, Delivery, Kind, register
from komunitas.notifications.services import announce


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


def _announce_district_change(log_entry) -> None:
    """Being named on a district map reaches the person named; the title is the district, never
    a community (the entry may support a private one they cannot see)."""
    from komunitas.communities.models import LogEntry, Stakeholder

    if log_entry.kind != LogEntry.Kind.STAKEHOLDER_LINKED or not log_entry.subject_user_id:
        return
    stakeholder = Stakeholder.objects.get(pk=log_entry.data["stakeholder"])
    announce(
        STAKEHOLDER_NAMED.key,
        actor=log_entry.actor,
        target=stakeholder,
        title=str(log_entry.regency),
        url=f"{reverse('communities:my_stakeholder_entries')}#s{stakeholder.pk}",
        user=log_entry.subject_user_id,
    )


def notify_from_log(log_entry) -> None:
    """Turn one entry of a community's log into a notification event, when it is one."""
    from komunitas.communities.models import Invitation, LogEntry, Membership

    community = log_entry.community
    if community is None:
        _announce_district_change(log_entry)
        return
    subject = log_entry.subject_user
    common = {"actor": log_entry.actor, "title": community.name}
    kind = log_entry.kind
    if kind == LogEntry.Kind.JOIN_REQUESTED:
        url = reverse("communities:join_requests", args=[community.slug])
        announce(JOIN_REQUEST.key, target=community, url=url, **common)
    elif kind in (LogEntry.Kind.JOIN_APPROVED, LogEntry.Kind.JOIN_DECLINED) and subject:
        key = JOIN_APPROVED.key if kind == LogEntry.Kind.JOIN_APPROVED else JOIN_DECLINED.key
        announce(
            key,
            target=community,
            url=community.get_absolute_url(),
            user=subject.pk,
            reason=log_entry.reason,
            **common,
        )
    elif kind == LogEntry.Kind.INVITED and subject:
        invitation = Invitation.objects.get(pk=log_entry.data["invitation_id"])
        url = invitation.get_absolute_url()
        announce(INVITED.key, target=invitation, url=url, user=subject.pk, **common)
    elif kind == LogEntry.Kind.COMMITMENT_CHANGED:
        url = community.get_absolute_url()
        partner = subject.pk if subject else None
        announce(COMMITMENT_CHANGED.key, target=community, url=url, partner=partner, **common)
    elif kind == LogEntry.Kind.ROLE_CHANGED and subject:
        url = community.get_absolute_url()
        role = log_entry.data.get("new")
        announce(ROLE_CHANGED.key, target=community, url=url, user=subject.pk, role=role, **common)
    elif kind == LogEntry.Kind.MEMBER_REMOVED and subject:
        membership = Membership.objects.get(community=community, user=subject)
        url = community.get_absolute_url() if not community.is_private else "/"
        announce(
            REMOVED.key,
            target=membership,
            url=url,
            user=subject.pk,
            reason=log_entry.reason,
            **common,
        )
