from django import forms
from django.utils.translation import gettext_lazy as _

from komunitas.api.models import AccessToken

EXPIRY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (365, _("1 year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("What the token is for, e.g. “Kalender sekolah”."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"), choices=EXPIRY_CHOICES, coerce=int, initial=90
    )
