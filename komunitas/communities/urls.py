from django.urls import path

from komunitas.communities.views import communities, invitations, mapping, members, partners

app_name = "communities"

urlpatterns = [
    path("", communities.community_list, name="list"),
    path("baru/", communities.community_create, name="create"),
    path("wilayah/pilihan/", communities.region_fields, name="region_fields"),
    path("peta/", mapping.map_list, name="map"),
    path("peta/<int:pk>/", mapping.map_edit, name="map_edit"),
    path("peta/<int:pk>/hapus/", mapping.map_delete, name="map_delete"),
    path("peta/<int:pk>/jadikan-komunitas/", mapping.map_start_community, name="map_start"),
    path("<slug:slug>/", communities.community_detail, name="detail"),
    path("<slug:slug>/pengaturan/", communities.community_edit, name="edit"),
    path("<slug:slug>/gabung/", members.community_join, name="join"),
    path("<slug:slug>/keluar/", members.community_leave, name="leave"),
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
