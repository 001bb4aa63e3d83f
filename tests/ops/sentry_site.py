"""Run as a subprocess by test_sentry with SENTRY_DSN pointing at the test's HTTP server:
a signed-in member's request fails; the event goes out (then the SDK is flushed)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
django.setup()

from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402


def boom(request):
    raise ValueError(f"Gagal menyimpan untuk {request.user.email}")


urlpatterns = [path("boom/", boom), path("", include("komunitas.urls"))]
login_not_required  # noqa: B018  (the failing view needs the login like every page)

if __name__ == "__main__":
    import sentry_sdk

    from tests.factories import make_user

    call_command("migrate", verbosity=0)
    user = make_user("siti.rahayu@contoh.test", full_name="Siti Rahayu")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.cookies["pilihan"] = "rahasia-sesi"
    print("session", client.cookies["sessionid"].value)
    with override_settings(ROOT_URLCONF="tests.ops.sentry_site"):
        response = client.post(
            "/boom/?email=siti.rahayu@contoh.test",
            {"catatan": "kirim ke siti.rahayu@contoh.test"},
        )
    print(response.status_code, response.get("Location", ""))
    sentry_sdk.flush(timeout=30)  # a loaded CI machine sends slowly
