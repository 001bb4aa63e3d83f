"""Form widgets for long lists that must stay usable on a 360px phone."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHOWN_IN_SUMMARY = 3


class CompactCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes folded into a ``<details>`` whose summary names what is chosen.

    The list scrolls inside a box of limited height and may be grouped (choices as
    ``[(group, [(value, label), ...]), ...]``). It opens by itself while nothing is chosen or when
    the field has an error, so nobody has to discover the fold to fill it in. No JavaScript.
    """

    template_name = "accounts/widgets/compact_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [
            option["label"]
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        context["widget"]["summary"] = self.summary(chosen)
        context["widget"]["open"] = not chosen or "aria-invalid" in context["widget"]["attrs"]
        return context

    @staticmethod
    def summary(chosen: list[str]) -> str:
        if not chosen:
            return _("None chosen yet")
        shown = ", ".join(str(label) for label in chosen[:SHOWN_IN_SUMMARY])
        more = len(chosen) - SHOWN_IN_SUMMARY
        if more <= 0:
            return shown
        return ngettext("%(shown)s and %(n)d more", "%(shown)s and %(n)d more", more) % {
            "shown": shown,
            "n": more,
        }
