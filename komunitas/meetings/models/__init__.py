from komunitas.meetings.models.attendance import Attendance, AttendanceLog, CheckInError, Rsvp
from komunitas.meetings.models.calendar import CalendarToken
from komunitas.meetings.models.meeting import Meeting
from komunitas.meetings.models.minutes import ActionItem, Feedback, MeetingPhoto

__all__ = [
    "ActionItem",
    "Attendance",
    "AttendanceLog",
    "CalendarToken",
    "CheckInError",
    "Feedback",
    "Meeting",
    "MeetingPhoto",
    "Rsvp",
]
