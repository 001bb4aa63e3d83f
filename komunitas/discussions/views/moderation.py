"""A community's reports and moderation log, for its facilitators (and operators)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komunitas.communities.access import access_community
from komunitas.discussions.forms import ReasonForm
from komunitas.discussions.models import ModerationLog, Report
from komunitas.permissions import can, require


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
    reason = form.cleaned_data["reason"]
    if decision == "hide":
        target = report.reply or report.post
        if not target.hidden_at:
            target.hide(by=request.user, reason=reason)
        report.decide(Report.Status.RESOLVED, by=request.user, reason=reason)
        messages.success(request, _("Hidden, and the report is closed."))
    else:
        report.decide(Report.Status.DISMISSED, by=request.user, reason=reason)
        messages.success(request, _("The report is dismissed; the content stays."))
    return redirect("discussions:moderation", community.slug)
