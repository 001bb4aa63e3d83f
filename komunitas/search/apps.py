from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "komunitas.search"
    verbose_name = _("Search")

    def ready(self):
        from komunitas.search import jobs, signals  # noqa: F401  (the index signals, the job)
