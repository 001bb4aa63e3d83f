from django.urls import path

from komunitas.polls import views

app_name = "polls"

urlpatterns = [
    path("k/<slug:slug>/jajak-pendapat/", views.poll_list, name="list"),
    path("k/<slug:slug>/jajak-pendapat/baru/", views.poll_create, name="create"),
    path("jajak-pendapat/<int:pk>/", views.poll_detail, name="detail"),
    path("jajak-pendapat/<int:pk>/pilih/", views.poll_vote, name="vote"),
    path("jajak-pendapat/<int:pk>/tarik/", views.poll_withdraw, name="withdraw"),
    path("jajak-pendapat/<int:pk>/tutup/", views.poll_close, name="close"),
    path("jajak-pendapat/<int:pk>/hapus/", views.poll_delete, name="delete"),
    path("jajak-pendapat/<int:pk>/agenda/", views.poll_agenda, name="agenda"),
]
