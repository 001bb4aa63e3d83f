"""Which stage a community seems to be in, and what that stage needs next (DESIGN.md §1b).

Each stage has its evidence. The suggested stage is the first whose evidence is not complete
yet, and what it needs next are the missing pieces; a community with all the evidence is in
*merawat keberlanjutan* and is told what keeps it there. Evidence from an app that is not
installed is not asked for.
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
from komunitas.insights.participation import Level, participation
from komunitas.insights.scope import Kind, Scope

RECENT_DAYS = 90
SUSTAINED_MONTHS = 6


@dataclass
class Evidence:
    stage: str
    label: str
    met: bool
    advice: str


@dataclass
class Suggestion:
    stage: str
    evidence: list[Evidence]

    @property
    def stage_label(self) -> str:
        return str(Community.Stage(self.stage).label)

    def needs(self) -> list[Evidence]:
        return [e for e in self.evidence if e.stage == self.stage and not e.met]

    def of(self, stage: str) -> list[Evidence]:
        return [e for e in self.evidence if e.stage == stage]


def _starting(community: Community) -> list[Evidence]:
    S = Community.Stage.STARTING
    pillars = sum(bool(getattr(community, f)) for f in ("visi", "misi", "tujuan", "nilai"))
    roles = community.memberships.filter(status=Membership.Status.ACTIVE).aggregate(
        fasilitators=Count("pk", filter=Q(role=Membership.Role.FASILITATOR)),
        partners=Count("pk", filter=Q(role=Membership.Role.MITRA)),
    )
    commitments = SupportCommitment.objects.alive().filter(community=community).exists()
    return [
        Evidence(S, _("A shared commitment: the pillars and the agreements are written"),
                 pillars >= 2 and bool(community.kesepakatan),
                 _("Write at least two of visi, misi, tujuan and nilai, and the kesepakatan, "
                   "together with the members.")),
        Evidence(S, _("Divided roles: more than one fasilitator"), roles["fasilitators"] >= 2,
                 _("Ask a member to share the role of fasilitator.")),
        Evidence(S, _("A regular schedule"), bool(community.rhythm_frequency),
                 _("Agree on a rhythm of meetings and set it in the settings.")),
        Evidence(S, _("A stakeholder map: a partner or a support commitment"),
                 roles["partners"] >= 1 or commitments,
                 _("Invite the principal, the pengawas or the dinas as mitra and record "
                   "their support.")),
    ]  # fmt: skip


def _growing(community: Community, levels: dict, today: datetime.date) -> list[Evidence]:
    G = Community.Stage.GROWING
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    found = []
    if installed("discussions"):
        from komunitas.discussions.models import ClassroomApplication, Post

        counts = Post.objects.filter(
            community=community, created_at__gte=since, deleted_at__isnull=True
        ).aggregate(
            answered=Count("pk", filter=Q(kind__in=["question", "challenge"],
                                          first_reply_at__isnull=False)),
            published=Count("pk", filter=Q(kind="good_practice")),
        )  # fmt: skip
        applied = ClassroomApplication.objects.filter(
            community=community, created_at__gte=since
        ).exists()
        found += [
            Evidence(G, _("Members' questions are answered"), counts["answered"] >= 3,
                     _("Invite members to bring a question or a challenge from their class, "
                       "and answer within a day or two.")),
            Evidence(G, _("Practice is documented and published"), counts["published"] >= 1,
                     _("After each session, publish what was learnt as a good practice.")),
            Evidence(G, _("Members try it in class"), applied,
                     _("Accompany members as they practise: ask them to record “applied in "
                       "class” with the outcome.")),
        ]  # fmt: skip
    engaged = sum(1 for p in levels.values() if p.level in (Level.CORE, Level.ACTIVE))
    found.append(
        Evidence(G, _("At least a quarter of the members take part"),
                 bool(levels) and engaged * 4 >= len(levels),
                 _("Reach out to peripheral and inactive members: a personal invitation to the "
                   "next session works best."))
    )  # fmt: skip
    return found


def _sustaining(community: Community, levels: dict, today: datetime.date) -> list[Evidence]:
    M = Community.Stage.SUSTAINING
    zone = timezone.get_current_timezone()
    months_ago = today.replace(day=1) - datetime.timedelta(days=31 * (SUSTAINED_MONTHS - 1))
    start = datetime.datetime.combine(months_ago.replace(day=1), datetime.time.min, tzinfo=zone)
    active_months: set = set()
    reflection_months: set = set()
    if installed("discussions"):
        from komunitas.discussions.models import Post

        rows = (
            Post.objects.filter(community=community, created_at__gte=start, deleted_at__isnull=True)
            .annotate(month=TruncMonth("created_at"))
            .values("month")
            .annotate(n=Count("pk"), reflections=Count("pk", filter=Q(kind="reflection")))
            .values_list("month", "n", "reflections")
        )
        for month, n, reflections in rows:
            if n:
                active_months.add(month)
            if reflections:
                reflection_months.add(month)
    core = sum(1 for p in levels.values() if p.level == Level.CORE)
    stories = Story.objects.alive().filter(community=community, created_at__gte=start).exists()
    found = []
    if installed("discussions"):
        found += [
            Evidence(M, _("Active in each of the last six months"),
                     len(active_months) >= SUSTAINED_MONTHS,
                     _("Keep the rhythm through holidays and exam weeks, even with a short "
                       "online session.")),
            Evidence(M, _("Routine reflection: reflections in at least three of the last six "
                          "months"), len(reflection_months) >= 3,
                     _("Close each cycle with a Refleksi 4F, or use Sampaikan–Tanyakan–Berikan "
                       "feedback.")),
        ]  # fmt: skip
    found += [
        Evidence(M, _("A core group of at least three members"), core >= 3,
                 _("Share the running of sessions among a small core group, so the community "
                   "does not rest on one person.")),
        Evidence(M, _("Value is told: a value-creation story in the last six months"), stories,
                 _("Ask a member to write how something from the community changed things for "
                   "their pupils, and share it with the partners.")),
    ]  # fmt: skip
    return found


def suggest(community: Community, *, today: datetime.date | None = None) -> Suggestion:
    today = today or timezone.localdate()
    levels = participation(Scope(Kind.COMMUNITY, community.slug, community=community), today=today)
    evidence = (
        _starting(community)
        + _growing(community, levels, today)
        + _sustaining(community, levels, today)
    )
    for stage in Community.Stage:
        if not all(e.met for e in evidence if e.stage == stage):
            return Suggestion(stage.value, evidence)
    return Suggestion(Community.Stage.SUSTAINING.value, evidence)
