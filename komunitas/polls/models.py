"""A poll (jajak pendapat) of a community: a question, its options and the members' votes.

Who voted is kept apart from what they chose. ``Voter`` says that a member voted in a poll (so
nobody votes twice, and a member sees and changes their own vote); ``Vote`` is one chosen option
under a *ballot*: a keyed hash of the poll and the member (``ballot_key``), never the member.
A named poll also writes the member on the vote, so members can read who chose what; an
anonymous poll never does, so no page, export or query of the votes can name a voter.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.meetings.models import Meeting

MIN_OPTIONS = 2
MAX_OPTIONS = 10


def ballot_key(poll_id: int, user_id: int) -> str:
    """The member's ballot in one poll: the same for every vote they cast there, different in
    every poll, and not reversible without the site's secret key."""
    message = f"polls.ballot:{poll_id}:{user_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class PollQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True, community__deleted_at__isnull=True)

    def visible_to(self, user):
        """Polls of the communities the user may see (rules.py: poll.view)."""
        return self.alive().filter(community__in=Community.objects.visible_to(user))

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(closed_at__isnull=True).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def due_to_close(self, now=None):
        """Open polls whose closing date has passed: the periodic job closes them."""
        now = now or timezone.now()
        return self.alive().filter(closed_at__isnull=True, closes_at__lte=now)


class Poll(models.Model):
    class Results(models.TextChoices):
        AFTER_VOTE = "after_vote", _("After voting")
        AFTER_CLOSE = "after_close", _("Only after the poll closes")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="polls", verbose_name=_("community")
    )
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="polls",
        verbose_name=_("author"),
    )
    question = models.CharField(_("question"), max_length=200)
    description = models.TextField(_("more about it"), max_length=2000, blank=True)
    multiple = models.BooleanField(
        _("several choices"), default=False, help_text=_("Members may tick more than one option.")
    )
    anonymous = models.BooleanField(
        _("anonymous votes"),
        default=False,
        help_text=_("Nobody, not even the fasilitator, can see who chose what."),
    )
    results = models.CharField(
        _("results are shown"),
        max_length=12,
        choices=Results.choices,
        default=Results.AFTER_VOTE,
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closing_announced_at = models.DateTimeField(
        _("result announced"), null=True, blank=True, editable=False
    )
    agenda_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made the agenda of"),
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [models.Index(fields=["community", "-created_at"], name="polls_community_new")]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("polls:detail", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.closed_at or self.deleted_at:
            return False
        return self.closes_at is None or self.closes_at > now

    @property
    def ended_at(self):
        """When it closed: closed early, or its closing date once that has passed."""
        if self.closed_at:
            return self.closed_at
        if self.closes_at and self.closes_at <= timezone.now():
            return self.closes_at
        return None

    def tally(self) -> list["Option"]:
        """The options in order, each with ``count`` (its votes) and ``percent`` of the voters;
        one query."""
        options = list(self.options.annotate(count=Count("votes")).order_by("position"))
        voters = self.voter_count()
        for option in options:
            option.percent = round(100 * option.count / voters) if voters else 0
        top = max((option.count for option in options), default=0)
        for option in options:
            option.leading = top > 0 and option.count == top
        return options

    def voter_count(self) -> int:
        if not hasattr(self, "_voter_count"):
            self._voter_count = self.voters.count()
        return self._voter_count

    def winners(self) -> list["Option"]:
        return [option for option in self.tally() if option.leading]

    def choices_of(self, user) -> set[int]:
        """The ids of the options the member chose (their own ballot), or an empty set."""
        if not user.is_authenticated:
            return set()
        key = ballot_key(self.pk, user.pk)
        return set(self.votes.filter(ballot=key).values_list("option_id", flat=True))

    def close(self, *, by, now=None) -> bool:
        """Close it now; False when it was already closed (by someone else, or its date)."""
        now = now or timezone.now()
        changed = Poll.objects.filter(pk=self.pk, closed_at__isnull=True).update(
            closed_at=now, closed_by=by
        )
        if changed:
            self.closed_at, self.closed_by = now, by
        return bool(changed)

    def soft_delete(self, *, by):
        self.deleted_at = timezone.now()
        self.deleted_by = by
        self.save(update_fields=["deleted_at", "deleted_by"])


class Option(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="options", verbose_name=_("poll")
    )
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="polls_option_position"),
        ]

    def __str__(self):
        return self.text


class Voter(models.Model):
    """That a member voted in a poll (once per member and poll), not what they chose."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="voters", verbose_name=_("poll")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="poll_voters", verbose_name=_("member")
    )
    voted_at = models.DateTimeField(_("voted"), default=timezone.now)
    changed_at = models.DateTimeField(_("vote changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="polls_one_voter_per_poll"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.poll_id}"


class Vote(models.Model):
    """One chosen option of a ballot. ``voter`` is written only in a named poll."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="votes", verbose_name=_("poll")
    )
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, related_name="votes", verbose_name=_("option")
    )
    ballot = models.CharField(_("ballot"), max_length=64, db_index=True)
    voter = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="poll_votes",
        verbose_name=_("voter"),
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["option", "ballot"], name="polls_one_vote_per_option"),
        ]

    def __str__(self):
        return f"{self.ballot[:8]} → {self.option_id}"
