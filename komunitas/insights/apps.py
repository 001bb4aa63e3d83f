from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "komunitas.insights"
    verbose_name = _("Insights")

    def ready(self):
        from komunitas.insights import home, notifications, retention, rules  # noqa: F401
