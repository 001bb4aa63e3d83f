from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase, School, Subject, User
from komunitas.accounts.models.users import normalise_whatsapp
from komunitas.accounts.widgets import CompactCheckboxes
from komunitas.lib import choice_fields
from komunitas.lib.emails import queue_mail
from komunitas.lib.http import absolute


def email_taken(email: str, *, exclude_pk=None) -> bool:
    users = User.objects.filter(email__iexact=email)
    if exclude_pk:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


class SignupForm(forms.ModelForm):
    SELF_SERVICE_ROLES = [
        (User.Role.GURU, User.Role.GURU.label),
        (User.Role.GURU_PENGGERAK, User.Role.GURU_PENGGERAK.label),
    ]

    role = forms.ChoiceField(
        label=_("I am a"),
        choices=SELF_SERVICE_ROLES,
        help_text=_(
            "Principals, supervisors and district officers: sign up as a teacher and ask "
            "your operator to set your role."
        ),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my data is processed as the privacy notice describes."),
        error_messages={"required": _("We can only create your account with your agreement.")},
    )

    class Meta:
        formfield_callback = choice_fields.formfield
        model = User
        fields = ["full_name", "email", "role"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if email_taken(email):
            raise ValidationError(
                _(
                    "An account with this e-mail address already exists. "
                    "Log in or reset the password."
                )
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=False):
        """The new account with its password, not stored: accounts.actions.do_sign_up saves it."""
        assert not commit, "accounts.actions.do_sign_up stores the account"
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        user.privacy_consent_at = timezone.now()
        return user


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.user = request, None
        self.unverified_user = None

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        # django-axes counts the failure (or refuses a locked-out login before the password is
        # checked; its middleware then answers with the lock-out page: accounts/lockout.py).
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            raise ValidationError(
                _("The e-mail address or the password is not right."),
                code="invalid_login",
            )
        if not user.email_verified:
            self.unverified_user = user
            raise ValidationError(
                _(
                    "Your e-mail address is not verified yet. We have sent you a new link; "
                    "open it to log in."
                ),
                code="unverified",
            )
        self.user = user
        return self.cleaned_data


def subjects_by_level(school) -> list:
    """The subjects of the school's level (jenjang) first, then the others, as two groups."""
    mine, others = [], []
    for subject in Subject.objects.all():
        levels = subject.levels.replace(";", ",").split(",")
        (mine if school.level in levels else others).append((subject.pk, str(subject)))
    level = school.get_level_display()
    return [
        (_("Taught in %(level)s") % {"level": level}, mine),
        (_("Other subjects"), others),
    ]


class ProfileForm(forms.ModelForm):
    school_npsn = forms.CharField(
        label=_("School NPSN"),
        required=False,
        max_length=8,
        help_text=_("The 8-digit number of your school. Not sure? Search for it below."),
    )
    subjects = choice_fields.ModelMultipleChoiceField(
        queryset=Subject.objects.all(),
        required=False,
        widget=CompactCheckboxes,
        label=_("Subjects I teach"),
    )
    phases = choice_fields.ModelMultipleChoiceField(
        queryset=Phase.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Phases I teach"),
    )

    class Meta:
        formfield_callback = choice_fields.formfield
        model = User
        fields = [
            "full_name",
            "whatsapp",
            "nuptk",
            "subjects",
            "phases",
            "bio",
            "time_zone",
            "language",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "nuptk": _("16 digits. Optional."),
            "whatsapp": _("Optional. Only you and the operators see it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.school_id and not self.is_bound:
            self.initial["school_npsn"] = self.instance.school.npsn
        if self.instance.school_id:
            self.fields["subjects"].widget.choices = subjects_by_level(self.instance.school)

    def clean_whatsapp(self):
        value = self.cleaned_data["whatsapp"].strip()
        return normalise_whatsapp(value) if value else ""

    def clean_nuptk(self):
        value = self.cleaned_data["nuptk"].replace(" ", "")
        if value and User.objects.filter(nuptk=value).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This NUPTK already belongs to another account."))
        return value

    def clean_school_npsn(self):
        npsn = self.cleaned_data["school_npsn"].strip()
        if not npsn:
            return None
        if not (npsn.isascii() and npsn.isdigit() and len(npsn) == 8):
            raise ValidationError(_("An NPSN is exactly 8 digits, for example 20301234."))
        school = School.objects.filter(npsn=npsn).first()
        if school is None:
            raise ValidationError(
                _("No school with NPSN %(npsn)s is registered here. Ask your operator to add it.")
                % {"npsn": npsn}
            )
        return school

    def _post_clean(self):
        super()._post_clean()
        self.instance.school = self.cleaned_data.get("school_npsn")


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New e-mail address"))
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_email(self):
        email = User.objects.normalize_email(self.cleaned_data["new_email"]).lower()
        if email == self.user.email:
            raise ValidationError(_("This is already your e-mail address."))
        if email_taken(email, exclude_pk=self.user.pk):
            raise ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."))
        return password


class SchoolImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: npsn, name, level, status, regency_code, and optionally district_code "
            "and address. At most 5 MB."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        raw = upload.read()
        if b"\x00" in raw[:4096]:
            raise ValidationError(_("This is not a CSV text file."))
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("The file could not be read as text. Save it as CSV (UTF-8)."))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, but the mail speaks the member's own language and goes through the
    outbox (queued, sent after the commit by a worker, retried if the mail server fails)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        context["site_url"] = absolute("")  # not the request's host: the public address
        user = context["user"]
        queue_mail(
            to=to_email,
            template="password-reset",  # emails/password-reset-{subject,body}.*, as the view says
            context=context,
            language=user.language,
            recipient=user,
        )


class EraseAccountForm(forms.Form):
    """Delete an account: what happens to the public contributions, and a confirmation; the
    member re-enters their password (an operator, acting on request, does not)."""

    contributions = forms.ChoiceField(
        label=_("What you wrote in the communities"),
        choices=[
            ("keep", _("Keep it, shown as written by “Mantan anggota”")),
            ("remove", _("Remove it (posts, replies, library resources, stories)")),
        ],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)

    def __init__(self, user, *args, ask_password=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if ask_password:
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."))
        return password

    @property
    def remove_public(self) -> bool:
        return self.cleaned_data["contributions"] == "remove"


class LoginCodeRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class LoginCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the e-mail"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not (code.isascii() and code.isdigit()):
            raise ValidationError(_("The code is six digits."), code="format")
        return code


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )
