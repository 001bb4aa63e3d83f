from django import forms

from komunitas.notifications import kinds
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Preference


class PreferencesForm(forms.Form):
    """One choice per kind of event, starting from the member's choices or the defaults."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
        for kind in kinds.all_kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=chosen.get(kind.key, kind.default),
                widget=forms.Select,
            )

    def save(self):
        for key, delivery in self.cleaned_data.items():
            Preference.objects.update_or_create(
                user=self.user, kind=key, defaults={"delivery": delivery}
            )
