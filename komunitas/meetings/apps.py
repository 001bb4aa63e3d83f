from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "komunitas.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # Registers permission rules, notification kinds and home sections.
        from komunitas.meetings import home, notifications, rules, search  # noqa: F401
