"""The members' data rights, the part that needs the notifications: the member hears that their
export is ready, and the periodic job that deletes exports whose time is up
(ACCOUNT_EXPORT_DAYS). The export and the erasure themselves are accounts' (accounts/privacy.py).
"""

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from komunitas.accounts.models import User
from komunitas.notifications.kinds import Delivery, Kind, register
from komunitas.notifications.periodic import periodic_job

register(
    Kind(
        key="accounts.export_ready",
        label=_("A copy of my data is ready to download"),
        audience=lambda event: User.objects.filter(pk=event.target.user_id),
        action="account.download_export",
        default=Delivery.IN_APP,
        describe=lambda event, count: (
            ngettext(
                "The copy of your data is ready to download",
                "%(count)d copies of your data are ready to download",
                count,
            )
            % {"count": count}
        ),
    )
)


@periodic_job("accounts.prune_exports", every=timedelta(hours=1))
def prune_exports(now: datetime) -> int:
    from komunitas.accounts.privacy import prune_exports

    return prune_exports()
