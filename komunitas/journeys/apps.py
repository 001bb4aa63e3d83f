from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "komunitas.journeys"
    verbose_name = _("Learning journeys")

    def ready(self):
        from komunitas.journeys import (  # noqa: F401  (registers sections, kinds, rules, jobs)
            home,
            jobs,
            notifications,
            rules,
            search,
        )
