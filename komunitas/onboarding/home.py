"""The onboarding card on the home page of operators and Dinas accounts."""

from komunitas.core.home import home_section
from komunitas.permissions import can


@home_section
def onboarding(request):
    if not can(request.user, "onboarding.manage"):
        return None
    return {"template": "onboarding/home_section.html", "order": 35}
