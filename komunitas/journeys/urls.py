from django.urls import path

from komunitas.journeys.views import mentoring, plans, reflections, trainings

app_name = "journeys"

urlpatterns = [
    path("", plans.index, name="index"),
    path("rencana/", plans.plan_list, name="plans"),
    path("rencana/baru/", plans.plan_create, name="plan_create"),
    path("rencana/baru/bagja/", plans.plan_create_bagja, name="plan_create_bagja"),
    path("rencana/<int:pk>/", plans.plan_detail, name="plan"),
    path("rencana/<int:pk>/ubah/", plans.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/status/", plans.plan_status, name="plan_status"),
    path("rencana/<int:pk>/hapus/", plans.plan_delete, name="plan_delete"),
    path("rencana/<int:pk>/tujuan/", plans.goal_add, name="goal_add"),
    path("tujuan/<int:pk>/hapus/", plans.goal_delete, name="goal_delete"),
    path("rencana/<int:pk>/langkah/", plans.step_add, name="step_add"),
    path("langkah/<int:pk>/", plans.step_edit, name="step_edit"),
    path("langkah/<int:pk>/tandai/", plans.step_toggle, name="step_toggle"),
    path("rencana/<int:pk>/cek/", plans.checkin, name="checkin"),
    path("cek/<int:pk>/foto/", plans.checkin_evidence, name="checkin_evidence"),
    path("cek/<int:pk>/tanggapi/", plans.checkin_respond, name="checkin_respond"),
    path("pendampingan/", mentoring.mentoring, name="mentoring"),
    path(
        "pendampingan/<int:pk>/<str:decision>/",
        mentoring.mentorship_decide,
        name="mentorship_decide",
    ),
    path("k/<slug:slug>/", mentoring.community_page, name="community"),
    path("refleksi/", reflections.reflection_list, name="reflections"),
    path("refleksi/baru/", reflections.reflection_create, name="reflection_create"),
    path("refleksi/<int:pk>/", reflections.reflection_detail, name="reflection"),
    path("refleksi/<int:pk>/ubah/", reflections.reflection_edit, name="reflection_edit"),
    path("refleksi/<int:pk>/hapus/", reflections.reflection_delete, name="reflection_delete"),
    path("pelatihan/", trainings.training_list, name="trainings"),
    path("pelatihan/baru/", trainings.training_create, name="training_create"),
    path("pelatihan/<int:pk>/", trainings.training_detail, name="training"),
    path("pelatihan/<int:pk>/ubah/", trainings.training_edit, name="training_edit"),
    path("pelatihan/<int:pk>/hapus/", trainings.training_delete, name="training_delete"),
    path("tantangan/<int:pk>/hapus/", trainings.challenge_delete, name="challenge_delete"),
]
