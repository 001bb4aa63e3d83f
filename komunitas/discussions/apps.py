from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "komunitas.discussions"
    verbose_name = _("Discussions")

    def ready(self):
        # Registers rules, notification kinds, the home section and applied-in-class targets.
        from komunitas.discussions import home, notifications, rules  # noqa: F401
