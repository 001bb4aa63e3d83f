from komunitas.communities.home import member_communities
from komunitas.communities.models import Membership
from komunitas.core.home import home_section
from komunitas.insights.scope import scopes_of

LEADING = {Membership.Role.FASILITATOR, Membership.Role.MITRA}


@home_section
def insights(request):
    """Partners and fasilitators find their dashboards from the home page. The communities they
    lead come from the home page's list of their communities (no query of its own)."""
    led = [c for c in member_communities(request) if c.my_role in LEADING]
    scopes = scopes_of(request.user, led=led)
    if not scopes:
        return None
    return {"template": "insights/home_section.html", "order": 30, "scopes": scopes[:6]}
