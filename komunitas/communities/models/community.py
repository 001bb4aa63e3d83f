"""A community of practice: its identity, its place, who may see it and its rhythm."""

import datetime
import itertools

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from komunitas.accounts.models import District, Phase, Province, Regency, School, Subject, User

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WEEKS_OF_MONTH = [
    ("1", pgettext_lazy("week of month", "first")),
    ("2", pgettext_lazy("week of month", "second")),
    ("3", pgettext_lazy("week of month", "third")),
    ("4", pgettext_lazy("week of month", "fourth")),
    ("5", pgettext_lazy("week of month", "last")),
]
LAST_WEEK = 5


class CommunityQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        """Communities the user may see: ``community.view`` as a query (rules.py)."""
        from komunitas.communities.rules import visible_communities

        return visible_communities(self, user)

    def of_member(self, user):
        """Communities the user is an active member of (any role)."""
        if not user.is_authenticated:
            return self.none()
        return self.alive().filter(
            memberships__user=user, memberships__status=Membership.Status.ACTIVE
        )

    def with_member_count(self):
        active = (
            Membership.objects.filter(community=OuterRef("pk"), status=Membership.Status.ACTIVE)
            .values("community")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(member_count=Coalesce(Subquery(active), 0))

    def search(self, *, words="", region="", kind="", subject="", phase=""):
        qs = self
        if words:
            for word in words.split()[:8]:
                qs = qs.filter(
                    Q(name__icontains=word)
                    | Q(domain__icontains=word)
                    | Q(description__icontains=word)
                )
        if region:
            qs = qs.filter(
                Q(regency_id=region) | Q(province_id=region) | Q(regency__province_id=region)
            )
        if kind:
            qs = qs.filter(kind=kind)
        if subject:
            qs = qs.filter(
                pk__in=Community.subjects.through.objects.filter(subject_id=subject).values(
                    "community_id"
                )
            )
        if phase:
            qs = qs.filter(
                pk__in=Community.phases.through.objects.filter(phase_id=phase).values(
                    "community_id"
                )
            )
        return qs


class SeenMemberships:
    """The membership rows one community instance has read, by user id: ``active`` (the active
    membership or None) and ``rows`` (the one row, whatever its status). Lives as long as the
    instance, i.e. one request or one fan-out."""

    def __init__(self):
        self.active: dict = {}
        self.rows: dict = {}


class Community(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "sekolah", _("Within one school")
        ACROSS_SCHOOLS = "antar_sekolah", _("Across schools")
        ONLINE = "daring", _("Online")

    class Scope(models.TextChoices):
        SCHOOL = "sekolah", _("School")
        GUGUS = "gugus", _("Gugus / KKG / MGMP")
        KECAMATAN = "kecamatan", _("Kecamatan")
        REGENCY = "kabupaten", _("Kabupaten/kota")
        PROVINCE = "provinsi", _("Province")
        NATIONAL = "nasional", _("National")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone signed in may read and ask to join")
        PRIVATE = "private", _("Private: invisible to everyone but its members")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone who can see it may join")
        APPROVAL = "approval", _("Approval: a fasilitator approves each request")
        INVITATION = "invitation", _("Invitation only")

    class Stage(models.TextChoices):
        STARTING = "merintis", _("Merintis & merancang (starting and designing)")
        GROWING = "menumbuhkan", _("Menumbuhkan & menjalankan (growing and running)")
        SUSTAINING = "merawat", _("Merawat keberlanjutan (sustaining)")

    class Frequency(models.TextChoices):
        NONE = "", _("No fixed rhythm yet")
        WEEKLY = "weekly", _("Every week")
        EVERY_N_WEEKS = "every_n_weeks", _("Every few weeks")
        MONTHLY = "monthly", _("On given weeks of the month")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens; it becomes part of the link."),
    )
    domain = models.CharField(
        _("domain (the shared concern)"),
        max_length=300,
        help_text=_("For example: differentiated learning in multi-grade classes."),
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    visi = models.TextField(_("vision (visi)"), max_length=2000, blank=True)
    misi = models.TextField(_("mission (misi)"), max_length=2000, blank=True)
    tujuan = models.TextField(_("goals (tujuan)"), max_length=2000, blank=True)
    nilai = models.TextField(_("values (nilai)"), max_length=2000, blank=True)
    kesepakatan = models.TextField(
        _("agreements (kesepakatan)"),
        max_length=3000,
        blank=True,
        help_text=_("The norms the members agreed, e.g. “we meet every three weeks”."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SCHOOL)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.SCHOOL)
    place_name = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_("The gugus, KKG or MGMP by name, if any, e.g. “Gugus Melati”."),
    )
    schools = models.ManyToManyField(
        School, blank=True, related_name="communities", verbose_name=_("schools")
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("regency or city"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district (kecamatan)"),
    )
    subjects = models.ManyToManyField(Subject, blank=True, verbose_name=_("subjects"))
    phases = models.ManyToManyField(Phase, blank=True, verbose_name=_("phases"))
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("who may join"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.STARTING
    )
    # The rhythm: structured, so that the meetings issue can schedule from it.
    rhythm_frequency = models.CharField(
        _("how often"), max_length=14, choices=Frequency.choices, blank=True, default=""
    )
    rhythm_interval = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("For “every few weeks”: 2 means every second week."),
    )
    rhythm_weeks = models.CharField(
        _("weeks of the month"),
        max_length=12,
        blank=True,
        help_text=_("For “on given weeks of the month”, e.g. the second and fourth."),
    )
    rhythm_weekday = models.PositiveSmallIntegerField(
        _("day"), choices=WEEKDAYS, null=True, blank=True
    )
    rhythm_time = models.TimeField(_("time"), null=True, blank=True)
    rhythm_zone = models.CharField(
        _("time zone"), max_length=20, choices=User.Zone.choices, default=User.Zone.WIB
    )
    rhythm_start = models.DateField(
        _("from"),
        null=True,
        blank=True,
        help_text=_("For “every few weeks”: the date of one meeting, to count from."),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=Q(rhythm_interval__gte=1) & Q(rhythm_interval__lte=12),
                name="community_rhythm_interval_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("communities:detail", args=[self.slug])

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    @property
    def weeks_of_month(self) -> list[int]:
        return sorted(int(w) for w in self.rhythm_weeks.split(",") if w.strip().isdigit())

    def clean(self):
        super().clean()
        freq = self.rhythm_frequency
        if freq and self.rhythm_weekday is None:
            raise ValidationError({"rhythm_weekday": _("Choose the day of the meetings.")})
        if freq == self.Frequency.MONTHLY and not self.weeks_of_month:
            raise ValidationError({"rhythm_weeks": _("Choose at least one week of the month.")})
        if freq == self.Frequency.EVERY_N_WEEKS and not self.rhythm_start:
            raise ValidationError(
                {"rhythm_start": _("Give the date of one meeting to count from.")}
            )
        if self.district_id and not self.regency_id:
            self.regency_id = self.district.regency_id
        if self.regency_id and not self.province_id:
            self.province_id = self.regency.province_id
        if self.district_id and self.district.regency_id != self.regency_id:
            raise ValidationError(
                {"district": _("This kecamatan is not in the chosen regency or city.")}
            )
        if self.regency_id and self.regency.province_id != self.province_id:
            raise ValidationError(
                {"regency": _("This regency or city is not in the chosen province.")}
            )

    # --- rhythm

    def rhythm_display(self) -> str:
        """The rhythm in words, e.g. “Every second and fourth Thursday, 14.00 WIB”."""
        freq = self.rhythm_frequency
        if not freq or self.rhythm_weekday is None:
            return ""
        day = dict(WEEKDAYS)[self.rhythm_weekday]
        if freq == self.Frequency.WEEKLY:
            text = format_lazy(_("Every {day}"), day=day)
        elif freq == self.Frequency.EVERY_N_WEEKS:
            text = ngettext(
                "Every week on {day}", "Every {n} weeks on {day}", self.rhythm_interval
            ).format(n=self.rhythm_interval, day=day)
        else:
            names = dict(WEEKS_OF_MONTH)
            weeks = [str(names[str(w)]) for w in self.weeks_of_month]
            joined = (
                weeks[0]
                if len(weeks) == 1
                else format_lazy(
                    _("{first} and {last}"), first=", ".join(weeks[:-1]), last=weeks[-1]
                )
            )
            text = format_lazy(_("Every {weeks} {day} of the month"), weeks=joined, day=day)
        if self.rhythm_time:
            zone = User.Zone(self.rhythm_zone).name
            text = format_lazy(
                "{text}, {time} {zone}",
                text=text,
                time=self.rhythm_time.strftime("%H.%M"),
                zone=zone,
            )
        return str(text)

    def rhythm_rule(self, start: datetime.date):
        """The rhythm as an RFC 5545 recurrence rule (dateutil's ``rrule``), or None.

        It yields naive local datetimes at the rhythm's time, in ``rhythm_zone``, from ``start``
        on; “every few weeks” counts its weeks from ``rhythm_start`` so the phase never drifts.
        Week 5 of the month is the last one (``BYDAY=-1TH``), so it exists in every month.
        """
        freq, weekday = self.rhythm_frequency, self.rhythm_weekday
        if not freq or weekday is None:
            return None
        day = rrule.weekday(weekday)
        at = self.rhythm_time or datetime.time(0, 0)
        if freq == self.Frequency.MONTHLY:
            weeks = [day(-1 if week == LAST_WEEK else week) for week in self.weeks_of_month]
            if not weeks:
                return None
            return rrule.rrule(
                rrule.MONTHLY, byweekday=weeks, dtstart=datetime.datetime.combine(start, at)
            )
        interval = self.rhythm_interval if freq == self.Frequency.EVERY_N_WEEKS else 1
        anchor = self.rhythm_start if interval > 1 and self.rhythm_start else start
        return rrule.rrule(
            rrule.WEEKLY,
            interval=interval,
            byweekday=day,
            dtstart=datetime.datetime.combine(anchor, at),
        )

    def rhythm_dates(self, after: datetime.date, count: int = 3) -> list[datetime.date]:
        """The next ``count`` meeting dates on or after ``after`` that the rhythm gives."""
        rule = self.rhythm_rule(after)
        if rule is None:
            return []
        since = datetime.datetime.combine(after, datetime.time.min)
        return [moment.date() for moment in itertools.islice(rule.xafter(since, inc=True), count)]

    def next_meeting_hint(self) -> str:
        dates = self.rhythm_dates(timezone.localdate(), 1)
        return date_format(dates[0], "l, j F Y") if dates else ""

    # --- membership

    @cached_property
    def seen_memberships(self) -> "SeenMemberships":
        """The membership rows this instance has read, per user (see ``membership_of``)."""
        return SeenMemberships()

    def membership_of(self, user):
        """The user's active membership here, or None; remembered on the instance."""
        if not getattr(user, "is_authenticated", False):
            return None
        seen = self.seen_memberships
        if user.pk not in seen.active:
            # The user's one row here, whatever its status (unique per community and member):
            # kept, so that removed_membership_of() asks nothing more.
            row = self.memberships.filter(user=user).first()
            seen.rows[user.pk] = row
            seen.active[user.pk] = row if row and row.status == Membership.Status.ACTIVE else None
        return seen.active[user.pk]

    def removed_membership_of(self, user):
        """The user's membership here if a fasilitator removed them, or None; no query after
        membership_of() for the same user."""
        if not getattr(user, "is_authenticated", False):
            return None
        rows = self.seen_memberships.rows
        if user.pk in rows:
            row = rows[user.pk]
            return row if row and row.status == Membership.Status.REMOVED else None
        return self.memberships.filter(user=user, status=Membership.Status.REMOVED).first()

    def role_of(self, user) -> str | None:
        membership = self.membership_of(user)
        return membership.role if membership else None

    def counts_reads_of(self, user) -> bool:
        """Whether what ``user`` reads here counts as a member's read (komunitas/reads): the
        fasilitator and the anggota; a mitra, a partner or a visitor is not one of its readers."""
        return self.role_of(user) in (Membership.Role.FASILITATOR, Membership.Role.ANGGOTA)

    def forget_membership_cache(self):
        """Read memberships afresh (after a change of them in this process)."""
        self.seen_memberships = SeenMemberships()

    def remember_memberships(self, users):
        """Load the active memberships of many users at once (one query), so that checking
        permissions for each of them, e.g. when notifying a whole community, asks nothing more."""
        seen = self.seen_memberships
        ids = [user.pk for user in users if user.pk not in seen.active]
        for start in range(0, len(ids), 10_000):  # within SQLite's limit on query parameters
            chunk = ids[start : start + 10_000]
            active = self.memberships.filter(status=Membership.Status.ACTIVE, user__in=chunk)
            found = {m.user_id: m for m in active}
            seen.active.update({pk: found.get(pk) for pk in chunk})

    @staticmethod
    def remember_membership_of(user, communities) -> None:
        """Read the user's rows in many communities in one query, so that ``membership_of`` (and
        every permission built on it) asks nothing more for them."""
        if not getattr(user, "is_authenticated", False):
            return
        waiting = [c for c in communities if user.pk not in c.seen_memberships.active]
        if not waiting:
            return
        rows = {
            m.community_id: m for m in Membership.objects.filter(user=user, community__in=waiting)
        }
        for community in waiting:
            row = rows.get(community.pk)
            community.seen_memberships.rows[user.pk] = row
            active = row if row and row.status == Membership.Status.ACTIVE else None
            community.seen_memberships.active[user.pk] = active

    def active_memberships(self):
        return self.memberships.filter(status=Membership.Status.ACTIVE)

    def facilitators(self):
        """The users who facilitate this community now (for notifications' audiences)."""
        return User.objects.filter(
            memberships__community=self,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role=Membership.Role.FASILITATOR,
        )


# Imported late: membership.py imports Community.
from komunitas.communities.models.membership import Membership  # noqa: E402
