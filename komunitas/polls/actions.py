"""Every change to polls, and who hears of it (the one way to change the app's state).

Each ``do_*`` takes keyword arguments only and runs in one transaction. Actions do not check
permissions (views fetch the poll with ``access_poll`` first) but they do keep the poll's own
invariants, because a tampered form reaches them too: a vote names options of its own poll
only, one when the poll takes one, and only while the poll is open (``VoteRefused``).
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.meetings.actions import do_update_meeting
from komunitas.meetings.models import Meeting
from komunitas.notifications.services import announce
from komunitas.polls import notifications as kinds
from komunitas.polls.models import Option, Poll, Vote, Voter, ballot_key

log = logging.getLogger("komunitas.polls")

URGENT_WITHIN = datetime.timedelta(days=2)


class VoteRefused(Exception):
    """A vote the poll cannot take; the message is for the member."""


def result_text(poll: Poll) -> str:
    """The winning option(s) and the number of voters, as the closing notification says."""
    winners = ", ".join(option.text for option in poll.winners())
    count = poll.voter_count()
    if not winners:
        return str(_("no votes"))
    return str(_("%(winners)s (%(count)d voters)") % {"winners": winners, "count": count})


@transaction.atomic
def do_create_poll(
    *,
    community: Community,
    author: User,
    question: str,
    options: list[str],
    description: str = "",
    multiple: bool = False,
    anonymous: bool = False,
    results: str = Poll.Results.AFTER_VOTE,
    closes_at: datetime.datetime | None = None,
) -> Poll:
    """Save a poll with its options (in the order given); the members who vote hear of it."""
    poll = Poll.objects.create(
        community=community,
        author=author,
        question=question,
        description=description,
        multiple=multiple,
        anonymous=anonymous,
        results=results,
        closes_at=closes_at,
    )
    Option.objects.bulk_create(
        Option(poll=poll, text=text, position=index) for index, text in enumerate(options)
    )
    urgent = {}
    if closes_at and closes_at - timezone.now() <= URGENT_WITHIN:
        urgent = {"urgent_until": closes_at.isoformat()}
    announce(
        kinds.CREATED,
        actor=author,
        target=poll,
        title=poll.question,
        url=poll.get_absolute_url(),
        **urgent,
    )
    return poll


@transaction.atomic
def do_vote(*, poll: Poll, user: User, option_ids: list[int]) -> Voter:
    """Record the member's choice, replacing the one they made before.

    Refused (VoteRefused) on a closed poll, with no option, with several options in a poll of
    one choice, or with an option of another poll. A named poll writes the member on each vote;
    an anonymous poll only the ballot key."""
    # Lock the poll so that a vote and closing the poll do not cross.
    locked = Poll.objects.select_for_update().filter(pk=poll.pk).first()
    if locked is None or not locked.is_open():
        raise VoteRefused(_("This poll is closed: votes can no longer be given or changed."))
    chosen = set(option_ids)
    if not chosen:
        raise VoteRefused(_("Choose an option."))
    if len(chosen) > 1 and not poll.multiple:
        raise VoteRefused(_("This poll takes one choice only."))
    options = list(Option.objects.filter(poll=poll, pk__in=chosen))
    if len(options) != len(chosen):
        raise VoteRefused(_("That option is not one of this poll's."))
    key = ballot_key(poll.pk, user.pk)
    Vote.objects.filter(poll=poll, ballot=key).delete()
    Vote.objects.bulk_create(
        Vote(poll=poll, option=option, ballot=key, voter=None if poll.anonymous else user)
        for option in options
    )
    now = timezone.now()
    voter = Voter.objects.filter(poll=poll, user=user).first()
    if voter is None:
        try:
            with transaction.atomic():
                voter = Voter.objects.create(poll=poll, user=user, voted_at=now)
        except IntegrityError:  # the same member's other tab voted just now
            voter = Voter.objects.get(poll=poll, user=user)
    else:
        voter.changed_at = now
        voter.save(update_fields=["changed_at"])
    return voter


@transaction.atomic
def do_withdraw_vote(*, poll: Poll, user: User) -> None:
    """Take the member's vote back while the poll is open."""
    locked = Poll.objects.select_for_update().filter(pk=poll.pk).first()
    if locked is None or not locked.is_open():
        raise VoteRefused(_("This poll is closed: votes can no longer be given or changed."))
    Vote.objects.filter(poll=poll, ballot=ballot_key(poll.pk, user.pk)).delete()
    Voter.objects.filter(poll=poll, user=user).delete()


def _announce_closed(poll: Poll, *, by: User | None) -> None:
    claimed = Poll.objects.filter(pk=poll.pk, closing_announced_at__isnull=True).update(
        closing_announced_at=timezone.now()
    )
    if not claimed:
        return
    announce(
        kinds.CLOSED,
        actor=by,
        target=poll,
        title=poll.question,
        url=poll.get_absolute_url(),
        result=result_text(poll),
    )


@transaction.atomic
def do_close_poll(*, poll: Poll, by: User) -> bool:
    """Close the poll before its date (the author or a fasilitator); the members hear of the
    result. False when it was closed already."""
    if not poll.close(by=by):
        return False
    poll.save(update_fields=["closed_at", "closed_by"])  # the search hears it closed
    log.info("poll %s closed early by user %s", poll.pk, by.pk)
    _announce_closed(poll, by=by)
    return True


@transaction.atomic
def do_close_due_polls(*, now: datetime.datetime | None = None) -> int:
    """Close the polls whose closing date has passed and tell the members (the periodic job).
    Each poll is claimed with a conditional update, so two workers close and announce it once."""
    closed = 0
    for poll in Poll.objects.due_to_close(now).select_related("community"):
        if poll.close(by=None, now=poll.closes_at):
            poll.save(update_fields=["closed_at"])  # the search hears it closed
            _announce_closed(poll, by=None)
            closed += 1
    return closed


@transaction.atomic
def do_delete_poll(*, poll: Poll, by: User) -> Poll:
    """Soft-delete the poll (its author or a fasilitator): it leaves every list, search and
    page; the row keeps who deleted it and when."""
    poll.soft_delete(by=by)
    log.info("poll %s deleted by user %s", poll.pk, by.pk)
    return poll


def agenda_lines(poll: Poll) -> str:
    """The winning option(s) as agenda items, with where they come from."""
    winners = poll.winners()
    lines = [f"- {option.text}" for option in winners]
    source = _("From the poll “%(question)s” (%(count)d voters)") % {
        "question": poll.question,
        "count": poll.voter_count(),
    }
    return "\n".join([f"{source}:", "", *lines])


@transaction.atomic
def do_make_agenda(*, poll: Poll, meeting: Meeting, by: User) -> Meeting:
    """Add the poll's winning option(s) to the meeting's agenda, through the meetings' own
    action, and remember the meeting on the poll. Refused (VoteRefused) without votes."""
    if not poll.winners():
        raise VoteRefused(_("The poll has no votes yet, so it has no result to put on an agenda."))
    addition = agenda_lines(poll)
    meeting.agenda = f"{meeting.agenda.rstrip()}\n\n{addition}".strip()[:5000]
    do_update_meeting(meeting=meeting, changed=["agenda"], by=by)
    poll.agenda_meeting = meeting
    poll.save(update_fields=["agenda_meeting"])
    return meeting
