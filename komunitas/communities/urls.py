from django.urls import path

from komunitas.communities.views import (
    communities,
    districts,
    invitations,
    mapping,
    members,
    moderation,
    partners,
)

app_name = "communities"

urlpatterns = [
    path("", communities.community_list, name="list"),
    path("baru/", communities.community_create, name="create"),
    path("wilayah/pilihan/", communities.region_fields, name="region_fields"),
    path("wilayah/", districts.district_index, name="districts"),
    path("wilayah/saya/", districts.my_stakeholder_entries, name="my_stakeholder_entries"),
    path(
        "wilayah/saya/<int:pk>/tolak/",
        districts.stakeholder_decline,
        name="stakeholder_decline",
    ),
    path("wilayah/<str:code>/", districts.district_map, name="district"),
    path("wilayah/<str:code>/pemangku/", districts.stakeholder_list, name="stakeholders"),
    path(
        "wilayah/<str:code>/pemangku/baru/",
        districts.stakeholder_form,
        name="stakeholder_create",
    ),
    path(
        "wilayah/<str:code>/pemangku/<int:pk>/",
        districts.stakeholder_form,
        name="stakeholder_edit",
    ),
    path(
        "wilayah/<str:code>/pemangku/<int:pk>/hapus/",
        districts.stakeholder_delete,
        name="stakeholder_delete",
    ),
    path(
        "wilayah/<str:code>/pemangku/<int:pk>/akun/",
        districts.stakeholder_link,
        name="stakeholder_link",
    ),
    path(
        "wilayah/<str:code>/pemangku/<int:pk>/akun/lepas/",
        districts.stakeholder_unlink,
        name="stakeholder_unlink",
    ),
    path("wilayah/<str:code>/mitra/", districts.district_partners, name="district_partners"),
    path("wilayah/<str:code>/lembar/", districts.district_entries, name="district_entries"),
    path("moderasi/", moderation.moderation_reports, name="moderation"),
    path("moderasi/dihapus/", moderation.moderation_deleted, name="moderation_deleted"),
    path("moderasi/log/", moderation.moderation_log, name="moderation_log"),
    path(
        "moderasi/laporan/<int:pk>/abaikan/",
        moderation.report_dismiss,
        name="report_dismiss",
    ),
    path(
        "moderasi/k/<slug:slug>/",
        moderation.moderation_community,
        name="moderation_community",
    ),
    path("moderasi/k/<slug:slug>/hapus/", moderation.moderation_delete, name="moderation_delete"),
    path(
        "moderasi/k/<slug:slug>/pulihkan/",
        moderation.moderation_restore,
        name="moderation_restore",
    ),
    path("peta/", mapping.map_list, name="map"),
    path("peta/<int:pk>/", mapping.map_edit, name="map_edit"),
    path("peta/<int:pk>/hapus/", mapping.map_delete, name="map_delete"),
    path("peta/<int:pk>/jadikan-komunitas/", mapping.map_start_community, name="map_start"),
    path("<slug:slug>/", communities.community_detail, name="detail"),
    path("<slug:slug>/pengaturan/", communities.community_edit, name="edit"),
    path("<slug:slug>/gabung/", members.community_join, name="join"),
    path("<slug:slug>/keluar/", members.community_leave, name="leave"),
    path("<slug:slug>/laporkan/", moderation.community_report, name="report"),
    path("<slug:slug>/hapus/", moderation.community_delete, name="delete"),
    path("<slug:slug>/permintaan/", members.join_requests, name="join_requests"),
    path(
        "<slug:slug>/permintaan/<int:pk>/setujui/",
        members.join_request_approve,
        name="join_request_approve",
    ),
    path(
        "<slug:slug>/permintaan/<int:pk>/tolak/",
        members.join_request_decline,
        name="join_request_decline",
    ),
    path("<slug:slug>/anggota/", members.member_list, name="members"),
    path("<slug:slug>/anggota/<int:pk>/peran/", members.member_role, name="member_role"),
    path("<slug:slug>/anggota/<int:pk>/keluarkan/", members.member_remove, name="member_remove"),
    path("<slug:slug>/undangan/", invitations.invitations, name="invitations"),
    path(
        "<slug:slug>/undangan/<int:pk>/cabut/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/u/<str:token>/", invitations.invitation_accept, name="invitation"),
    path("<slug:slug>/dukungan/baru/", partners.commitment_form, name="commitment_create"),
    path("<slug:slug>/dukungan/<int:pk>/", partners.commitment_form, name="commitment_edit"),
    path(
        "<slug:slug>/dukungan/<int:pk>/hapus/", partners.commitment_delete, name="commitment_delete"
    ),
]
