"""Meetings' part of the members' data rights (komunitas/core/privacy.py).

Attendance and past RSVPs stay as the community's record of its meetings, under
"Mantan anggota" (the counts stay true); answers to meetings still to come, the calendar feed's
secret and, when contributions are removed, their meeting feedback are deleted. Action items
they own stay in the minutes.
"""

from django.utils import timezone

from komunitas.core.privacy import all_rows, privacy_part
from komunitas.meetings.models import (
    ActionItem,
    Attendance,
    AttendanceLog,
    CalendarToken,
    Feedback,
    MeetingPhoto,
    Rsvp,
)


@privacy_part("meetings", order=40)
class MeetingsPrivacy:
    def export(self, user):
        return {
            "rsvps": all_rows(Rsvp.objects.filter(user=user), "meeting__title"),
            "attendance": all_rows(Attendance.objects.filter(member=user), "meeting__title"),
            "attendance_log": all_rows(AttendanceLog.objects.filter(member=user)),
            "action_items": all_rows(ActionItem.objects.filter(owner=user)),
            "feedback": all_rows(Feedback.objects.filter(member=user)),
            "photos_uploaded": all_rows(MeetingPhoto.objects.filter(uploaded_by=user)),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        CalendarToken.objects.filter(user=user).delete()
        Rsvp.objects.filter(user=user, meeting__starts_at__gt=timezone.now()).delete()
        if remove_public:
            Feedback.objects.filter(member=user).delete()
