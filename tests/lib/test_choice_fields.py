"""Hostile ids in model choices are "invalid choice", never a 500 (lib/choice_fields, lib/http)."""

import importlib
import pkgutil

import pytest
from django import forms

import komunitas
from komunitas.accounts.models import School
from komunitas.lib import choice_fields
from komunitas.lib.http import parse_id
from tests.factories import make_school

pytestmark = pytest.mark.django_db
HOSTILE = ["99999999999999999999999", "-99999999999999999999999", "abc", "²", "a\x00b", "x" * 5000]


class Choose(forms.Form):
    one = choice_fields.ModelChoiceField(School.objects.all(), required=False)
    many = choice_fields.ModelMultipleChoiceField(School.objects.all(), required=False)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_id_is_an_invalid_choice(value):
    school = make_school()
    form = Choose({"one": value, "many": [str(school.pk), value]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}


def test_django_own_multiple_choice_field_overflowed_on_sqlite():
    """What the audit found; kept to show why the project's own classes exist."""
    from django.db import connection

    field = forms.ModelMultipleChoiceField(School.objects.all())
    if connection.vendor == "sqlite":
        with pytest.raises(OverflowError):
            field.clean(["99999999999999999999999"])


def test_real_choices_still_work():
    school = make_school()
    form = Choose({"one": str(school.pk), "many": [str(school.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == school and list(form.cleaned_data["many"]) == [school]


@pytest.mark.parametrize(
    "value,expected",
    [("12", 12), ("0", None), ("²", None), ("-1", None), ("99999999999999999999999", None),
     ("1 2", None), ("", None), (None, None), (["1"], None), ("2147483647", 2147483647)],
)  # fmt: skip
def test_parse_id_takes_only_what_can_be_an_id(value, expected):
    assert parse_id(value) == expected


def _form_classes():
    for module in pkgutil.walk_packages(komunitas.__path__, "komunitas."):
        if module.name.endswith(("forms", ".forms")) or ".forms." in module.name:
            importlib.import_module(module.name)
    stack, found = [forms.BaseForm], set()
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("komunitas."):
                found.add(sub)
    return found


def test_no_form_of_ours_uses_djangos_own_model_choice_fields():
    unsafe = []
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, choice_fields.ModelChoiceField | choice_fields.ModelMultipleChoiceField
            ):
                unsafe.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert len(_form_classes()) > 30
    assert unsafe == []
