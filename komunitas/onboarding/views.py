"""Bulk onboarding pages. Each view: permission check, form, one ``do_*`` action, render."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.rules import is_operator
from komunitas.lib.request_limits import FORM_ROOM
from komunitas.lib.spreadsheets import Sheet, csv_writer, xlsx_bytes
from komunitas.notifications.models import Mail
from komunitas.onboarding import actions
from komunitas.onboarding.checking import TEMPLATE_ROWS
from komunitas.onboarding.forms import ActivateForm, DeclineForm, SchoolRequestForm, UploadForm
from komunitas.onboarding.models import Enrolment, ImportBatch, SchoolRequest
from komunitas.onboarding.rules import dinas_regency
from komunitas.onboarding.tokens import read_activation_token
from komunitas.permissions import can, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _batches_for(user):
    batches = ImportBatch.objects.select_related("created_by", "regency").defer("source")
    if is_operator(user):
        return batches
    return batches.filter(regency_id=dinas_regency(user))


def _requests_for(user):
    requests = SchoolRequest.objects.select_related("requested_by", "regency")
    if is_operator(user):
        return requests
    return requests.filter(regency_id=dinas_regency(user))


def _upload_limit() -> int:
    return settings.ONBOARDING_MAX_BYTES


@require_http_methods(["GET", "POST"])
def index(request):
    """The onboarding page: the template, the upload form, the batches and school requests."""
    require(request.user, "onboarding.manage")
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if form.is_valid():
        upload = form.cleaned_data["file"]
        batch = actions.do_check_batch(
            data=upload.read(), file_name=upload.name or "", by=request.user
        )
        return redirect(batch)
    batches = Paginator(_batches_for(request.user), 20).get_page(request.GET.get("page"))
    pending = _requests_for(request.user).filter(status=SchoolRequest.Status.PENDING)[:20]
    context = {
        "form": form,
        "batches": batches,
        "page": batches,
        "pending": pending,
        "regency": request.user.regency if dinas_regency(request.user) else None,
        "max_rows": settings.ONBOARDING_MAX_ROWS,
    }
    return render(request, "onboarding/index.html", context, status=400 if form.is_bound else 200)


# The request limit (lib/request_limits.py) follows ONBOARDING_MAX_BYTES, read when asked.
index.request_limit = lambda: _upload_limit() + FORM_ROOM  # type: ignore[attr-defined]


def template_file(request, kind):
    """The template to fill in, as CSV or XLSX (cells neutralised like every export)."""
    require(request.user, "onboarding.manage")
    if kind == "csv":
        out = io.StringIO()
        csv_writer(out).writerows(TEMPLATE_ROWS)
        response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    elif kind == "xlsx":
        widths = {"A": 30, "B": 32, "C": 20, "D": 12, "E": 18, "F": 30}
        sheet = Sheet(title=_("Teachers"), widths=widths)
        for index, row in enumerate(TEMPLATE_ROWS):
            sheet.append(row, bold=index == 0)
        response = HttpResponse(xlsx_bytes([sheet]), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="templat-guru.{kind}"'
    return response


def _batch(request, pk) -> ImportBatch:
    batch = get_object_or_404(
        ImportBatch.objects.select_related("created_by", "regency").defer("source"), pk=pk
    )
    require(request.user, "onboarding.view_batch", batch)
    return batch


def batch_detail(request, pk):
    """A batch: its check (the bad rows, or what an import will do), then its progress."""
    batch = _batch(request, pk)
    mails = {}
    if batch.status == ImportBatch.Status.IMPORTED:
        mails = dict(
            Enrolment.objects.filter(batch=batch, mail__isnull=False)
            .values_list("mail__status")
            .annotate(n=Count("pk"))
            .values_list("mail__status", "n")
        )
    errors = Paginator(batch.errors, 50).get_page(request.GET.get("page"))
    context = {
        "batch": batch,
        "errors": errors,
        "page": errors,
        "sent": mails.get(Mail.Status.SENT, 0),
        "waiting": mails.get(Mail.Status.PENDING, 0) + mails.get(Mail.Status.SENDING, 0),
        "failed": mails.get(Mail.Status.FAILED, 0),
        "can_import": can(request.user, "onboarding.import_batch", batch),
        "more_errors": batch.error_count - len(batch.errors),
    }
    return render(request, "onboarding/batch.html", context)


@require_POST
def batch_import(request, pk):
    batch = _batch(request, pk)
    require(request.user, "onboarding.import_batch", batch)
    batch = actions.do_import_batch(batch=batch, by=request.user)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.success(
            request,
            _(
                "Imported: %(created)d new accounts, %(updated)d updated. The invitations are "
                "on their way."
            )
            % {"created": batch.created, "updated": batch.updated},
        )
    else:
        messages.error(request, _("Nothing was imported: the file no longer passes the check."))
    return redirect(batch)


def batch_errors_csv(request, pk):
    """The bad rows of a batch as CSV, to fix the file (cells neutralised)."""
    batch = _batch(request, pk)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow([_("line"), _("reason")])
    writer.writerows(batch.errors)
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="kesalahan-{batch.pk}.csv"'
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def activate(request, token):
    """The invitation link: the teacher sets a password and lands on their filled-in profile."""
    user = read_activation_token(token)
    if user is None:
        return render(request, "onboarding/activate_failed.html", status=400)
    form = ActivateForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        joined = actions.do_activate(user=user, password=form.cleaned_data["new_password1"])
        login(request, user, backend="komunitas.accounts.backends.EmailBackend")
        text = _("Welcome, %(name)s. Your profile is filled in; check it and complete it.") % {
            "name": user.get_short_name()
        }
        if joined:
            text += " " + _("You are a member of: %(names)s.") % {
                "names": ", ".join(c.name for c in joined)
            }
        messages.success(request, text)
        return redirect("accounts:profile_edit")
    status = 400 if form.is_bound else 200
    context = {"form": form, "invitee": user}
    return render(request, "onboarding/activate.html", context, status=status)


# --- Schools a teacher asks for


@require_http_methods(["GET", "POST"])
def request_school(request):
    require(request.user, "onboarding.request_school")
    form = SchoolRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        school_request = actions.do_request_school(by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Your request is sent. The operator or the Dinas of the kabupaten/kota will answer."),
        )
        return redirect(school_request)
    status = 400 if form.is_bound else 200
    return render(request, "onboarding/request_school.html", {"form": form}, status=status)


def school_requests(request):
    require(request.user, "onboarding.manage")
    page = Paginator(_requests_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "onboarding/school_requests.html", {"page": page})


@require_http_methods(["GET", "POST"])
def school_request(request, pk):
    """A request: its state for the teacher; approve or decline for those who may."""
    school_request = get_object_or_404(
        SchoolRequest.objects.select_related("requested_by", "regency", "decided_by", "school"),
        pk=pk,
    )
    require(request.user, "onboarding.view_school_request", school_request)
    may_decide = can(request.user, "onboarding.decide_school_request", school_request)
    form = DeclineForm(None)
    status = 200
    if request.method == "POST":
        require(request.user, "onboarding.decide_school_request", school_request)
        if request.POST.get("answer") == "approve":
            school = actions.do_approve_school_request(request=school_request, by=request.user)
            messages.success(request, _("The school %(name)s is added.") % {"name": school.name})
            return redirect(school_request)
        form = DeclineForm(request.POST)
        if form.is_valid():
            actions.do_decline_school_request(
                request=school_request, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The request is declined."))
            return redirect(school_request)
        status = 400
    context = {"request_": school_request, "form": form, "may_decide": may_decide}
    return render(request, "onboarding/school_request.html", context, status=status)
