from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PustakaConfig(AppConfig):
    name = "komunitas.pustaka"
    verbose_name = _("Library (pustaka)")

    def ready(self):
        # Registers the rules, the notification kinds, the search source and the home section.
        from komunitas.pustaka import home, notifications, rules, search  # noqa: F401
