from django.urls import path

from komunitas.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privasi/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="health"),
    path("readyz", views.readyz, name="ready"),
    path("operator/cadangan/", views.backups, name="backups"),
    path("kode-sumber/", views.source_code, name="source_code"),
    path("robots.txt", views.robots, name="robots"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]
