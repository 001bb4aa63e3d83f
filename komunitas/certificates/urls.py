from django.urls import path

from komunitas.certificates import views

app_name = "certificates"

urlpatterns = [
    path("jp/", views.mine, name="mine"),
    path("jp/k/<slug:slug>/", views.community, name="community"),
    path("jp/k/<slug:slug>/aturan/", views.rules_edit, name="rules"),
    path("jp/k/<slug:slug>/minta/", views.request_certificate, name="request"),
    path("jp/k/<slug:slug>/permintaan/", views.requests, name="requests"),
    path("jp/sertifikat/<str:pk>/", views.detail, name="detail"),
    path("jp/sertifikat/<str:pk>/terbitkan/", views.issue, name="issue"),
    path("jp/sertifikat/<str:pk>/tolak/", views.decline, name="decline"),
    path("jp/sertifikat/<str:pk>/cabut/", views.revoke, name="revoke"),
    path("jp/sertifikat/<str:pk>/pdf/", views.download, name="download"),
    path("sertifikat/<str:code>/", views.verify, name="verify"),
]
