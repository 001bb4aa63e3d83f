from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "komunitas.accounts"
    verbose_name = _("Accounts, schools and regions")

    def ready(self):
        from komunitas.accounts import home, rules  # noqa: F401  (registers rules and sections)
        from komunitas.accounts.backends import REQUEST_USER_ANNOTATIONS
        from komunitas.accounts.models.users import teaches

        # The profile checklist of the home page asks whether the member chose subjects and
        # phases: answered in the query that loads the member, not in one of its own.
        REQUEST_USER_ANNOTATIONS["teaches_subjects"] = lambda: teaches("subjects")
        REQUEST_USER_ANNOTATIONS["teaches_phases"] = lambda: teaches("phases")
