import datetime

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.certificates.actions import MAX_PERIOD_DAYS, CertificateError, check_rules


class RulesForm(forms.Form):
    per_meeting = forms.IntegerField(label=_("JP per meeting attended"), min_value=0)
    per_practice = forms.IntegerField(label=_("JP per practice applied in class"), min_value=0)
    per_lesson_study = forms.IntegerField(
        label=_("JP per lesson study taught or observed"), min_value=0, required=False
    )
    cap = forms.IntegerField(
        label=_("Most JP on one certificate"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the installation's limit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.CERTIFICATES_MAX_JP_PER_ACTIVITY
        self.fields["per_meeting"].max_value = most
        self.fields["per_practice"].max_value = most
        self.fields["per_lesson_study"].max_value = most
        self.fields["cap"].max_value = settings.CERTIFICATES_MAX_JP_PER_PERIOD
        for name in ("per_meeting", "per_practice", "per_lesson_study", "cap"):
            field = self.fields[name]
            field.validators.append(MaxValueValidator(field.max_value))
            field.widget.attrs["max"] = field.max_value

    def clean(self):
        data = super().clean()
        if data.get("per_lesson_study") is None:  # left empty: lesson studies do not count
            data["per_lesson_study"] = 0
        if not self.errors:
            try:
                check_rules(
                    per_meeting=data["per_meeting"],
                    per_practice=data["per_practice"],
                    per_lesson_study=data["per_lesson_study"],
                    cap=data.get("cap"),
                )
            except CertificateError as error:
                raise forms.ValidationError(str(error)) from error
        return data


class PeriodForm(forms.Form):
    """A period of days: the JP page's filter and the request of a certificate."""

    dari = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @staticmethod
    def default_period() -> tuple[datetime.date, datetime.date]:
        """This semester so far: January–June or July–December."""
        today = timezone.localdate()
        return today.replace(month=1 if today.month <= 6 else 7, day=1), today

    def clean(self):
        data = super().clean()
        start, end = data.get("dari"), data.get("sampai")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end of the period is before its start."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("One certificate covers at most %(n)s days.") % {"n": MAX_PERIOD_DAYS}
                )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
