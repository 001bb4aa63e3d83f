"""What people hear of certificates: a request to the community's fasilitators; the answer
(issued, declined with the reason) and a revocation to the member. All at once by e-mail
unless the person chose otherwise; announced by the actions in actions.py."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import FACILITATORS, MEMBERS, Delivery, Kind, register


def _member(event):
    return User.objects.filter(pk=event.target.member_id)


def _facilitators(event):
    return event.target.community.facilitators().exclude(pk=event.target.member_id)


def _actor(event) -> str:
    return str(event.actor) if event.actor else gettext("Someone")


REQUESTED = register(
    Kind(
        key="certificates.requested",
        label=_("A member asks for a certificate in a community I facilitate"),
        audience=_facilitators,
        action="certificate.view",
        default=Delivery.IMMEDIATELY,
        for_whom={FACILITATORS},
        describe=lambda event, count: (
            gettext("%(actor)s asks for a JP certificate of %(title)s")
            % {"actor": _actor(event), "title": event.title}
        ),
    )
)
ISSUED = register(
    Kind(
        key="certificates.issued",
        label=_("My certificate is issued"),
        audience=_member,
        action="certificate.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            gettext("Your JP certificate of %(title)s is issued: %(jp)s JP")
            % {"title": event.title, "jp": event.data.get("jp", 0)}
        ),
    )
)
DECLINED = register(
    Kind(
        key="certificates.declined",
        label=_("My certificate request is declined"),
        audience=_member,
        action="certificate.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            gettext("Your request for a JP certificate of %(title)s was declined: %(reason)s")
            % {"title": event.title, "reason": event.data.get("reason", "")}
        ),
    )
)
REVOKED = register(
    Kind(
        key="certificates.revoked",
        label=_("My certificate is revoked"),
        audience=_member,
        action="certificate.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            gettext("Your JP certificate of %(title)s was revoked: %(reason)s")
            % {"title": event.title, "reason": event.data.get("reason", "")}
        ),
    )
)
