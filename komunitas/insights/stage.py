"""Which stage a community seems to be in, and what that stage needs next (DESIGN.md §1b).

Each stage has its evidence (``EVIDENCE``). The suggested stage is the first whose evidence is
not all there, and what it needs next is the missing evidence with advice; a community with all
the evidence is in *merawat keberlanjutan*. Evidence from an app that is not installed is not
asked for. ``facts()`` does the counting and returns plain booleans (cached with the dashboard);
``Suggestion`` turns them into words.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Community, Membership, SupportCommitment
from komunitas.insights.measures import installed
from komunitas.insights.models import Story
from komunitas.insights.participation import Level

RECENT_DAYS = 90
SUSTAINED_MONTHS = 6
STARTING, GROWING, SUSTAINING = (s.value for s in Community.Stage)


@dataclass(frozen=True)
class Evidence:
    key: str
    stage: str
    label: str
    advice: str
    source: str = "communities"


EVIDENCE = [
    Evidence("commitment", STARTING,
             _("A shared commitment: the pillars and the agreements are written"),
             _("Write at least two of visi, misi, tujuan and nilai, and the kesepakatan, "
               "together with the members.")),
    Evidence("roles", STARTING, _("Divided roles: more than one fasilitator"),
             _("Ask a member to share the role of fasilitator.")),
    Evidence("schedule", STARTING, _("A regular schedule"),
             _("Agree on a rhythm of meetings and set it in the community's settings.")),
    Evidence("stakeholders", STARTING, _("A stakeholder map: a partner or a support commitment"),
             _("Invite the principal, the pengawas or the dinas as mitra and record their "
               "support.")),
    Evidence("answered", GROWING, _("Members' questions are answered (3 in the last 90 days)"),
             _("Invite members to bring a question or a challenge from their class, and answer "
               "within a day or two."), "discussions"),
    Evidence("published", GROWING, _("Practice is documented and published as a good practice"),
             _("After each session, publish what was learnt as a good practice."),
             "discussions"),
    Evidence("practised", GROWING, _("Members try it in class (an “applied in class” record)"),
             _("Accompany members as they practise: ask them to record “applied in class” "
               "with the outcome."), "discussions"),
    Evidence("sessions", GROWING,
             _("Sessions are run and documented: two meetings in the last 90 days, with minutes"),
             _("Hold the meetings the rhythm promises, and publish the minutes with the "
               "agreements after each one."), "meetings"),
    Evidence("engaged", GROWING, _("At least a quarter of the members take part"),
             _("Reach out to peripheral and inactive members: a personal invitation to the next "
               "session works best.")),
    Evidence("sustained", SUSTAINING, _("Active in each of the last six months"),
             _("Keep the rhythm through holidays and exam weeks, even with a short online "
               "session."), "discussions"),
    Evidence("reflecting", SUSTAINING,
             _("Routine reflection: reflections in at least three of the last six months"),
             _("Close each cycle with a Refleksi 4F, or use Sampaikan–Tanyakan–Berikan "
               "feedback."), "discussions"),
    Evidence("rhythm", SUSTAINING,
             _("The rhythm is kept: three quarters of the planned meetings of the last six "
               "months were held"),
             _("When a date does not suit, move the meeting rather than cancel it, and adjust "
               "the rhythm to one the members can keep."), "meetings"),
    Evidence("plans", SUSTAINING,
             _("Routine reflection on learning plans: three members checked in on a plan or "
               "wrote in their journal in the last 90 days"),
             _("Invite members to keep a learning plan accompanied by the community, to check "
               "in at the rhythm they chose and to reflect in their journal."), "journeys"),
    Evidence("core", SUSTAINING, _("A core group of at least three members"),
             _("Share the running of sessions among a small core group, so that the community "
               "does not rest on one person.")),
    Evidence("stories", SUSTAINING,
             _("Value is told: a value-creation story in the last six months"),
             _("Ask a member to write how something from the community changed things for their "
               "pupils, and to share it with the partners.")),
]  # fmt: skip


def _discussion_facts(community: Community, today: datetime.date) -> dict[str, bool]:
    from komunitas.discussions.models import ClassroomApplication, Post

    zone = timezone.get_current_timezone()
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    first = today.replace(day=1)
    for _i in range(SUSTAINED_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    six_months = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    posts = Post.objects.filter(community=community, deleted_at__isnull=True)
    recent = posts.filter(created_at__gte=since).aggregate(
        answered=Count(
            "pk", filter=Q(kind__in=["question", "challenge"], first_reply_at__isnull=False)
        ),
        published=Count("pk", filter=Q(kind="good_practice")),
    )
    months = (
        posts.filter(created_at__gte=six_months)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"), reflections=Count("pk", filter=Q(kind="reflection")))
        .values_list("month", "n", "reflections")
    )
    active = sum(1 for _m, n, _r in months if n)
    reflecting = sum(1 for _m, _n, r in months if r)
    practised = ClassroomApplication.objects.filter(
        community=community, created_at__gte=since
    ).exists()
    return {
        "answered": recent["answered"] >= 3,
        "published": recent["published"] >= 1,
        "practised": practised,
        "sustained": active >= SUSTAINED_MONTHS,
        "reflecting": reflecting >= 3,
    }


def _meeting_facts(community: Community, today: datetime.date) -> dict[str, bool]:
    from komunitas.meetings.models import Meeting
    from komunitas.meetings.services import rhythm_adherence

    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    documented = (
        Meeting.objects.alive()
        .filter(
            community=community,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=since,
            starts_at__lt=timezone.now(),
            minutes_published_at__isnull=False,
        )
        .count()
    )
    kept = rhythm_adherence(community, today=today, months=SUSTAINED_MONTHS)
    return {
        "sessions": documented >= 2,
        "rhythm": kept["percent"] is not None and kept["percent"] >= 75,
    }


def _journey_facts(community: Community) -> dict[str, bool]:
    from komunitas.journeys.models import CheckIn, Reflection

    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    checked = (
        CheckIn.objects.filter(
            plan__community=community, plan__deleted_at__isnull=True, created_at__gte=since
        )
        .order_by()
        .values("author")
    )
    wrote = (
        Reflection.objects.filter(
            community=community, deleted_at__isnull=True, created_at__gte=since
        )
        .order_by()
        .values("author")
    )
    people = checked.union(wrote)  # UNION drops the repeats: distinct people
    return {"plans": people.count() >= 3}


def facts(community: Community, levels: dict, *, today: datetime.date | None = None) -> dict:
    """Which evidence the community shows, as {key: bool}, for installed sources only."""
    today = today or timezone.localdate()
    pillars = sum(bool(getattr(community, f)) for f in ("visi", "misi", "tujuan", "nilai"))
    roles = community.memberships.filter(status=Membership.Status.ACTIVE).aggregate(
        fasilitators=Count("pk", filter=Q(role=Membership.Role.FASILITATOR)),
        partners=Count("pk", filter=Q(role=Membership.Role.MITRA)),
    )
    commitments = SupportCommitment.objects.alive().filter(community=community).exists()
    engaged = sum(1 for p in levels.values() if p.level in (Level.CORE, Level.ACTIVE))
    core = sum(1 for p in levels.values() if p.level == Level.CORE)
    since = timezone.now() - datetime.timedelta(days=31 * SUSTAINED_MONTHS)
    found = {
        "commitment": pillars >= 2 and bool(community.kesepakatan),
        "roles": roles["fasilitators"] >= 2,
        "schedule": bool(community.rhythm_frequency),
        "stakeholders": roles["partners"] >= 1 or commitments,
        "engaged": bool(levels) and engaged * 4 >= len(levels),
        "core": core >= 3,
        "stories": Story.objects.alive()
        .filter(community=community, created_at__gte=since)
        .exists(),
    }
    if installed("discussions"):
        found.update(_discussion_facts(community, today))
    if installed("meetings"):
        found.update(_meeting_facts(community, today))
    if installed("journeys"):
        found.update(_journey_facts(community))
    return found


@dataclass
class Suggestion:
    facts: dict

    @property
    def evidence(self) -> list[tuple[Evidence, bool]]:
        return [(e, self.facts[e.key]) for e in EVIDENCE if e.key in self.facts]

    @property
    def stage(self) -> str:
        for stage in (STARTING, GROWING):
            if not all(met for e, met in self.evidence if e.stage == stage):
                return stage
        return SUSTAINING

    @property
    def stage_label(self) -> str:
        return str(Community.Stage(self.stage).label)

    def needs(self) -> list[Evidence]:
        return [e for e, met in self.evidence if e.stage == self.stage and not met]
