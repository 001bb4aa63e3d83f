"""Who may see which dashboard, story and report (see komunitas/permissions.py).

Dashboards show aggregates; only a community's fasilitators (and operators) see its members one
by one. Partners see the numbers of their scope and the stories members chose to share with
them, never a post of a private community they are not in.
"""

from django.http import Http404

from komunitas.accounts.models import User
from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Membership
from komunitas.insights.scope import Kind, Scope
from komunitas.permissions import can, rule

Role = Membership.Role


@rule("insights.view_scope")
def _view_scope(user, scope: Scope):
    if is_operator(user):
        return True
    if scope.kind == Kind.COMMUNITY:
        return scope.community.role_of(user) in (Role.FASILITATOR, Role.MITRA)
    if scope.kind == Kind.SCHOOL:
        return user.role == User.Role.KEPALA_SEKOLAH and user.school_id == scope.school.pk
    if scope.kind == Kind.SUPERVISION:
        return user.role == User.Role.PENGAWAS and user.pk == scope.supervisor.pk
    if scope.kind == Kind.REGENCY:
        return user.role == User.Role.DINAS and user.regency_id == scope.regency.pk
    return False


@rule("insights.view_community")
def _view_community(user, community):
    """The community's dashboard, asked with the community itself (its page links to it)."""
    return _view_scope(user, Scope(Kind.COMMUNITY, community.slug, community=community))


@rule("insights.view_members")
def _view_members(user, scope: Scope):
    """Participation member by member: a community's fasilitators and operators only."""
    if scope.kind != Kind.COMMUNITY:
        return is_operator(user)
    return is_operator(user) or scope.community.role_of(user) == Role.FASILITATOR


@rule("story.create")
def _create_story(user, community):
    return can(user, "community.post", community)


@rule("story.view")
def _view_story(user, story):
    from komunitas.insights.models import Story

    return Story.objects.visible_to(user).filter(pk=story.pk).exists()


@rule("story.edit")
def _edit_story(user, story):
    return story.deleted_at is None and story.author_id == user.pk


@rule("insights.download_report")
def _download_report(user, report):
    from komunitas.insights.scope import resolve

    if report.requested_by_id != user.pk:
        return False
    try:
        scope = resolve(report.scope_kind, report.scope_ref)
    except Http404:
        return False
    return can(user, "insights.view_scope", scope)
