from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "komunitas.core"
    verbose_name = _("Site")

    def ready(self):
        from komunitas.core import rules  # noqa: F401
