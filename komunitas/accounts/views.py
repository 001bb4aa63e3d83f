from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import check_for_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from komunitas.accounts import actions, lockout
from komunitas.accounts import two_factor as mfa
from komunitas.accounts.forms import (
    EmailChangeForm,
    LoginCodeForm,
    LoginCodeRequestForm,
    LoginForm,
    PasswordResetForm,
    ProfileForm,
    SchoolImportForm,
    SignupForm,
    TwoFactorCodeForm,
)
from komunitas.accounts.models import School, User
from komunitas.accounts.tokens import read_verification_token
from komunitas.lib.http import (
    client_ip,
    is_htmx,
    local_path,
    safe_next,
    set_language_cookie,
    too_many,
)
from komunitas.lib.request_limits import accepts_uploads
from komunitas.permissions import can, require


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    next_path = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_path or "core:home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    wait = 0
    if form.is_valid():
        wait = mail_limit(request, form, "signup", form.cleaned_data["email"])
    if form.is_valid() and not wait:
        language = request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("id", "en") else "id"
        user = actions.do_sign_up(form=form, language=language, next_path=next_path)
        return render(request, "accounts/check_email.html", {"email": user.email})
    status = 400 if form.is_bound else 200
    context = {"form": form, "next": next_path}
    response = render(request, "accounts/signup.html", context, status=status)
    return too_many(response, wait) if wait else response


def mail_limit(request, form, kind: str, email: str) -> int:
    """Check and count one mail of ``kind`` asked for through ``form``: 0 when it may go (and
    it is counted), otherwise the seconds to wait, with the reason added to the form."""
    ip = client_ip(request)
    wait = lockout.mail_wait(kind, email, ip)
    if not wait:
        lockout.record_mail(kind, email, ip)
        return 0
    minutes = lockout.minutes(wait)
    form.add_error(
        None,
        ngettext(
            "Several mails were asked for lately. Look for them in your inbox (and the spam "
            "folder), or try again in %(minutes)d minute.",
            "Several mails were asked for lately. Look for them in your inbox (and the spam "
            "folder), or try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
    )
    return wait


@login_not_required
def locked_out(request, original_response=None, credentials=None):
    """The page of a login refused for a lock-out (``AXES_LOCKOUT_CALLABLE``), on every way in:
    HTTP 429 with ``Retry-After`` and the ways back (a reset, a login code)."""
    minutes = lockout.lock_minutes()
    response = render(request, "accounts/locked.html", {"minutes": minutes})
    return too_many(response, minutes * 60)


@login_not_required
def verify_email(request, token):
    """Verify the address; then go where the newcomer came from (an invitation).

    The link logs in only a new account's first verification, soon after it was sent, and never
    an account under a lock-out; otherwise the address is confirmed and the person logs in with
    their password (docs/security.md)."""
    link = read_verification_token(token)
    confirmed = actions.do_confirm_email(link=link) if link else None
    if confirmed is None:
        return render(request, "accounts/verify_failed.html", status=400)
    user, first = confirmed
    next_path = local_path(link.next_path)
    if request.user.is_authenticated and request.user.pk != user.pk:
        messages.info(request, _("The address is verified. Log in with that account to use it."))
        return redirect("core:home")
    thanks = _("Thank you, your e-mail address %(email)s is verified.") % {"email": user.email}
    if not request.user.is_authenticated:
        if not (first and link.is_fresh() and not lockout.account_under_attack(user.email)):
            messages.success(request, thanks + " " + _("Log in with your password."))
            login_url = reverse("accounts:login")
            return redirect(f"{login_url}?next={quote(next_path)}" if next_path else login_url)
        login(request, user, backend="komunitas.accounts.backends.EmailBackend")
    messages.success(request, thanks)
    return redirect(next_path or "accounts:profile_edit")


@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = LoginForm(request.POST if request.method == "POST" else None, request=request)
    if form.is_valid():
        login(request, form.user)
        return redirect(safe_next(request) or "core:home")
    next_path = safe_next(request)
    user = form.unverified_user
    if user is not None and not mail_limit(request, form, "verify", user.email):
        actions.do_send_verification(user=user, next_path=next_path)
    status = 200 if not form.is_bound else 400
    return render(request, "accounts/login.html", {"form": form, "next": next_path}, status=status)


CODE_EMAIL = "accounts.login_code_email"


@login_not_required
@require_http_methods(["GET", "POST"])
def login_code_request(request):
    """Ask for a login code by mail. The answer is the same whether the address has an account,
    so nobody learns who is a member."""
    if request.user.is_authenticated:
        return redirect("core:home")
    next_path = safe_next(request)
    form = LoginCodeRequestForm(request.POST if request.method == "POST" else None)
    wait = 0
    if form.is_valid():
        email = form.cleaned_data["email"].lower()
        wait = mail_limit(request, form, "code", email)
        if not wait:
            user = User.objects.filter(email=email, is_active=True).first()
            if user is not None and user.email_verified:
                actions.do_send_login_code(user=user)
            request.session[CODE_EMAIL] = email
            url = reverse("accounts:login_code")
            return redirect(f"{url}?next={quote(next_path)}" if next_path else url)
    status = 400 if form.is_bound else 200
    context = {"form": form, "next": next_path}
    response = render(request, "accounts/login_code_request.html", context, status=status)
    return too_many(response, wait) if wait else response


@login_not_required
@require_http_methods(["GET", "POST"])
def login_code(request):
    """Type the mailed code. Wrong codes count as failed logins (django-axes), so the lock-out
    holds here as on the password form."""
    email = request.session.get(CODE_EMAIL)
    if request.user.is_authenticated:
        return redirect("core:home")
    if not email:
        return redirect("accounts:login_code_request")
    next_path = safe_next(request)
    form = LoginCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if lockout.is_locked(request, email):
            return locked_out(request)
        user = User.objects.filter(email=email, is_active=True).first()
        if user is not None and actions.do_use_login_code(
            user=user, code=form.cleaned_data["code"]
        ):
            login(request, user, backend="komunitas.accounts.backends.EmailBackend")
            return redirect(next_path or "core:home")
        lockout.record_failure(request, email)
        form.add_error(
            "code", _("The code is not right or no longer works. Ask for a new one if needed.")
        )
    status = 400 if form.is_bound else 200
    context = {"form": form, "next": next_path, "email": email}
    return render(request, "accounts/login_code.html", context, status=status)


SETUP_DEVICE = "accounts.two_factor_setup_device"


@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Two-factor authentication: set it up (QR and key, then a code), type the code after
    logging in, or see that it is on (and turn it off where it is not required)."""
    user = request.user
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    has_device = user_has_device(user)
    if has_device and mfa.is_verified(request):
        context = {"required": mfa.required_for(user)}
        return render(request, "accounts/two_factor_on.html", context)
    if has_device:
        return _second_factor(request, form)
    key = request.session.get(SETUP_DEVICE)
    if not key:
        key = request.session[SETUP_DEVICE] = default_key()
    device = TOTPDevice(user=user, key=key)  # not stored until a code proves the app has it
    if form.is_valid():
        codes = actions.do_confirm_two_factor(user=user, key=key, token=form.cleaned_data["code"])
        if codes is not None:
            request.session.pop(SETUP_DEVICE, None)
            request.session.pop(mfa.PENDING, None)
            otp_login(request, TOTPDevice.objects.get(user=user))
            context = {"codes": codes, "next": safe_next(request)}
            return render(request, "accounts/two_factor_codes.html", context)
        form.add_error("code", _("The code is not right. Type the code the app shows now."))
    context = {
        "form": form,
        "qr": mfa.qr_svg(device),
        "secret": mfa.secret_of(device),
        "required": mfa.required_for(user),
        "next": safe_next(request),
    }
    return render(
        request, "accounts/two_factor_setup.html", context, status=400 if form.is_bound else 200
    )


def _second_factor(request, form):
    """The code after logging in. Wrong codes count as failed logins; at the lock-out the
    session ends."""
    user = request.user
    if form.is_valid():
        if lockout.is_locked(request, user.email):
            logout(request)
            return locked_out(request)
        device = actions.do_check_second_factor(user=user, token=form.cleaned_data["code"])
        if device is not None:
            request.session.pop(mfa.PENDING, None)
            otp_login(request, device)
            return redirect(safe_next(request) or "core:home")
        lockout.record_failure(request, user.email)
        if getattr(request, "axes_locked_out", False):
            logout(request)
        form.add_error("code", _("The code is not right."))
    context = {"form": form, "next": safe_next(request)}
    return render(
        request, "accounts/two_factor_verify.html", context, status=400 if form.is_bound else 200
    )


@require_POST
def two_factor_off(request):
    user = request.user
    if mfa.required_for(user):
        messages.error(request, _("Your account needs two-factor authentication."))
    elif mfa.is_verified(request):
        actions.do_turn_off_two_factor(user=user)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:two_factor")


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You are logged out. Sampai jumpa!"))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def profile_edit(request):
    user = request.user
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    chosen = request.GET.get("npsn", "")
    if not form.is_bound and chosen.isdigit() and len(chosen) == 8:
        # A school chosen from the search results: filled in, saved with the profile.
        form.initial["school_npsn"] = chosen
        if not is_htmx(request):
            messages.info(request, _("The NPSN is filled in: save your profile to keep it."))
    if form.is_valid():
        actions.do_update_profile(form=form)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile_edit")
        set_language_cookie(response, user.language)
        return response
    status = 400 if form.is_bound else 200
    return render(request, "accounts/profile_edit.html", {"form": form}, status=status)


def profile(request, pk):
    person = get_object_or_404(
        User.objects.select_related("school__regency", "regency").prefetch_related(
            "subjects", "phases"
        ),
        pk=pk,
    )
    require(request.user, "account.view_profile", person)
    context = {
        "person": person,
        "show_contact": can(request.user, "account.view_contact", person),
        "can_erase": can(request.user, "account.erase_member", person),
    }
    return render(request, "accounts/profile.html", context)


@require_http_methods(["GET", "POST"])
def email_change(request):
    form = EmailChangeForm(request.user, request.POST if request.method == "POST" else None)
    wait = 0
    if form.is_valid():
        wait = mail_limit(request, form, "verify", form.cleaned_data["new_email"])
    if form.is_valid() and not wait:
        actions.do_send_verification(user=request.user, email=form.cleaned_data["new_email"])
        messages.info(
            request,
            _("We sent a link to %(email)s. Your address changes when you open it.")
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("accounts:profile_edit")
    status = 400 if form.is_bound else 200
    response = render(request, "accounts/email_change.html", {"form": form}, status=status)
    return too_many(response, wait) if wait else response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile_edit")

    def form_valid(self, form):
        response = super().form_valid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with reset mail limited per address asked for and per client."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "emails/password-reset-body.txt"
    html_email_template_name = "emails/password-reset-body.html"
    subject_template_name = "emails/password-reset-subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"site_name": gettext_lazy("Komunitas Praktisi")}

    def form_valid(self, form):
        wait = mail_limit(self.request, form, "reset", form.cleaned_data["email"])
        if wait:
            return too_many(self.render_to_response(self.get_context_data(form=form)), wait)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the mailed link also lifts the account's lock-out."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        lockout.clear_failures(form.user.email)
        return super().form_valid(form)


password_reset = login_not_required(PasswordResetView.as_view())
password_reset_done = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = login_not_required(PasswordResetConfirmView.as_view())
password_reset_complete = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


def school_search(request):
    """Find a school by name or NPSN, for the profile form (a partial when htmx asks)."""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    schools = School.objects.select_related("regency")
    if query:
        schools = schools.filter(Q(name__icontains=query) | Q(npsn__startswith=query))
    else:
        schools = schools.none()
    page = Paginator(schools, 20).get_page(request.GET.get("page"))
    template = "accounts/school_search.html"
    if is_htmx(request):
        template = "accounts/includes/school_results.html"  # the include the page shows
    return render(request, template, {"query": query, "page": page})


@accepts_uploads(max_bytes=SchoolImportForm.MAX_BYTES)
@require_http_methods(["GET", "POST"])
def school_import(request):
    require(request.user, "schools.import")
    form = SchoolImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    result = None
    if form.is_valid():
        result = actions.do_import_schools(text=form.cleaned_data["file"])
        if result.ok:
            added = ngettext(
                "%(count)d school added", "%(count)d schools added", result.created
            ) % {"count": result.created}
            updated = ngettext(
                "%(count)d school updated", "%(count)d schools updated", result.updated
            ) % {"count": result.updated}
            messages.success(
                request,
                _("Import done: %(added)s, %(updated)s.") % {"added": added, "updated": updated},
            )
            return redirect("accounts:school_import")
    status = 400 if form.is_bound else 200
    context = {"form": form, "result": result, "school_count": School.objects.count()}
    return render(request, "accounts/school_import.html", context, status=status)


@login_not_required
@require_POST
def set_language(request):
    """Switch the language; a signed-in member keeps the choice in their profile."""
    language = request.POST.get("language", "")
    response = redirect(safe_next(request) or "/")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            actions.do_set_language(user=request.user, language=language)
        set_language_cookie(response, language)
    return response
