from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PustakaConfig(AppConfig):
    name = "komunitas.pustaka"
    verbose_name = _("Library (pustaka)")

    def ready(self):
        from komunitas.pustaka import rules  # noqa: F401  (registers the rules)
