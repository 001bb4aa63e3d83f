from django.urls import path

from komunitas.discussions.views import (
    applications,
    drafts,
    feeds,
    mentions,
    moderation,
    posts,
    reactions,
    replies,
    safety,
    sharing,
)

app_name = "discussions"

urlpatterns = [
    # A community's discussions
    path("k/<slug:slug>/diskusi/", feeds.community_feed, name="community"),
    path("k/<slug:slug>/diskusi/tulis/<str:kind>/", posts.post_create, name="create"),
    path("k/<slug:slug>/diskusi/moderasi/", moderation.moderation, name="moderation"),
    path("k/<slug:slug>/diskusi/sebut/", mentions.mention_suggestions, name="mentions"),
    path("k/<slug:slug>/diskusi/pengaturan/", safety.discussion_settings, name="settings"),
    path(
        "k/<slug:slug>/diskusi/laporan/<int:pk>/sembunyikan/",
        moderation.report_decide,
        {"decision": "hide"},
        name="report_hide",
    ),
    path(
        "k/<slug:slug>/diskusi/laporan/<int:pk>/abaikan/",
        moderation.report_decide,
        {"decision": "dismiss"},
        name="report_dismiss",
    ),
    # The member's own lists
    path("diskusi/", feeds.personal_feed, name="feed"),
    path("diskusi/tersimpan/", feeds.bookmarks, name="bookmarks"),
    path("diskusi/topik/<slug:slug>/", feeds.tag_feed, name="tag"),
    path("diskusi/topik/<slug:slug>/ikuti/", feeds.tag_follow, name="tag_follow"),
    path("diskusi/draf/", drafts.draft_save, name="draft_save"),
    path("diskusi/draf/buang/", drafts.draft_discard, name="draft_discard"),
    # A post
    path("diskusi/<int:pk>/", posts.post_detail, name="post"),
    path("diskusi/<int:pk>/ubah/", posts.post_edit, name="post_edit"),
    path("diskusi/<int:pk>/riwayat/", posts.post_history, name="post_history"),
    path("diskusi/<int:pk>/hapus/", posts.post_delete, name="post_delete"),
    path("diskusi/<int:pk>/ikuti/", posts.post_follow, name="post_follow"),
    path("diskusi/<int:pk>/simpan/", posts.post_bookmark, name="post_bookmark"),
    path("diskusi/<int:pk>/balas/", replies.reply_create, name="reply"),
    path("diskusi/<int:pk>/laporkan/", replies.post_report, name="post_report"),
    path("diskusi/<int:pk>/reaksi/", reactions.react, name="react"),
    path("diskusi/<int:pk>/solusi/", reactions.solution, name="solution"),
    path("diskusi/<int:pk>/moderasi/<str:action>/", moderation.moderate, name="moderate"),
    path("diskusi/<int:pk>/pindahkan/", moderation.move, name="move"),
    path("diskusi/<int:pk>/penulis/", safety.reveal_author, name="reveal_author"),
    path("diskusi/<int:pk>/bagikan/", sharing.share, name="share"),
    path("diskusi/lampiran/<int:pk>/", posts.attachment, name="attachment"),
    # A reply
    path("diskusi/balasan/<int:pk>/ubah/", replies.reply_edit, name="reply_edit"),
    path("diskusi/balasan/<int:pk>/riwayat/", replies.reply_history, name="reply_history"),
    path("diskusi/balasan/<int:pk>/hapus/", replies.reply_delete, name="reply_delete"),
    path("diskusi/balasan/<int:pk>/sembunyikan/", replies.reply_hide, name="reply_hide"),
    path("diskusi/balasan/<int:pk>/laporkan/", replies.reply_report, name="reply_report"),
    # "Saya terapkan di kelas", for any registered target
    path(
        "diskusi/terapkan/<int:content_type_id>/<int:object_id>/",
        applications.apply,
        name="apply",
    ),
    path(
        "diskusi/diterapkan/<int:content_type_id>/<int:object_id>/",
        applications.applications,
        name="applications",
    ),
    path(
        "diskusi/diterapkan/foto/<int:pk>/",
        applications.application_photo,
        name="application_photo",
    ),
]
