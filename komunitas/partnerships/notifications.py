"""What people hear of requests for support: the kinds of notification this app owns.

Each action in ``actions.py`` announces with one ``announce`` call whose ``users`` names the
people concerned (the partner, the fasilitators, the member who asked); the fan-out still checks
``partnerships.view`` for each of them, so someone who left the community hears nothing. Mail
goes through the outbox like every other kind (the partner hears of a new request at once).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import FACILITATORS, MEMBERS, PARTNERS, Delivery, Kind, register


def _named(event):
    return User.objects.filter(pk__in=event.data.get("users", []))


def _actor(event) -> str:
    return str(event.actor) if event.actor else gettext("Someone")


def _status_label(event) -> str:
    from komunitas.partnerships.models import SupportRequest

    value = event.data.get("status", "")
    return str(SupportRequest.Status(value).label) if value in SupportRequest.Status.values else ""


def _date(event) -> str:
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(event.data.get("date", "")), "j F Y")
    except ValueError:
        return ""


def _kind_label(event) -> str:
    from komunitas.partnerships.models import SupportRequest

    value = event.data.get("support_kind", SupportRequest.Kind.OTHER)
    return str(SupportRequest.Kind(value).label) if value in SupportRequest.Kind.values else value


REQUEST_RECEIVED = register(
    Kind(
        key="partnerships.request_received",
        label=_("A community asks me for support"),
        audience=_named,
        action="partnerships.view",
        default=Delivery.IMMEDIATELY,
        for_whom={PARTNERS},
        describe=lambda event, count: (
            gettext("%(title)s asks you for support: %(kind)s")
            % {"title": event.title, "kind": _kind_label(event)}
        ),
    )
)
REQUEST_PROPOSED = register(
    Kind(
        key="partnerships.request_proposed",
        label=_("A member proposes a request for support in a community I facilitate"),
        audience=_named,
        action="partnerships.manage",
        default=Delivery.IMMEDIATELY,
        for_whom={FACILITATORS},
        describe=lambda event, count: (
            gettext("%(actor)s proposes asking a partner of %(title)s for %(kind)s")
            % {"actor": _actor(event), "title": event.title, "kind": _kind_label(event)}
        ),
    )
)
REQUEST_ANSWERED = register(
    Kind(
        key="partnerships.request_answered",
        label=_("A partner answers a request for support of my community"),
        audience=_named,
        action="partnerships.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            gettext("%(actor)s answered the request of %(title)s: %(answer)s")
            % {
                "actor": _actor(event),
                "title": event.title,
                "answer": _status_label(event),
            }
        ),
    )
)
REQUEST_CLOSED = register(
    Kind(
        key="partnerships.request_closed",
        label=_("A request for support is closed"),
        audience=_named,
        action="partnerships.view",
        default=Delivery.DAILY,
        for_whom={MEMBERS, PARTNERS},
        describe=lambda event, count: (
            gettext("The request of %(title)s is closed: %(answer)s")
            % {"title": event.title, "answer": _status_label(event)}
        ),
    )
)
REQUEST_REMINDER = register(
    Kind(
        key="partnerships.request_reminder",
        label=_("Support I committed to, or was promised, is due soon or overdue"),
        audience=_named,
        action="partnerships.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS, PARTNERS},
        describe=lambda event, count: (
            (
                gettext("Overdue: the support promised to %(title)s (%(kind)s) was due %(date)s")
                if event.data.get("overdue")
                else gettext("Due soon: the support you promised %(title)s (%(kind)s), by %(date)s")
            )
            % {"title": event.title, "kind": _kind_label(event), "date": _date(event)}
        ),
    )
)
