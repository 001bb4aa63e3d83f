"""A meeting (pertemuan) of a community: when and where, what it is for, and its minutes."""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Community, Membership

# Letters and digits that cannot be mistaken for each other when read off a projector.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a member typed, as the code would be stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def share_communities(meetings) -> list:
    """Give meetings of one community the same Community object, so that its membership cache
    answers every permission check after the first (one query per community, not per meeting).
    """
    seen = {}
    meetings = list(meetings)
    for meeting in meetings:
        meeting.community = seen.setdefault(meeting.community_id, meeting.community)
    return meetings


def share_meeting_communities(items) -> list:
    """The same for things of meetings (e.g. action items with ``meeting__community``)."""
    items = list(items)
    share_communities([item.meeting for item in items])
    return items


class MeetingQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True, community__deleted_at__isnull=True)

    def visible_to(self, user):
        """Meetings of the communities the user may see (see rules.py: meeting.view)."""
        return self.alive().filter(community__in=Community.objects.visible_to(user))

    def minutes_visible_to(self, user):
        """Meetings whose minutes the user may read (rules.py: meeting.view_minutes): before
        publication the community's fasilitators and the member who facilitates the meeting,
        after it also the members, partners and operators."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        active = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        member_of = active.values("community_id")
        leads = active.filter(role=Membership.Role.FASILITATOR).values("community_id")
        manager = Q(community__in=leads) | Q(facilitator=user, community__in=member_of)
        readers = Q() if is_operator(user) else Q(community__in=member_of)
        return self.alive().filter(manager | (Q(minutes_published_at__isnull=False) & readers))

    def of_member(self, user):
        """Meetings of the communities the user is an active member of."""
        return self.alive().filter(community__in=Community.objects.of_member(user))

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__gt=now).order_by("starts_at")

    def past(self, now=None):
        now = now or timezone.now()
        return self.filter(ends_at__lte=now).order_by("-starts_at")

    def scheduled(self):
        return self.filter(status=Meeting.Status.SCHEDULED)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        IN_PERSON = "luring", _("In person (luring)")
        ONLINE = "daring", _("Online (daring)")
        BOTH = "hibrida", _("In person and online (hybrid)")

    class Step(models.TextChoices):
        # The repeating cycle of a growing community (DESIGN.md §1b) ...
        NEEDS = "needs", _("Needs analysis")
        TOPIC = "topic", _("Choosing a topic")
        SPEAKER = "speaker", _("Choosing a speaker (narasumber)")
        SESSION = "session", _("Learning session")
        DOCUMENTATION = "documentation", _("Documenting and publishing")
        ACCOMPANY = "accompany", _("Accompanying practice (pendampingan)")
        REFLECTION = "reflection", _("Reflection")
        # ... and the stages of the collaborative inquiry cycle (siklus inkuiri kolaboratif).
        INQUIRY_REFLECT = "inquiry_reflect", _("Inquiry: initial reflection on pupils' data")
        INQUIRY_PLAN = "inquiry_plan", _("Inquiry: planning")
        INQUIRY_DO = "inquiry_do", _("Inquiry: implementation")
        INQUIRY_EVALUATE = "inquiry_evaluate", _("Inquiry: evaluation")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=160)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    step = models.CharField(
        _("step in the cycle"), max_length=20, choices=Step.choices, blank=True, default=""
    )
    agenda = models.TextField(
        _("agenda"), max_length=5000, blank=True, help_text=_("Markdown: one item per line.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), editable=False)
    zone = models.CharField(
        _("time zone"), max_length=20, choices=User.Zone.choices, default=User.Zone.WIB
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(720)],
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.IN_PERSON)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    facilitator = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fasilitator"),
    )
    speaker = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("speaker (narasumber) from the platform"),
    )
    speaker_name = models.CharField(
        _("speaker from outside"),
        max_length=120,
        blank=True,
        help_text=_("A narasumber without an account: name as it should appear."),
    )
    speaker_affiliation = models.CharField(_("speaker's institution"), max_length=160, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    posts = models.ManyToManyField(
        "discussions.Post",
        blank=True,
        related_name="meetings",
        verbose_name=_("posts to discuss"),
        help_text=_("Open questions, challenges and concerns of the community to talk about."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    rhythm_date = models.DateField(
        _("date in the rhythm"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The rhythm date this meeting was scheduled for; it stays when moved."),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=1000, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled at"))
    checkin_code = models.CharField(
        max_length=CODE_LENGTH, default=new_checkin_code, verbose_name=_("check-in code")
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("sequence")
    )  # iCalendar SEQUENCE
    notes = models.TextField(_("notes (notulen)"), max_length=20000, blank=True)
    agreements = models.TextField(
        _("agreements (kesepakatan)"),
        max_length=5000,
        blank=True,
        help_text=_("What the meeting agreed, one per line."),
    )
    minutes_published_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("minutes published at")
    )
    minutes_published_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes published by"),
    )
    reminded_24h_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("day-before reminder sent at")
    )
    reminded_1h_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("hour-before reminder sent at")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "rhythm_date"],
                condition=Q(rhythm_date__isnull=False),
                name="meeting_once_per_rhythm_date",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=720),
                name="meeting_duration_range",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.ends_at = self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "starts_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "ends_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    # --- time

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone)

    @property
    def zone_name(self) -> str:
        return User.Zone(self.zone).name

    @property
    def local_start(self) -> datetime.datetime:
        """The start in the meeting's own zone (as the invitation says it)."""
        return timezone.localtime(self.starts_at, self.tz)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at, self.tz)

    @property
    def uid(self) -> str:
        """The stable iCalendar UID: the same event in every feed and file, however moved."""
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":")[0]
        return f"meeting-{self.pk}@{host or 'komunitas'}"

    def checkin_opens(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(minutes=settings.MEETINGS_CHECKIN_OPENS_MINUTES)

    def checkin_closes(self) -> datetime.datetime:
        return self.ends_at + datetime.timedelta(minutes=settings.MEETINGS_CHECKIN_CLOSES_MINUTES)

    def late_after(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=settings.MEETINGS_LATE_AFTER_MINUTES)

    def checkin_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_scheduled and self.checkin_opens() <= now <= self.checkin_closes()

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    # --- state

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED and self.deleted_at is None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    @property
    def has_place(self) -> bool:
        return self.mode in (self.Mode.IN_PERSON, self.Mode.BOTH)

    @property
    def has_link(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.BOTH)

    @property
    def speaker_display(self) -> str:
        name = self.speaker.full_name if self.speaker_id else self.speaker_name
        if name and self.speaker_affiliation:
            return f"{name} ({self.speaker_affiliation})"
        return name

    def reschedule(self, starts_at: datetime.datetime, *, duration_minutes=None):
        """Move the meeting; reminders are due again for the new time."""
        self.starts_at = starts_at
        if duration_minutes:
            self.duration_minutes = duration_minutes
        self.reminded_24h_at = self.reminded_1h_at = None

    def bump_sequence(self):
        """Tell calendars the event changed (RFC 5545 SEQUENCE)."""
        self.sequence += 1

    def cancel(self, *, reason: str):
        self.status = self.Status.CANCELLED
        self.cancel_reason = reason.strip()
        self.cancelled_at = timezone.now()
        self.bump_sequence()
        self.save(
            update_fields=["status", "cancel_reason", "cancelled_at", "sequence", "updated_at"]
        )

    def new_checkin_code(self):
        self.checkin_code = new_checkin_code()
        self.save(update_fields=["checkin_code", "updated_at"])

    def publish_minutes(self, *, by):
        self.minutes_published_at = timezone.now()
        self.minutes_published_by = by
        self.save(update_fields=["minutes_published_at", "minutes_published_by", "updated_at"])

    # --- who

    def role_of(self, user) -> str | None:
        return self.community.role_of(user)

    def is_manager(self, user) -> bool:
        """A fasilitator of the community, or the member who facilitates this meeting."""
        role = self.role_of(user)
        if role == Membership.Role.FASILITATOR:
            return True
        return role is not None and self.facilitator_id == getattr(user, "pk", None)
