from django.urls import path

from komunitas.accounts import data_views, views

app_name = "accounts"

urlpatterns = [
    path("daftar/", views.signup, name="signup"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/kode/", views.login_code_request, name="login_code_request"),
    path("masuk/kode/masukkan/", views.login_code, name="login_code"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/matikan/", views.two_factor_off, name="two_factor_off"),
    path("keluar/", views.logout_view, name="logout"),
    path("verifikasi/<str:token>/", views.verify_email, name="verify"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("email/", views.email_change, name="email_change"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/lupa/", views.password_reset, name="password_reset"),
    path("sandi/lupa/terkirim/", views.password_reset_done, name="password_reset_done"),
    path(
        "sandi/atur/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"
    ),
    path("sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
    path("anggota/<int:pk>/", views.profile, name="profile"),
    path("data/", data_views.my_data, name="my_data"),
    path("data/salinan/", data_views.export_request, name="data_export_request"),
    path("data/salinan/<int:pk>/", data_views.export_status, name="data_export"),
    path("data/salinan/<int:pk>/unduh/", data_views.export_download, name="data_export_download"),
    path("hapus/", data_views.erase_own, name="erase"),
    path("anggota/<int:pk>/hapus/", data_views.erase_member, name="erase_member"),
    path("sekolah/", views.school_search, name="school_search"),
    path("sekolah/impor/", views.school_import, name="school_import"),
]
