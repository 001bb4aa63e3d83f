from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "komunitas.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # Registers permission rules, notification kinds, home sections and the reminder job.
        from komunitas.meetings import home, jobs, notifications, rules, search  # noqa: F401
