from django.urls import path

from komunitas.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("lencana/", views.badge, name="badge"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("antrean/", views.queue, name="queue"),
    path("antrean/<int:pk>/kirim-ulang/", views.resend, name="resend"),
    path("antrean/peristiwa/<int:pk>/ulang/", views.fan_out_again, name="fan_out_again"),
]
