from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from komunitas.lib.widgets import TimeInput
from komunitas.notifications import kinds
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import QuietHours


class PreferencesForm(forms.Form):
    """One choice per kind of event the member can ever receive (``kinds.kinds_for``), starting
    from their choices or the defaults, grouped by the app it comes from; and the quiet hours (in
    the member's own zone) during which no mail arrives. Kinds not offered keep what is stored."""

    quiet_from = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=TimeInput(),
        help_text=_("No e-mail in these hours (your own time zone); it waits until they end."),
    )
    quiet_until = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        widget=TimeInput(),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
        self.kinds = kinds.kinds_for(user)
        for kind in self.kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=chosen.get(kind.key, kind.default),
                required=False,  # a kind left out keeps the member's current choice
            )
        quiet = QuietHours.objects.filter(user=user).first()
        if quiet:
            self.fields["quiet_from"].initial = quiet.starts
            self.fields["quiet_until"].initial = quiet.ends
        # The kinds first, the quiet hours last.
        self.order_fields([k.key for k in self.kinds])

    def groups(self):
        """``[(heading, [bound field, ...]), ...]`` by the app that owns each kind."""
        out = {}
        for kind in self.kinds:
            app = apps.app_configs.get(kind.app_label)
            heading = app.verbose_name if app else _("Other notifications")
            out.setdefault(heading, []).append(self[kind.key])
        return list(out.items())

    def quiet_fields(self):
        return [self["quiet_from"], self["quiet_until"]]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("quiet_from"), data.get("quiet_until")
        if (starts is None) != (ends is None) and not self.errors:
            raise forms.ValidationError(_("Give both ends of the quiet hours, or neither."))
        if starts is not None and starts == ends:
            raise forms.ValidationError(_("The quiet hours must not start and end at once."))
        return data

    def choices(self) -> dict:
        """What to store (notifications.actions.do_save_preferences): the delivery of each kind
        and the quiet hours."""
        data = dict(self.cleaned_data)
        quiet_from, quiet_until = data.pop("quiet_from"), data.pop("quiet_until")
        return {"deliveries": data, "quiet_from": quiet_from, "quiet_until": quiet_until}
