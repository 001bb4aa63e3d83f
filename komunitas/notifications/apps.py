from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "komunitas.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Permission rules, and the periodic jobs of the outbox and the digests.
        from komunitas.accounts.backends import REQUEST_USER_ANNOTATIONS
        from komunitas.notifications import (  # noqa: F401
            backups,
            data_rights,
            digests,
            mail,
            rules,
            services,
        )
        from komunitas.notifications.context_processors import unread_count

        REQUEST_USER_ANNOTATIONS["unread_notifications_count"] = unread_count
