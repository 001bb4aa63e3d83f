"""Pendampingan: a mentor accompanies a mentee within a community.

A pair is proposed by a fasilitator or asked for by the member, and starts only when both the
pendamping and the member agreed: who asked agreed by asking, the other party answers, and
nobody agrees on another's behalf (a fasilitator who proposes a pair, even with themselves as
the pendamping, waits for the member). It counts as active while both still belong to the
community, so a member who leaves takes their learning with them without anyone having to end
the pair.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community, Membership


class MentorshipError(Exception):
    """A change the rules do not allow; the message is for the person."""


def _belongs(field):
    return Exists(
        Membership.objects.filter(
            community=OuterRef("community"), user=OuterRef(field), status=Membership.Status.ACTIVE
        )
    )


class MentorshipQuerySet(models.QuerySet):
    def active(self):
        return (
            self.filter(status=Mentorship.Status.ACTIVE, community__deleted_at__isnull=True)
            .alias(mentor_belongs=_belongs("mentor"), mentee_belongs=_belongs("mentee"))
            .filter(mentor_belongs=True, mentee_belongs=True)
        )

    def pending(self):
        return self.filter(status=Mentorship.Status.PENDING, community__deleted_at__isnull=True)

    def open(self):
        return self.filter(status__in=[Mentorship.Status.PENDING, Mentorship.Status.ACTIVE])

    def awaiting(self, user):
        """Waiting requests that wait for ``user``'s own answer."""
        return self.pending().filter(
            Q(mentor=user, mentor_agreed_at__isnull=True)
            | Q(mentee=user, mentee_agreed_at__isnull=True)
        )


class Mentorship(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")
        ENDED = "ended", _("ended")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="mentorships", verbose_name=_("community")
    )
    mentor = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mentoring", verbose_name=_("pendamping")
    )
    mentee = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="mentored_by", verbose_name=_("member")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    # Each party's own consent; the pair is active once both are set.
    mentor_agreed_at = models.DateTimeField(_("pendamping agreed at"), null=True, blank=True)
    mentee_agreed_at = models.DateTimeField(_("member agreed at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    ended_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ended at"))
    ended_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mentorship (pendampingan)")
        verbose_name_plural = _("mentorships (pendampingan)")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "mentor", "mentee"],
                condition=Q(status__in=["pending", "active"]),
                name="mentorship_one_open_pair",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentorship_not_oneself"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee} ({self.community})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    def awaiting_ids(self) -> list[int]:
        """The parties (pendamping, member) whose agreement is still missing."""
        parties = [
            (self.mentor_id, self.mentor_agreed_at),
            (self.mentee_id, self.mentee_agreed_at),
        ]
        return [pk for pk, agreed in parties if agreed is None]

    def _check_answer(self, by):
        if not self.is_pending:
            raise MentorshipError(_("This request was already answered."))
        if by.pk not in self.awaiting_ids():
            raise MentorshipError(
                _("Only the pendamping and the member can answer, each for themselves.")
            )

    def agree(self, *, by) -> bool:
        """``by`` agrees for themselves; returns whether the pendampingan starts now (called by
        ``journeys.actions.do_accept_mentorship``, which announces the start)."""
        self._check_answer(by)
        now = timezone.now()
        if by.pk == self.mentor_id:
            self.mentor_agreed_at = now
        else:
            self.mentee_agreed_at = now
        fields = ["mentor_agreed_at", "mentee_agreed_at"]
        if not self.awaiting_ids():
            self.status, self.decided_at = self.Status.ACTIVE, now
            fields += ["status", "decided_at"]
        self.save(update_fields=fields)
        return self.is_active

    def decline(self, *, by):
        self._check_answer(by)
        self.status, self.decided_at = self.Status.DECLINED, timezone.now()
        self.save(update_fields=["status", "decided_at"])

    def end(self, *, by):
        if self.status not in (self.Status.PENDING, self.Status.ACTIVE):
            raise MentorshipError(_("This pendampingan has already ended."))
        self.status, self.ended_at, self.ended_by = self.Status.ENDED, timezone.now(), by
        self.save(update_fields=["status", "ended_at", "ended_by"])


# Asking for a pendampingan: journeys.actions.do_request_mentorship.


def mentors_of(user):
    """The people who accompany ``user`` now, in any community."""
    return User.objects.filter(
        pk__in=Mentorship.objects.active().filter(mentee=user).values("mentor_id")
    )


def is_mentor_of(user, mentee) -> bool:
    return Mentorship.objects.active().filter(mentor=user, mentee=mentee).exists()
