from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadsConfig(AppConfig):
    name = "komunitas.reads"
    verbose_name = _("Reading")
