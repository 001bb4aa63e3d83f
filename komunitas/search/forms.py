from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.accounts.models import User
from komunitas.lib import choice_fields
from komunitas.lib.http import parse_id
from komunitas.lib.widgets import DateInput
from komunitas.search import registry
from komunitas.search.query import Query
from komunitas.search.registry import sources

SOLVED = [("", _("Any")), ("yes", _("Solved")), ("no", _("Not solved yet"))]
SORT = [("", _("Best match")), ("newest", _("Newest first"))]


def kind_choices() -> list:
    """``key`` for all of a source, ``key:kind`` for one kind of it, grouped by source."""
    choices: list = [("", _("Everything"))]
    for source in sources():
        if source.kinds:
            group = [(source.key, _("All"))]
            group += [(f"{source.key}:{value}", label) for value, label in source.kinds]
            choices.append((source.label, group))
        else:
            choices.append((source.key, source.label))
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    kind = forms.ChoiceField(label=pgettext_lazy("kind of result", "What"), required=False)
    community = choice_fields.ModelChoiceField(label=_("Community"), queryset=None, required=False)
    tag = forms.CharField(label=_("Tag"), max_length=60, required=False)
    solved = forms.ChoiceField(label=_("Questions"), choices=SOLVED, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    sort = forms.ChoiceField(label=_("Order"), choices=SORT, required=False)
    author = choice_fields.ModelChoiceField(
        queryset=User.objects.filter(is_active=True), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        # Any community the user may see is accepted (a link from a community's page), but the
        # list offers their own ones: a district has hundreds, too many for a phone's picker.
        field = self.fields["community"]
        field.queryset = registry.places("visible_to", user).only("name")
        # Two small indexed queries: one query with "mine OR the chosen one" reads every community.
        offered = list(registry.places("of_member", user).only("name"))
        chosen = parse_id(self.data.get("community")) if self.is_bound else None
        if chosen and chosen not in {c.pk for c in offered}:
            offered += registry.places("visible_to", user).filter(pk=chosen).only("name")
            offered.sort(key=lambda community: community.name)
        field.widget.choices = [("", _("Any")), *((c.pk, c.name) for c in offered)]
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "enterkeyhint": "search"})

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date comes before the start date."))
        return data

    def query(self) -> Query:
        data = self.cleaned_data
        source, _sep, kind = (data.get("kind") or "").partition(":")
        solved = {"yes": True, "no": False}.get(data.get("solved") or "")
        return Query(
            words=data.get("q") or "",
            source=source,
            kind=kind,
            community=data.get("community"),
            tag=(data.get("tag") or "").strip(),
            solved=solved,
            author=data.get("author"),
            start=data.get("start"),
            end=data.get("end"),
            newest_first=data.get("sort") == "newest",
        )

    def has_filters(self) -> bool:
        """Whether anything besides the words narrows the search (opens the filter panel)."""
        data = getattr(self, "cleaned_data", {})
        filters = ("kind", "community", "tag", "solved", "start", "end", "sort")
        return any(data.get(name) for name in filters)
