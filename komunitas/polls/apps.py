from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "komunitas.polls"
    verbose_name = _("Polls")

    def ready(self):
        # Registers permission rules, notification kinds, the search source and the closing job.
        from komunitas.polls import jobs, notifications, rules, search  # noqa: F401
