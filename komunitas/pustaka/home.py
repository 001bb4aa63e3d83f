from komunitas.core.home import home_section
from komunitas.pustaka.models import Resource

SHOWN = 4


@home_section
def new_in_the_library(request):
    """The newest resources the member may see (none: no section)."""
    resources = list(
        Resource.objects.visible_to(request.user)
        .select_related("subject", "phase")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    if not resources:
        return None
    return {"template": "pustaka/home_section.html", "order": 50, "resources": resources}
