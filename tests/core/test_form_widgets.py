"""The project's faster widget templates (komunitas/core/templates/django/forms/widgets/) write
exactly the HTML of Django's own."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from komunitas.accounts.widgets import CompactCheckboxes

CHOICES = [("", "---"), ("a", "Satu & dua"), ("b", "<b>Tiga</b>"), (3, "Empat")]
GROUPED = [("Kelompok A", [("x", "X"), ("y", "Y")]), ("Kelompok B", [("z", "Z")]), ("w", "W")]


class Everything(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, widget=forms.Select(attrs={"class": "wide"}))
    many = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.SelectMultiple)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect)
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    checks = forms.MultipleChoiceField(choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple)
    compact = forms.MultipleChoiceField(choices=GROUPED, widget=CompactCheckboxes)
    null_boolean = forms.NullBooleanField()
    date = forms.DateField(widget=forms.SelectDateWidget(years=[2025, 2026]))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"one": "b", "grouped": "y", "many": ["a", "3"], "radio": "3", "checks": ["b"]},
        {"radio_grouped": "z", "compact": ["x", "w"], "null_boolean": "true", "date_year": "2026"},
    ],
)
def test_widgets_render_the_same_html_as_djangos_own_templates(data):
    ours = Everything(data)
    ours.is_bound and ours.is_valid()
    theirs = Everything(data, renderer=DjangoTemplates())
    theirs.is_bound and theirs.is_valid()
    for name in Everything.base_fields:
        assert str(ours[name]) == str(theirs[name]), name
    assert ours.as_div() == theirs.as_div()


# accounts/widgets/compact_checkboxes.html as it was, with one include per option.
COMPACT_BEFORE = (
    '{% with id=widget.attrs.id %}<details class="checks"{% if widget.open %} open{% '
    "endif %}>\n"
    "<summary>{{ widget.summary }}</summary>\n"
    '<div{% if id %} id="{{ id }}"{% endif %} class="checks-list">{% for group, optio'
    "ns, index in widget.optgroups %}{% if group %}\n"
    "<fieldset><legend>{{ group }}</legend>{% endif %}{% for option in options %}<div"
    ">{% include option.template_name with widget=option %}</div>{% endfor %}{% if gr"
    "oup %}</fieldset>{% endif %}{% endfor %}\n"
    "</div>\n"
    "</details>{% endwith %}\n"
)


@pytest.mark.parametrize("value", [[], ["x", "w"], ["x", "y", "z", "w"]])
def test_compact_checkboxes_render_the_same_html_as_with_an_include_per_option(value):
    widget = CompactCheckboxes(choices=GROUPED)
    before = DjangoTemplates().engine.from_string(COMPACT_BEFORE)
    context = widget.get_context("compact", value, {"id": "id_compact"})
    assert widget.render("compact", value, {"id": "id_compact"}) == before.render(context).strip()


def test_the_projects_widget_templates_are_the_ones_used():
    from django.template.loader import get_template

    for name in ("select.html", "multiple_input.html"):
        origin = get_template(f"django/forms/widgets/{name}").origin.name
        assert "komunitas/core/templates" in origin
