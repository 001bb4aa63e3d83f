"""The community page's part: how taking part counts in JP (one query)."""

from django import template

from komunitas.certificates.models import JpRules
from komunitas.permissions import can

register = template.Library()


@register.inclusion_tag("certificates/community_part.html", takes_context=True)
def community_jp(context, community):
    user = context["request"].user
    rules = JpRules.objects.filter(community=community).first()
    return {
        "community": community,
        "rules": rules,
        "can_set": can(user, "certificates.set_rules", community),
        "can_view_hours": can(user, "certificates.view_hours", community),
    }
