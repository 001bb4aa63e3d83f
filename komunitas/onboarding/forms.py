from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Regency, School
from komunitas.accounts.models.schools import validate_npsn
from komunitas.lib import choice_fields


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns: nama, email, nuptk (optional), npsn, peran, komunitas (optional). At most "
            "%(rows)s rows and %(mb)s MB."
        ) % {
            "rows": f"{settings.ONBOARDING_MAX_ROWS:,}".replace(",", "."),
            "mb": megabytes(settings.ONBOARDING_MAX_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ONBOARDING_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": megabytes(settings.ONBOARDING_MAX_BYTES)}
            )
        return upload


class ActivateForm(SetPasswordForm):
    """The first password of an imported teacher (Django's validators apply)."""

    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it."),
        required=True,
    )


class SchoolRequestForm(forms.Form):
    npsn = forms.CharField(label=_("NPSN"), max_length=8, validators=[validate_npsn])
    name = forms.CharField(label=_("School name"), max_length=200)
    level = forms.ChoiceField(label=_("Level (jenjang)"), choices=School.Level.choices)
    school_status = forms.ChoiceField(label=_("Status"), choices=School.Status.choices)
    regency = choice_fields.ModelChoiceField(
        label=_("Regency or city"),
        queryset=Regency.objects.select_related("province").order_by("name"),
    )

    def clean_npsn(self):
        npsn = self.cleaned_data["npsn"].strip()
        if School.objects.filter(npsn=npsn).exists():
            raise ValidationError(
                _("A school with this NPSN is already registered: choose it in your profile.")
            )
        return npsn

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Write the school's name."))
        return name


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
