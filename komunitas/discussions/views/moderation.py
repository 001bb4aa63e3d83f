"""Moderation: a post locked, pinned, featured, hidden or moved (with a reason for the log), and
a community's reports and moderation log, for its facilitators (and operators)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.discussions.access import access_post, communities_for
from komunitas.discussions.actions import (
    do_decide_report,
    do_hide,
    do_move_post,
    do_set_flag,
    do_unhide,
)
from komunitas.discussions.forms import MoveForm, ReasonForm
from komunitas.discussions.models import DiscussionError, ModerationLog, Report
from komunitas.permissions import can, require

MODERATION = {
    # action: (rule, flag, value, reason required)
    "lock": ("post.moderate", "locked", True, False),
    "unlock": ("post.moderate", "locked", False, False),
    "pin": ("post.moderate", "pinned", True, False),
    "unpin": ("post.moderate", "pinned", False, False),
    "feature": ("post.feature", "featured", True, False),
    "unfeature": ("post.feature", "featured", False, False),
    "hide": ("post.moderate", None, True, True),
    "unhide": ("post.moderate", None, False, False),
}


@require_http_methods(["GET", "POST"])
def moderate(request, pk, action):
    """Lock, pin, feature or hide a post (and undo), with a reason for the moderation log."""
    if action not in MODERATION:
        raise Http404
    rule, flag, value, reason_required = MODERATION[action]
    post = access_post(request.user, pk, rule)
    form = ReasonForm(request.POST if request.method == "POST" else None, required=reason_required)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if flag:
            do_set_flag(post=post, flag=flag, value=value, by=request.user, reason=reason)
        elif value:
            do_hide(item=post, by=request.user, reason=reason)
        else:
            do_unhide(item=post, by=request.user, reason=reason)
        messages.success(request, _("Done. The moderation log keeps who did it and why."))
        return redirect(post)
    context = {"post": post, "form": form, "what": action}
    return render(
        request, "discussions/confirm.html", context, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "POST"])
def move(request, pk):
    post = access_post(request.user, pk, "post.move")
    targets = communities_for(request.user, "community.manage", besides=post.community)
    form = MoveForm(request.POST if request.method == "POST" else None, communities=targets)
    if form.is_valid():
        community = form.cleaned_data["community"]
        require(request.user, "community.manage", community)
        try:
            do_move_post(
                post=post, by=request.user, community=community, reason=form.cleaned_data["reason"]
            )
        except DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The post is moved to %(name)s.") % {"name": community})
            return redirect(post)
    return render(
        request,
        "discussions/move_form.html",
        {"post": post, "form": form},
        status=400 if form.is_bound else 200,
    )


def moderation(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "discussions.moderate", community)
    reports = (
        Report.objects.filter(community=community, status=Report.Status.OPEN)
        .select_related("reporter", "post", "reply__author", "post__author")
        .order_by("created_at")
    )
    log = ModerationLog.objects.filter(community=community).select_related(
        "actor", "post", "reply__author"
    )
    context = {
        "community": community,
        "reports": Paginator(reports, 20).get_page(request.GET.get("laporan")),
        "page": Paginator(log, 30).get_page(request.GET.get("page")),
        "form": ReasonForm(required=False),
    }
    return render(request, "discussions/moderation.html", context)


@require_POST
def report_decide(request, slug, pk, decision):
    """Close a report: "hide" hides what was reported, "dismiss" keeps it; both are logged."""
    community = access_community(request.user, slug)
    report = get_object_or_404(
        Report.objects.select_related("post__community", "reply"), pk=pk, community=community
    )
    if not can(request.user, "report.review", report):
        raise PermissionDenied
    form = ReasonForm(request.POST, required=decision == "hide")
    if not form.is_valid():
        messages.error(request, _("Say why you hide it; the author will see the reason."))
        return redirect("discussions:moderation", community.slug)
    hide = decision == "hide"
    do_decide_report(report=report, hide=hide, by=request.user, reason=form.cleaned_data["reason"])
    if hide:
        messages.success(request, _("Hidden, and the report is closed."))
    else:
        messages.success(request, _("The report is dismissed; the content stays."))
    return redirect("discussions:moderation", community.slug)
