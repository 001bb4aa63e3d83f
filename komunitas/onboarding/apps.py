from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "komunitas.onboarding"
    verbose_name = _("Bulk onboarding")

    def ready(self):
        # Registers the rules and the notification kinds of school requests.
        from komunitas.onboarding import home, notifications, rules  # noqa: F401
