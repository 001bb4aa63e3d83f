from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonStudyConfig(AppConfig):
    name = "komunitas.lessonstudy"
    label = "lessonstudy"
    verbose_name = _("Lesson study")

    def ready(self):
        # Registers permission rules, notification kinds and the reminder job.
        from komunitas.lessonstudy import jobs, notifications, rules  # noqa: F401
