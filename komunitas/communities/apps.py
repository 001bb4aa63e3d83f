from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "komunitas.communities"
    verbose_name = _("Communities")

    def ready(self):
        # Registers rules, home sections, notification kinds and the search source.
        from komunitas.communities import home, notifications, rules, search  # noqa: F401
