from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "komunitas.communities"
    verbose_name = _("Communities")

    def ready(self):
        from komunitas.communities import home, rules  # noqa: F401  (registers rules and sections)
