from django.urls import path

from komunitas.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("instalasi/", views.dashboard_installation, name="dashboard_installation"),
    path(
        "instalasi/laporan/",
        views.report_create,
        {"kind": "instalasi"},
        name="report_create_installation",
    ),
    path("cerita/", views.story_list, name="stories"),
    path("cerita/<int:pk>/", views.story_detail, name="story"),
    path("cerita/<int:pk>/ubah/", views.story_edit, name="story_edit"),
    path("cerita/<int:pk>/hapus/", views.story_delete, name="story_delete"),
    path("k/<slug:slug>/cerita/baru/", views.story_create, name="story_create"),
    path("k/<slug:slug>/anggota/", views.members, name="members"),
    path("laporan/", views.report_list, name="reports"),
    path("laporan/<int:pk>/", views.report_detail, name="report"),
    path("laporan/<int:pk>/unduh.<str:fmt>", views.report_download, name="report_download"),
    path("<str:kind>/<str:ref>/", views.dashboard_view, name="dashboard"),
    path("<str:kind>/<str:ref>/laporan/", views.report_create, name="report_create"),
    path(
        "<str:kind>/<str:ref>/sekolah-tanpa-komunitas/",
        views.schools_without,
        name="schools_without",
    ),
]
