from django.urls import path

from komunitas.onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("", views.index, name="index"),
    path("templat.<str:kind>", views.template_file, name="template"),
    path("impor/<int:pk>/", views.batch_detail, name="batch"),
    path("impor/<int:pk>/jalankan/", views.batch_import, name="import"),
    path("impor/<int:pk>/kesalahan.csv", views.batch_errors_csv, name="errors_csv"),
    path("aktifkan/<str:token>/", views.activate, name="activate"),
    path("sekolah/", views.school_requests, name="school_requests"),
    path("sekolah/minta/", views.request_school, name="request_school"),
    path("sekolah/<int:pk>/", views.school_request, name="school_request"),
]
