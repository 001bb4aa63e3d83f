from django.urls import reverse

from komunitas.core.home import home_section
from komunitas.permissions import can


@home_section
def operator_tasks(request):
    if not can(request.user, "schools.import"):
        return None
    return {
        "template": "accounts/home_operator.html",
        "order": 90,
        "import_url": reverse("accounts:school_import"),
    }
