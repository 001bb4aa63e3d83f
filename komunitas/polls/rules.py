"""Who may see and do what with polls (see komunitas/permissions.py).

A poll is seen by whoever may see its community, as a post is: an outsider of a private
community sees nothing of it. The fasilitators and anggota create polls and vote; partners
(mitra) and operators read them and their results, never vote. Results show to a voter once
they voted (or to everyone once the poll closed, when the poll says "only after closing"); the
poll's author and the community's fasilitators see them at any time in the first case, to run
the poll. Who chose what is shown only in a named poll, only to fasilitators and anggota, and
only where the results show; an anonymous poll names nobody to anyone. The author and the
fasilitators close a poll early and delete it; fasilitators make it a meeting's agenda.
"""

from komunitas.communities.models import Membership
from komunitas.permissions import can, rule
from komunitas.polls.models import Poll

Role = Membership.Role
VOTERS = (Role.FASILITATOR, Role.ANGGOTA)


def _alive(poll: Poll) -> bool:
    return poll.deleted_at is None and poll.community.deleted_at is None


def _role(user, poll: Poll):
    return poll.community.role_of(user)


def _runs(user, poll: Poll) -> bool:
    """The poll's author (still a member who may post) or a fasilitator of its community."""
    role = _role(user, poll)
    return role == Role.FASILITATOR or (poll.author_id == user.pk and role in VOTERS)


def has_voted(user, poll: Poll) -> bool:
    """Whether the user voted (remembered on the poll for the page's other checks)."""
    cache = poll.__dict__.setdefault("_voted_by", {})
    if user.pk not in cache:
        cache[user.pk] = poll.voters.filter(user=user.pk).exists()
    return cache[user.pk]


@rule("poll.create")
def _create(user, community):
    return can(user, "community.post", community)


@rule("poll.view")
def _view(user, poll: Poll):
    return _alive(poll) and can(user, "community.view", poll.community)


@rule("poll.vote")
def _vote(user, poll: Poll):
    """Vote, and change the vote, while the poll is open."""
    return _view(user, poll) and poll.is_open() and _role(user, poll) in VOTERS


@rule("poll.view_results")
def _view_results(user, poll: Poll):
    if not _view(user, poll):
        return False
    if not poll.is_open():
        return True
    if poll.results == Poll.Results.AFTER_CLOSE:
        return False
    return _runs(user, poll) or (_role(user, poll) in VOTERS and has_voted(user, poll))


@rule("poll.view_voters")
def _view_voters(user, poll: Poll):
    """Who chose what: a named poll's results, for the community's fasilitators and anggota."""
    return not poll.anonymous and _role(user, poll) in VOTERS and _view_results(user, poll)


@rule("poll.close")
def _close(user, poll: Poll):
    return _view(user, poll) and poll.is_open() and _runs(user, poll)


@rule("poll.delete")
def _delete(user, poll: Poll):
    return _view(user, poll) and _runs(user, poll)


@rule("poll.make_agenda")
def _make_agenda(user, poll: Poll):
    """“Jadikan agenda pertemuan”: the community's fasilitators, who plan its meetings."""
    return _view(user, poll) and can(user, "community.manage", poll.community)
