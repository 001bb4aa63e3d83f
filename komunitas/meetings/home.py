"""The member's home: their coming meetings (with reminders) and their open action items."""

from django.utils import timezone

from komunitas.core.home import home_section
from komunitas.meetings import services
from komunitas.meetings.access import flag_action_items
from komunitas.meetings.models import ActionItem, Meeting, Rsvp
from komunitas.meetings.models.meeting import share_communities, share_meeting_communities

SHOWN = 5


@home_section
def my_meetings(request):
    user = request.user
    now = timezone.now()
    meetings = share_communities(
        Meeting.objects.of_member(user).upcoming(now).select_related("community")[:SHOWN]
    )
    if not meetings:
        return None
    answers = dict(
        Rsvp.objects.filter(user=user, meeting__in=meetings).values_list("meeting_id", "answer")
    )
    labels = dict(Rsvp.Answer.choices)
    for meeting in meetings:
        meeting.my_answer = answers.get(meeting.pk)
        meeting.my_answer_label = labels.get(meeting.my_answer, "")
        meeting.reminders = [
            r for r in services.upcoming_reminders(meeting, now) if meeting.is_scheduled
        ]
    return {"template": "meetings/home_meetings.html", "order": 15, "meetings": meetings}


@home_section
def my_action_items(request):
    items = share_meeting_communities(
        ActionItem.objects.visible_to(request.user)
        .open()
        .published()
        .filter(owner=request.user)
        .select_related("meeting__community", "owner")
        .order_by("due_date", "pk")[: SHOWN * 2 + 1]
    )
    if not items:
        return None
    return {
        "template": "meetings/home_action_items.html",
        "order": 16,
        "items": flag_action_items(request.user, items[: SHOWN * 2]),
        "more": len(items) > SHOWN * 2,
        "today": timezone.localdate(),
        "statuses": ActionItem.Status.choices,
    }
