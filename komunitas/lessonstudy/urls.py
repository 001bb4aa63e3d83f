from django.urls import path

from komunitas.lessonstudy import views

app_name = "lessonstudy"

urlpatterns = [
    path("k/<slug:slug>/lesson-study/", views.study_list, name="list"),
    path("k/<slug:slug>/lesson-study/baru/", views.study_create, name="create"),
    path("lesson-study/<int:pk>/", views.study_detail, name="detail"),
    path("lesson-study/<int:pk>/ubah/", views.study_edit, name="edit"),
    path("lesson-study/<int:pk>/catatan/", views.observe, name="observe"),
    path("lesson-study/<int:pk>/diajarkan/", views.mark_taught, name="taught"),
    path("lesson-study/<int:pk>/refleksi/", views.link_reflection, name="link_reflection"),
    path(
        "lesson-study/<int:pk>/refleksi/baru/",
        views.schedule_reflection,
        name="schedule_reflection",
    ),
    path("lesson-study/<int:pk>/simpulkan/", views.conclude, name="conclude"),
    path("lesson-study/<int:pk>/hapus/", views.delete, name="delete"),
    path("lesson-study/<int:pk>/modul-ajar/", views.plan_file, name="plan_file"),
]
