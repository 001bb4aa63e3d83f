"""Whose activity a dashboard or a report shows: the scope.

Five kinds, one per partner of the community (DESIGN.md §1):

- ``komunitas``: one community, for its fasilitators and mitra;
- ``sekolah``: the teachers of one school across all their communities, for its principal;
- ``binaan``: the teachers of the schools a pengawas supervises (sekolah binaan);
- ``daerah``: the communities of one kabupaten/kota, for its Dinas Pendidikan;
- ``instalasi``: everything, for operators.

A scope gives the communities whose activity counts and, for the school scopes, the people whose
activity counts (a principal sees what the teachers of their school do, not what others do in the
same communities). Who may open which scope is decided in rules.py (``insights.view_scope``).
"""

from dataclasses import dataclass, field

from django.db.models import Q, TextChoices
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Regency, School, User
from komunitas.communities.models import Community, Membership
from komunitas.lib.http import parse_id


class Kind(TextChoices):
    COMMUNITY = "komunitas", _("Community")
    SCHOOL = "sekolah", _("School")
    SUPERVISION = "binaan", _("Supervised schools")
    REGENCY = "daerah", _("Regency or city")
    INSTALLATION = "instalasi", _("Installation")


@dataclass
class Scope:
    kind: str
    ref: str = ""
    community: Community | None = None
    school: School | None = None
    supervisor: User | None = None
    regency: Regency | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    # --- identity

    @property
    def label(self) -> str:
        if self.kind == Kind.COMMUNITY:
            return self.community.name
        if self.kind == Kind.SCHOOL:
            return self.school.name
        if self.kind == Kind.SUPERVISION:
            return str(_("Schools supervised by %(name)s") % {"name": self.supervisor.full_name})
        if self.kind == Kind.REGENCY:
            return str(self.regency)
        return str(_("The whole installation"))

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    def get_absolute_url(self) -> str:
        if self.kind == Kind.INSTALLATION:
            return reverse("insights:dashboard_installation")
        return reverse("insights:dashboard", args=[self.kind, self.ref])

    @property
    def cache_key(self) -> str:
        return f"{self.kind}:{self.ref}"

    # --- what counts

    def schools(self):
        """The schools of a school scope (None for the other kinds)."""
        if self.kind == Kind.SCHOOL:
            return School.objects.filter(pk=self.school.pk)
        if self.kind == Kind.SUPERVISION:
            return self.supervisor.supervised_schools.all()
        return None

    def people(self):
        """The people whose activity counts, or None when everyone's in the communities does."""
        schools = self.schools()
        if schools is None:
            return None
        return User.objects.filter(school__in=schools)

    def communities(self):
        """The live communities whose activity counts."""
        alive = Community.objects.alive()
        if self.kind == Kind.COMMUNITY:
            return alive.filter(pk=self.community.pk)
        if self.kind == Kind.REGENCY:
            return alive.filter(
                Q(regency=self.regency)
                | Q(
                    pk__in=Community.schools.through.objects.filter(
                        school__regency=self.regency
                    ).values("community_id")
                )
            )
        if self.kind == Kind.INSTALLATION:
            return alive
        schools = self.schools()
        members = Membership.objects.filter(
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
            user__school__in=schools,
        ).values("community_id")
        linked = Community.schools.through.objects.filter(school__in=schools).values("community_id")
        return alive.filter(Q(pk__in=members) | Q(pk__in=linked))

    def region_schools(self):
        """The schools a district dashboard accounts for (with or without a community)."""
        if self.kind == Kind.REGENCY:
            return School.objects.filter(regency=self.regency)
        if self.kind == Kind.INSTALLATION:
            return School.objects.all()
        return self.schools()


def resolve(kind: str, ref: str) -> Scope:
    """The scope named in a URL or a report, or Http404 when it names nothing."""
    if kind == Kind.COMMUNITY:
        community = Community.objects.alive().select_related("regency").filter(slug=ref).first()
        if community:
            return Scope(kind, ref, community=community)
    elif kind == Kind.SCHOOL and parse_id(ref):
        school = School.objects.select_related("regency").filter(pk=ref).first()
        if school:
            return Scope(kind, ref, school=school)
    elif kind == Kind.SUPERVISION and parse_id(ref):
        supervisor = User.objects.filter(pk=ref, role=User.Role.PENGAWAS).first()
        if supervisor:
            return Scope(kind, ref, supervisor=supervisor)
    elif kind == Kind.REGENCY:
        regency = Regency.objects.filter(code=ref).first()
        if regency:
            return Scope(kind, ref, regency=regency)
    elif kind == Kind.INSTALLATION:
        return Scope(kind, "")
    raise Http404


def scopes_of(user, *, led=None) -> list[Scope]:
    """The dashboards this user may open, for the insights index. ``led``: the communities where
    they are fasilitator or mitra, when the caller has them already."""
    from komunitas.permissions import can

    found = []
    if user.role == User.Role.DINAS and user.regency_id:
        found.append(Scope(Kind.REGENCY, user.regency_id, regency=user.regency))
    if user.role == User.Role.PENGAWAS:
        found.append(Scope(Kind.SUPERVISION, str(user.pk), supervisor=user))
    if user.role == User.Role.KEPALA_SEKOLAH and user.school_id:
        found.append(Scope(Kind.SCHOOL, str(user.school_id), school=user.school))
    if led is None:
        led = (
            Community.objects.alive()
            .filter(
                memberships__user=user,
                memberships__status=Membership.Status.ACTIVE,
                memberships__role__in=[Membership.Role.FASILITATOR, Membership.Role.MITRA],
            )
            .order_by("name")[:50]
        )
    found = [s for s in found if can(user, "insights.view_scope", s)]
    # Their fasilitator or mitra membership is what lets them in: no need to ask again.
    found += [Scope(Kind.COMMUNITY, c.slug, community=c) for c in led]
    installation = Scope(Kind.INSTALLATION)
    if can(user, "insights.view_scope", installation):
        found.append(installation)
    return found
