from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "komunitas.discussions"
    verbose_name = _("Discussions")

    def ready(self):
        # Registers rules, notification kinds, the home section, applied-in-class targets, the
        # periodic jobs and the search sources.
        from komunitas.discussions import home, jobs, notifications, rules, search  # noqa: F401
