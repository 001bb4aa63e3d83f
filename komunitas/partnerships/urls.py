from django.urls import path

from komunitas.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("dukungan/", views.my_requests, name="mine"),
    path("dukungan/<int:pk>/", views.request_detail, name="detail"),
    path("dukungan/<int:pk>/jawab/", views.request_answer, name="answer"),
    path("dukungan/<int:pk>/kirim/", views.request_approve, name="approve"),
    path("dukungan/<int:pk>/terima-usulan/", views.request_accept_counter, name="accept_counter"),
    path("dukungan/<int:pk>/tarik/", views.request_withdraw, name="withdraw"),
    path("dukungan/<int:pk>/hasil/", views.request_close, name="close"),
    path("k/<slug:slug>/dukungan/", views.community_requests, name="community"),
    path("k/<slug:slug>/dukungan/minta/", views.request_create, name="create"),
]
