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


class SuggestedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that show the likely choices and fold the rest into a ``<details>``.

    The form sets ``suggested`` (values as strings), e.g. the subjects of the community and of
    the member; what is already chosen is shown too. No JavaScript: the fold opens by a tap.
    """

    template_name = "accounts/widgets/suggested_checkboxes.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.suggested: set[str] = set()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown, folded = [], []
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                near = option["selected"] or str(option["value"]) in self.suggested
                (shown if near else folded).append(option)
        context["widget"]["shown"] = shown
        context["widget"]["folded"] = folded
        context["widget"]["more"] = (
            ngettext("%(n)d more choice", "%(n)d more choices", len(folded)) % {"n": len(folded)}
            if shown
            else _("Choose from the list")
        )
        return context
