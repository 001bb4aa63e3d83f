"""Polls' part of the members' data rights (komunitas/core/privacy.py).

The export holds the polls the member opened, the polls they voted in, and what they chose in
named polls. What they chose in an anonymous poll is not linked to them (only a keyed ballot),
so it is not in the export either. Erasure keeps the counts true: the account becomes
"Mantan anggota" and its named votes stay under that name, or, when contributions are removed,
their votes and their polls go (votes are deleted, polls soft-deleted).
"""

from komunitas.core.privacy import all_rows, privacy_part, rows
from komunitas.polls.actions import do_delete_poll
from komunitas.polls.models import Poll, Vote, Voter, ballot_key


@privacy_part("polls", order=45)
class PollsPrivacy:
    def export(self, user):
        return {
            "polls": all_rows(Poll.objects.filter(author=user), "community__name"),
            "voted_in": rows(
                Voter.objects.filter(user=user), "poll__question", "voted_at", "changed_at"
            ),
            "named_votes": rows(Vote.objects.filter(voter=user), "poll__question", "option__text"),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        if not remove_public:
            return
        for voter in Voter.objects.filter(user=user):
            Vote.objects.filter(
                poll_id=voter.poll_id, ballot=ballot_key(voter.poll_id, user.pk)
            ).delete()
            voter.delete()
        for poll in Poll.objects.filter(author=user, deleted_at__isnull=True):
            do_delete_poll(poll=poll, by=user)
