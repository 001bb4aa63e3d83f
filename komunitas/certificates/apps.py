from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "komunitas.certificates"
    verbose_name = _("JP and certificates")

    def ready(self):
        # Registers the rules and the notification kinds.
        from komunitas.certificates import notifications, rules  # noqa: F401
