"""Dates and times written one way in every language (docs/i18n.md): “7 Des 2026, 22.04”."""

from django.utils import timezone
from django.utils.formats import date_format


def moment(value) -> str:
    """A moment in the active time zone, with the time written with a dot."""
    return date_format(timezone.localtime(value), "j M Y, H.i") if value else ""
