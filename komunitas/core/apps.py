from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "komunitas.core"
    verbose_name = _("Site")

    def ready(self):
        from komunitas.core import (
            checks,  # noqa: F401  (registers the start-up checks)
            rules,  # noqa: F401
        )
