"""Who may see and do what with meetings (see komunitas/permissions.py).

A meeting is seen by whoever may see its community; its online link, RSVP, check-in and the
published minutes are for the community's members (fasilitator, anggota and mitra alike);
planning, attendance, the minutes before publication and the feedback summary are for the
community's fasilitators and the member who facilitates that meeting. Operators read everything.
"""

from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Membership
from komunitas.discussions.applying import register_target
from komunitas.meetings.models import ActionItem, Meeting
from komunitas.permissions import can, rule

Role = Membership.Role


def _alive(meeting: Meeting) -> bool:
    return meeting.deleted_at is None and meeting.community.deleted_at is None


@rule("meeting.create")
def _create(user, community):
    return can(user, "community.manage", community)


@rule("meeting.subscribe")
def _subscribe(user, community):
    """A community's calendar with its meetings' details (online links): for its members."""
    return community.deleted_at is None and community.role_of(user) is not None


@rule("meeting.view")
def _view(user, meeting: Meeting):
    return _alive(meeting) and can(user, "community.view", meeting.community)


@rule("meeting.view_details")
def _view_details(user, meeting: Meeting):
    """The online link and the check-in: members only, so a public page invites no gatecrasher."""
    return _alive(meeting) and (meeting.role_of(user) is not None or is_operator(user))


@rule("meeting.manage")
def _manage(user, meeting: Meeting):
    return _alive(meeting) and meeting.is_manager(user)


@rule("meeting.view_attendance")
def _view_attendance(user, meeting: Meeting):
    return _alive(meeting) and (meeting.is_manager(user) or is_operator(user))


@rule("meeting.rsvp")
def _rsvp(user, meeting: Meeting):
    return (
        _alive(meeting)
        and meeting.is_scheduled
        and not meeting.has_ended()
        and meeting.role_of(user) is not None
    )


@rule("meeting.check_in")
def _check_in(user, meeting: Meeting):
    """Members may try; the window and the code are checked by Attendance.check_in."""
    return _alive(meeting) and meeting.is_scheduled and meeting.role_of(user) is not None


@rule("meeting.view_minutes")
def _view_minutes(user, meeting: Meeting):
    if not _alive(meeting):
        return False
    if meeting.is_manager(user):
        return True
    return meeting.minutes_published and (meeting.role_of(user) is not None or is_operator(user))


@rule("meeting.give_feedback")
def _give_feedback(user, meeting: Meeting):
    return (
        _alive(meeting)
        and meeting.is_scheduled
        and meeting.has_started()
        and meeting.role_of(user) is not None
    )


@rule("meeting.view_feedback")
def _view_feedback(user, meeting: Meeting):
    return _alive(meeting) and (meeting.is_manager(user) or is_operator(user))


@rule("action_item.view")
def _view_action_item(user, item: ActionItem):
    """An action item is read in its meeting's minutes."""
    return item.deleted_at is None and _view_minutes(user, item.meeting)


@rule("action_item.update")
def _update_action_item(user, item: ActionItem):
    meeting = item.meeting
    if not _alive(meeting) or item.deleted_at:
        return False
    if meeting.is_manager(user):
        return True
    return item.owner_id == user.pk and meeting.role_of(user) is not None


@rule("meeting.apply")
def _apply(user, meeting: Meeting):
    """“Saya terapkan di kelas”: a member reports trying in class what a meeting brought."""
    return (
        _alive(meeting)
        and meeting.is_scheduled
        and meeting.has_started()
        and meeting.role_of(user) in (Role.FASILITATOR, Role.ANGGOTA)
    )


# A meeting is something members can report having applied in class (the discussions app's one
# ClassroomApplication model); the reports follow the meeting's own permissions.
register_target(Meeting, view_action="meeting.view", apply_action="meeting.apply")
