"""JP and certificates: "JP saya", a community's rules and requests, a certificate, its PDF
and its public verification page (/sertifikat/<code>/)."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.certificates import actions, hours
from komunitas.certificates.forms import PeriodForm, ReasonForm, RulesForm
from komunitas.certificates.models import Certificate, JpRules
from komunitas.certificates.pdf import render_certificate
from komunitas.communities.access import access_community
from komunitas.communities.models import Community, Membership
from komunitas.lib.http import parse_id
from komunitas.permissions import can, require

PER_PAGE = 20
CODE = re.compile(r"[A-Za-z0-9_-]{16,40}")


def _period(request) -> tuple[PeriodForm, object, object]:
    """The period asked in the query string, or this semester so far."""
    start, end = PeriodForm.default_period()
    form = PeriodForm(request.GET or None, initial={"dari": start, "sampai": end})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    return form, start, end


def mine(request):
    """JP saya: my hours in each community that counts JP, and my certificates."""
    form, start, end = _period(request)
    memberships = (
        Membership.objects.filter(
            user=request.user,
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
            community__deleted_at__isnull=True,
            community__jp_rules__isnull=False,
        )
        .select_related("community__jp_rules")
        .order_by("community__name")
    )
    rules = [m.community.jp_rules for m in memberships]
    counted = hours.hours_of(request.user, rules, start, end)
    rows = [(m.community, counted[m.community_id]) for m in memberships]
    certificates = Certificate.objects.filter(member=request.user).select_related("community")
    context = {
        "form": form,
        "start": start,
        "end": end,
        "rows": rows,
        "certificates": certificates[:50],
    }
    return render(request, "certificates/mine.html", context)


def community(request, slug):
    """A community's JP rules, for whoever may see the community."""
    found = access_community(request.user, slug)
    require(request.user, "certificates.view_rules", found)
    rules = JpRules.objects.filter(community=found).first()
    context = {
        "community": found,
        "rules": rules,
        "can_set": can(request.user, "certificates.set_rules", found),
        "can_manage": can(request.user, "certificates.manage", found),
        "can_view_hours": can(request.user, "certificates.view_hours", found),
    }
    return render(request, "certificates/community.html", context)


@require_http_methods(["GET", "POST"])
def rules_edit(request, slug):
    found = access_community(request.user, slug)
    require(request.user, "certificates.set_rules", found)
    rules = JpRules.objects.filter(community=found).first()
    initial = {"per_meeting": 2, "per_practice": 1, "per_lesson_study": 2}
    if rules:
        initial = {
            "per_meeting": rules.per_meeting,
            "per_practice": rules.per_practice,
            "per_lesson_study": rules.per_lesson_study,
        }
        initial["cap"] = rules.cap
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_set_rules(community=found, by=request.user, **form.cleaned_data)
        messages.success(request, _("The JP rules are saved; members see them now."))
        return redirect("certificates:community", found.slug)
    return render(request, "certificates/rules_form.html", {"community": found, "form": form})


@require_POST
def request_certificate(request, slug):
    found = access_community(request.user, slug)
    found = Community.objects.select_related("jp_rules").get(pk=found.pk)
    require(request.user, "certificates.request", found)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            certificate = actions.do_request_certificate(
                community=found,
                member=request.user,
                start=form.cleaned_data["dari"],
                end=form.cleaned_data["sampai"],
            )
        except actions.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Asked. A fasilitator will answer soon."))
            return redirect("certificates:detail", certificate.pk)
    else:
        for error in form.non_field_errors() or [_("Give the start and end of the period.")]:
            messages.error(request, error)
    query = {k: request.POST.get(k, "")[:20] for k in ("dari", "sampai")}
    return redirect(reverse("certificates:mine") + "?" + urlencode(query))


def requests(request, slug):
    """The fasilitators' page: requests waiting, with their hours, and certificates given."""
    found = access_community(request.user, slug)
    require(request.user, "certificates.manage", found)
    rules = JpRules.objects.filter(community=found).first()
    waiting = list(
        Certificate.objects.pending()
        .filter(community=found)
        .select_related("member")
        .order_by("requested_at", "pk")[:100]
    )
    counted = hours.hours_for_requests(rules, waiting) if rules else {}
    decided = Certificate.objects.filter(community=found).exclude(
        status=Certificate.Status.REQUESTED
    )
    page = Paginator(decided.select_related("member").order_by("-decided_at", "-pk"), PER_PAGE)
    context = {
        "community": found,
        "rules": rules,
        "waiting": [(c, counted.get(c.pk)) for c in waiting],
        "page": page.get_page(request.GET.get("page")),
    }
    return render(request, "certificates/requests.html", context)


def access_certificate(user, pk, action: str = "certificate.view") -> Certificate:
    """The certificate if ``user`` may see it (404 otherwise) and do ``action`` (403)."""
    certificate = (
        Certificate.objects.select_related("community", "member", "decided_by")
        .filter(pk=parse_id(pk) or 0)
        .first()
    )
    if certificate is None or not can(user, "certificate.view", certificate):
        raise Http404
    if action != "certificate.view" and not can(user, action, certificate):
        raise PermissionDenied
    return certificate


def detail(request, pk):
    certificate = access_certificate(request.user, pk)
    counted = None
    if certificate.status == Certificate.Status.REQUESTED:
        rules = JpRules.objects.filter(community=certificate.community).first()
        counted = hours.hours_for_requests(rules, [certificate])[certificate.pk] if rules else None
    context = {
        "certificate": certificate,
        "counted": counted,
        "activities": hours.readable_activities(certificate.activities),
        "can_decide": can(request.user, "certificate.decide", certificate),
        "can_revoke": can(request.user, "certificate.revoke", certificate),
        "can_download": can(request.user, "certificate.download", certificate),
        "reason_form": ReasonForm(),
    }
    return render(request, "certificates/detail.html", context)


@require_POST
def issue(request, pk):
    certificate = access_certificate(request.user, pk, "certificate.decide")
    try:
        actions.do_issue_certificate(certificate=certificate, by=request.user)
    except actions.CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The certificate is issued; the member is told."))
    return redirect("certificates:detail", certificate.pk)


@require_POST
def decline(request, pk):
    certificate = access_certificate(request.user, pk, "certificate.decide")
    return _with_reason(request, certificate, actions.do_decline_certificate, _("Declined."))


@require_POST
def revoke(request, pk):
    certificate = access_certificate(request.user, pk, "certificate.revoke")
    return _with_reason(request, certificate, actions.do_revoke_certificate, _("Revoked."))


def _with_reason(request, certificate, action, done: str):
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            action(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except actions.CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
            return redirect("certificates:detail", certificate.pk)
    else:
        messages.error(request, _("Say why."))
    context = {
        "certificate": certificate,
        "counted": None,
        "activities": hours.readable_activities(certificate.activities),
        "can_decide": can(request.user, "certificate.decide", certificate),
        "can_revoke": can(request.user, "certificate.revoke", certificate),
        "can_download": can(request.user, "certificate.download", certificate),
        "reason_form": form,
    }
    return render(request, "certificates/detail.html", context, status=400)


def download(request, pk):
    certificate = access_certificate(request.user, pk, "certificate.download")
    response = HttpResponse(render_certificate(certificate), content_type="application/pdf")
    name = certificate.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
def verify(request, code):
    """What an issued certificate says and whether it is still valid, for anyone with the code."""
    if not CODE.fullmatch(code):
        raise Http404
    certificate = get_object_or_404(Certificate.objects.issued(), code=code)
    if not can(request.user, "certificate.verify", certificate):
        raise Http404
    context = {
        "certificate": certificate,
        "activities": hours.readable_activities(certificate.activities),
    }
    response = render(request, "certificates/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
