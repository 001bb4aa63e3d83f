from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "komunitas.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from komunitas.notifications import rules  # noqa: F401  (registers permission rules)
