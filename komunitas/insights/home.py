from komunitas.core.home import home_section
from komunitas.insights.scope import scopes_of


@home_section
def insights(request):
    """Partners and fasilitators find their dashboards from the home page."""
    scopes = scopes_of(request.user)
    if not scopes:
        return None
    return {"template": "insights/home_section.html", "order": 30, "scopes": scopes[:6]}
