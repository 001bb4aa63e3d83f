"""``{% load discussions %}``: times in the member's zone, and the "applied in class" box that
any app can show on its own objects (``{% applied_box obj %}``)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from komunitas.discussions.models import ClassroomApplication
from komunitas.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def when(context, moment, style="j M Y, H.i"):
    """A time as ``<time>`` in the member's zone (the middleware activated it), with its name."""
    if not moment:
        return ""
    user = context.get("user")
    zone = getattr(user, "zone_abbreviation", "") if user else ""
    local = localtime(moment)
    return format_html(
        '<time datetime="{}">{} {}</time>',
        moment.isoformat(timespec="seconds"),
        date_format(local, style),
        zone,
    )


@register.inclusion_tag("discussions/includes/applied.html", takes_context=True)
def applied_box(context, target, summary=None, recent=None):
    """How many applied ``target`` in class and with what outcome, the latest reports, and the
    button to add one; ``summary`` and ``recent`` may be passed when the view has them."""
    user = context["user"]
    if summary is None:
        summary = ClassroomApplication.objects.summary_for([target])[target.pk]
    if recent is None:
        recent = ClassroomApplication.objects.for_target(target)[:3] if summary["total"] else []
    content_type = ContentType.objects.get_for_model(target)
    return {
        "user": user,
        "target": target,
        "summary": summary,
        "recent": recent,
        "content_type_id": content_type.pk,
        "may_apply": can(user, "application.create", target),
    }
