"""The community page's part: the open requests for support (loaded by communities' template,
so that communities imports nothing of this app)."""

from django import template

from komunitas.partnerships.rules import visible_requests
from komunitas.permissions import can

register = template.Library()
SHOWN = 5


@register.inclusion_tag("partnerships/community_part.html", takes_context=True)
def community_requests(context, community):
    user = context["request"].user
    if not can(user, "partnerships.view_list", community):
        return {"hidden": True, "community": community}
    open_requests = list(
        visible_requests(community.support_requests.open(), user)
        .select_related("partner", "stakeholder")
        .order_by("needed_by", "pk")[:SHOWN]
    )
    for item in open_requests:
        item.community = community
    return {
        "community": community,
        "open": open_requests,
        "can_create": can(user, "partnerships.create", community),
    }
