from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "komunitas.partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # Registers the permission rules, the notification kinds, the home section and the
        # reminders' periodic job.
        from komunitas.partnerships import home, jobs, notifications, rules  # noqa: F401
