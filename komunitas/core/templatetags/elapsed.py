"""How long something took or how long ago it was, never “0 minutes”.

Django's ``timesince`` counts whole minutes, so an answer 40 seconds after the question reads
“after 0 minutes”. ``{{ start|elapsed:end }}`` says “less than a minute” instead, and
``{{ moment|ago }}`` gives the whole phrase “5 minutes ago” / “just now”.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()
MINUTE = datetime.timedelta(minutes=1)


@register.filter
def elapsed(start, end=None):
    """The time from ``start`` to ``end`` (now when not given), in words."""
    if not start:
        return ""
    if (end or timezone.now()) - start < MINUTE:
        return _("less than a minute")
    return timesince(start, end)


@register.filter
def ago(moment):
    """How long ago ``moment`` was, as a whole phrase."""
    if not moment:
        return ""
    if timezone.now() - moment < MINUTE:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(moment)}
