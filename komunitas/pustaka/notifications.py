"""The events of the library that members hear about (see komunitas/notifications/kinds.py)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.notifications.kinds import MEMBERS, Delivery, Kind, register

SAVED = "pustaka.saved_from_discussion"


def _credited(event):
    """The member whose good practice or solution was saved."""
    return User.objects.filter(pk=event.target.credited_to_id)


register(
    Kind(
        key=SAVED,
        label=_("My good practice or answer is saved to the library"),
        audience=_credited,
        action="resource.view",
        default=Delivery.DAILY,
        for_whom={MEMBERS},
        # One event per saved resource, so there is nothing to count.
        describe=lambda event, count: (
            gettext("%(actor)s saved your work to the library as “%(title)s”")
            % {
                "actor": event.actor.full_name if event.actor else gettext("Someone"),
                "title": event.title,
            }
        ),
    )
)
