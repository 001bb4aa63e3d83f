from django.contrib import admin
from django.urls import include, path

from komunitas.accounts.views import set_language
from komunitas.api.urls import api_patterns

urlpatterns = [
    # The language switch of every page (the member's choice is kept in their profile).
    path("bahasa/", set_language, name="set_language"),
    path("", include("komunitas.core.urls")),
    path("akun/", include("komunitas.accounts.urls")),
    path("notifikasi/", include("komunitas.notifications.urls")),
    path("", include("komunitas.discussions.urls")),
    path("", include("komunitas.partnerships.urls")),
    path("k/", include("komunitas.communities.urls")),
    path("wawasan/", include("komunitas.insights.urls")),
    path("belajar/", include("komunitas.journeys.urls")),
    path("", include("komunitas.meetings.urls")),
    path("", include("komunitas.lessonstudy.urls")),
    path("pustaka/", include("komunitas.pustaka.urls")),
    path("", include("komunitas.polls.urls")),
    path("", include("komunitas.certificates.urls")),
    path("orientasi/", include("komunitas.onboarding.urls")),
    path("cari/", include("komunitas.search.urls")),
    path("", include("komunitas.api.urls")),
    path("api/v1/", include(api_patterns)),
    path("operator/", admin.site.urls),
]

handler400 = "komunitas.core.views.bad_request"
handler403 = "komunitas.core.views.permission_denied"
handler404 = "komunitas.core.views.page_not_found"
handler500 = "komunitas.core.views.server_error"
