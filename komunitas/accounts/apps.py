from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "komunitas.accounts"
    verbose_name = _("Accounts, schools and regions")

    def ready(self):
        from komunitas.accounts import home, rules  # noqa: F401  (registers rules and sections)
