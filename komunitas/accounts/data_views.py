"""The members' data rights in the account settings: "Data saya" (a copy of everything kept
about me, built by the worker) and deleting the account; the operator's erasure on request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts import actions, privacy
from komunitas.accounts.forms import EraseAccountForm
from komunitas.accounts.models import DataExport, User
from komunitas.lib.http import is_htmx
from komunitas.lib.uploads import serve_file
from komunitas.permissions import can, require


def my_data(request):
    exports = DataExport.objects.filter(user=request.user)[:5]
    context = {"exports": exports, "settings_export_days": settings.ACCOUNT_EXPORT_DAYS}
    return render(request, "accounts/my_data.html", context)


@require_POST
def export_request(request):
    export = actions.do_request_export(user=request.user)
    return redirect(export)


def _own_export(request, pk) -> DataExport:
    """The person's own export, or 404 to anyone else (its number says nothing)."""
    return get_object_or_404(DataExport, pk=pk, user=request.user)


def export_status(request, pk):
    export = _own_export(request, pk)
    template = (
        "accounts/includes/export_status.html" if is_htmx(request) else "accounts/data_export.html"
    )
    return render(request, template, {"export": export})


def export_download(request, pk):
    export = _own_export(request, pk)
    if not can(request.user, "account.download_export", export):
        raise Http404  # expired, or not built yet
    name = f"{privacy.file_stem(export)}.zip"
    return serve_file(export.file, name, "application/zip")


@require_http_methods(["GET", "POST"])
def erase_own(request):
    user = request.user
    require(user, "account.erase", user)
    form = EraseAccountForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.do_erase_account(user=user, remove_public=form.remove_public, by_operator=False)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for taking part."))
        return redirect("accounts:login")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/erase.html", {"form": form, "own": True}, status=status)


@require_http_methods(["GET", "POST"])
def erase_member(request, pk):
    """An operator erases a member's account on their request (UU PDP: by letter or e-mail)."""
    person = get_object_or_404(User, pk=pk, erased_at__isnull=True)
    if not can(request.user, "account.erase_member", person):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = EraseAccountForm(person, data, ask_password=False)
    if form.is_valid():
        actions.do_erase_account(user=person, remove_public=form.remove_public, by_operator=True)
        messages.success(request, _("The account is deleted; the erasure is recorded."))
        return redirect("core:home")
    status = 400 if form.is_bound else 200
    context = {"form": form, "own": False, "person": person}
    return render(request, "accounts/erase.html", context, status=status)
