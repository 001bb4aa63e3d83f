from django.urls import path

from komunitas.meetings.views import attendance, calendars, meetings, minutes

app_name = "meetings"

urlpatterns = [
    # A community's meetings
    path("k/<slug:slug>/pertemuan/", meetings.meeting_list, name="list"),
    path("k/<slug:slug>/pertemuan/baru/", meetings.meeting_create, name="create"),
    path("k/<slug:slug>/pertemuan/jadwalkan/", meetings.schedule_rhythm, name="schedule"),
    path("k/<slug:slug>/pertemuan/kalender.ics", calendars.community_feed, name="community_feed"),
    # One meeting
    path("pertemuan/<int:pk>/", meetings.meeting_detail, name="detail"),
    path("pertemuan/<int:pk>/ubah/", meetings.meeting_edit, name="edit"),
    path("pertemuan/<int:pk>/batalkan/", meetings.meeting_cancel, name="cancel"),
    path("pertemuan/<int:pk>/rsvp/", attendance.rsvp, name="rsvp"),
    path("pertemuan/<int:pk>/hadir/", attendance.check_in, name="check_in"),
    path("pertemuan/<int:pk>/kode/", attendance.checkin_code, name="code"),
    path("pertemuan/<int:pk>/presensi/", attendance.attendance_list, name="attendance"),
    path("pertemuan/<int:pk>/presensi.csv", attendance.attendance_csv, name="attendance_csv"),
    path("pertemuan/<int:pk>/notulen/", minutes.minutes_edit, name="minutes"),
    path("pertemuan/<int:pk>/notulen/terbitkan/", minutes.minutes_publish, name="publish"),
    path("pertemuan/<int:pk>/tindak-lanjut/", minutes.action_item_add, name="action_add"),
    path("tindak-lanjut/", minutes.my_action_items, name="my_action_items"),
    path("tindak-lanjut/<int:pk>/", minutes.action_item_status, name="action_status"),
    path("tindak-lanjut/<int:pk>/hapus/", minutes.action_item_delete, name="action_delete"),
    path("pertemuan/<int:pk>/foto/", minutes.photo_add, name="photo_add"),
    path("pertemuan/<int:pk>/foto/<int:photo>/", minutes.photo_file, name="photo"),
    path("pertemuan/<int:pk>/foto/<int:photo>/hapus/", minutes.photo_delete, name="photo_delete"),
    path("pertemuan/<int:pk>/umpan-balik/", minutes.feedback, name="feedback"),
    path("pertemuan/<int:pk>/umpan-balik/ringkasan/", minutes.feedback_summary, name="summary"),
    path("pertemuan/<int:pk>/kalender.ics", calendars.meeting_ics, name="ics"),
    # A member's calendar
    path("pertemuan/kalender/", calendars.my_calendar, name="my_calendar"),
    path("pertemuan/kalender/<str:token>.ics", calendars.member_feed, name="member_feed"),
]
