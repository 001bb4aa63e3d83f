"""Reporting a community, a fasilitator deleting one, and the operators' moderation pages:
open reports, deleted communities (restorable) and the accountability log. Every operator
decision takes a reason and is written to the community's event log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komunitas.communities.access import access_community
from komunitas.communities.actions import (
    do_delete_community,
    do_dismiss_report,
    do_report_community,
    do_restore_community,
)
from komunitas.communities.forms import LogFilterForm, ModerationReasonForm, ReportForm
from komunitas.communities.models import Community, LogEntry, Report
from komunitas.communities.models.moderation import ModerationError
from komunitas.permissions import require

PER_PAGE = 30


def _posted(request):
    """The form data of a POST (even an empty one, which is bad input), None for a GET."""
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def community_report(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "community.report", community)
    form = ReportForm(_posted(request))
    if form.is_valid():
        try:
            do_report_community(community=community, by=request.user, **form.cleaned_data)
        except ModerationError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("Thank you. An operator will look at your report."))
        return redirect(community)
    status = 400 if form.is_bound else 200
    context = {"community": community, "form": form}
    return render(request, "communities/report.html", context, status=status)


@require_http_methods(["GET", "POST"])
def community_delete(request, slug):
    """A fasilitator deletes their community (soft; operators can restore it)."""
    community = access_community(request.user, slug, manage=True)
    require(request.user, "community.delete", community)
    form = ModerationReasonForm(_posted(request))
    if form.is_valid():
        do_delete_community(
            community=community, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.info(
            request,
            _("%(name)s is deleted. If that was a mistake, ask an operator to restore it.")
            % {"name": community.name},
        )
        return redirect("communities:list")
    return _reason_page(
        request,
        form,
        community=community,
        title=_("Delete %(name)s") % {"name": community.name},
        intro=_(
            "The community disappears for its members and from every list. Nothing is erased: "
            "an operator can restore it."
        ),
        submit_label=_("Delete the community"),
    )


def _reason_page(request, form, **context):
    status = 400 if form.is_bound else 200
    return render(request, "communities/reason.html", {"form": form, **context}, status=status)


def _moderated_community(request, slug) -> Community:
    require(request.user, "community.moderate")
    return get_object_or_404(Community.objects.select_related("regency"), slug=slug)


# --- Operators


def moderation_reports(request):
    """Communities with open reports, the most reported first."""
    require(request.user, "community.moderate")
    open_reports = Report.objects.open().filter(community=OuterRef("pk"))
    communities = (
        Community.objects.filter(community_reports__status=Report.Status.OPEN)
        .annotate(
            open_count=Count(
                "community_reports", filter=Q(community_reports__status=Report.Status.OPEN)
            ),
            latest_reason=Subquery(open_reports.values("reason")[:1]),
            latest_details=Subquery(open_reports.values("details")[:1]),
            latest_report=Subquery(open_reports.values("pk")[:1]),
        )
        .select_related("regency")
        .order_by("-open_count", "name")
    )
    page = Paginator(communities, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "tab": "reports", "reasons": dict(Report.Reason.choices)}
    return render(request, "communities/moderation.html", context)


def moderation_community(request, slug):
    """One community's reports (open and handled), for an operator to decide on."""
    community = _moderated_community(request, slug)
    reports = community.community_reports.select_related("reporter", "handled_by")
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    context = {"community": community, "page": page, "tab": "reports"}
    return render(request, "communities/moderation_community.html", context)


def moderation_deleted(request):
    require(request.user, "community.moderate")
    deletions = LogEntry.objects.filter(
        community=OuterRef("pk"), kind=LogEntry.Kind.COMMUNITY_DELETED
    ).order_by("-created_at", "-pk")
    communities = (
        Community.objects.filter(deleted_at__isnull=False)
        .annotate(
            deleted_by=Subquery(deletions.values("actor__full_name")[:1]),
            deleted_reason=Subquery(deletions.values("reason")[:1]),
        )
        .select_related("regency")
        .order_by("-deleted_at", "pk")
    )
    page = Paginator(communities, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communities/moderation.html", {"page": page, "tab": "deleted"})


def moderation_log(request):
    """The accountability log: every community event, newest first, filtered."""
    require(request.user, "community.moderate")
    form = LogFilterForm(request.GET or None)
    events = form.filter(
        LogEntry.objects.select_related("community", "regency", "actor", "subject_user")
    )
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "tab": "log", "form": form}
    return render(request, "communities/moderation.html", context)


@require_http_methods(["GET", "POST"])
def report_dismiss(request, pk):
    require(request.user, "community.moderate")
    report = get_object_or_404(Report.objects.open().select_related("community"), pk=pk)
    form = ModerationReasonForm(_posted(request))
    if form.is_valid():
        try:
            do_dismiss_report(report=report, by=request.user, note=form.cleaned_data["reason"])
        except ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.info(request, _("The report is dismissed."))
        return redirect("communities:moderation_community", report.community.slug)
    return _reason_page(
        request,
        form,
        community=report.community,
        back_url=_moderation_url(report.community),
        title=_("Dismiss a report on %(name)s") % {"name": report.community.name},
        intro=report.details or report.get_reason_display(),
        submit_label=_("Dismiss the report"),
    )


@require_http_methods(["GET", "POST"])
def moderation_delete(request, slug):
    community = _moderated_community(request, slug)
    if community.deleted_at:
        return redirect("communities:moderation_deleted")
    form = ModerationReasonForm(_posted(request))
    if form.is_valid():
        do_delete_community(
            community=community, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.info(request, _("%(name)s is deleted.") % {"name": community.name})
        return redirect("communities:moderation")
    return _reason_page(
        request,
        form,
        community=community,
        back_url=_moderation_url(community),
        title=_("Delete %(name)s") % {"name": community.name},
        intro=_("Its open reports are closed as acted on. You can restore it later."),
        submit_label=_("Delete the community"),
    )


@require_http_methods(["GET", "POST"])
def moderation_restore(request, slug):
    community = _moderated_community(request, slug)
    if not community.deleted_at:
        return redirect(community)
    form = ModerationReasonForm(_posted(request))
    if form.is_valid():
        do_restore_community(
            community=community, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("%(name)s is restored.") % {"name": community.name})
        return redirect("communities:moderation_deleted")
    return _reason_page(
        request,
        form,
        community=community,
        back_url=_moderation_url(community),
        title=_("Restore %(name)s") % {"name": community.name},
        intro=_("Its members, roles and everything in it come back as they were."),
        submit_label=_("Restore the community"),
    )


def _moderation_url(community) -> str:
    from django.urls import reverse

    return reverse("communities:moderation_community", args=[community.slug])
