"""The lesson study events members hear about (delivered by komunitas.notifications).

Each event names the people it is for in its data (``to``: the member ids), so assigning one more
observer tells that observer only; every recipient must still be able to see the study."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import MEMBERS, Delivery, Kind, register


def _named(event):
    return User.objects.filter(pk__in=event.data.get("to", []), is_active=True)


def _describe(text):
    return lambda event, count: text() % {"title": event.title}


ASSIGNED = "lessonstudy.assigned"
REMINDER = "lessonstudy.reminder"
CONCLUDED = "lessonstudy.concluded"

register(
    Kind(
        key=ASSIGNED,
        label=_("I am asked to teach or observe a lesson study"),
        audience=_named,
        action="lesson_study.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Lesson study: you take part in %(title)s")),
    )
)
register(
    Kind(
        key=REMINDER,
        label=_("Reminder a day before a lesson study I teach or observe"),
        audience=_named,
        action="lesson_study.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Lesson study tomorrow: %(title)s")),
    )
)
register(
    Kind(
        key=CONCLUDED,
        label=_("A lesson study I took part in is concluded"),
        audience=_named,
        action="lesson_study.view",
        default=Delivery.DAILY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Lesson study concluded: %(title)s")),
    )
)
