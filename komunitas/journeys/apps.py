from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "komunitas.journeys"
    verbose_name = _("Learning journeys")

    def ready(self):
        from komunitas.journeys import home, notifications, rules, search  # noqa: F401  (registers)
