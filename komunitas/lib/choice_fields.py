"""Model choice fields that answer hostile ids with "invalid choice", never with a 500.

Django's ``ModelMultipleChoiceField`` sends every posted value to the database in one ``IN``
query: ``99999999999999999999999`` made SQLite raise ``OverflowError`` and PostgreSQL refuse the
query, a 500 either way. These fields first check that each value could be an id at all.

Use them for every choice of a model in a form: declared fields as
``choice_fields.ModelChoiceField(...)``, and in a ``ModelForm`` through
``formfield_callback = choice_fields.formfield`` in its ``Meta`` (its foreign keys and
many-to-many fields then get these classes). tests/core/test_hostile_input.py holds that no form
uses Django's own classes.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection


def _usable(queryset, key: str | None, value) -> bool:
    """Whether ``value`` could be a value of the key field (the primary key by default)."""
    if value in (None, "") or isinstance(value, queryset.model):
        return True
    if not isinstance(value, str | int):
        return False  # a list or a dict where one value was expected
    if isinstance(value, str) and ("\x00" in value or len(value) > 1000):
        return False
    field = queryset.model._meta.get_field(key) if key else queryset.model._meta.pk
    while field.is_relation:
        field = field.target_field
    bounds = connection.ops.integer_field_ranges.get(field.get_internal_type())
    if bounds is None:
        return True  # not a number: the database compares it as text
    try:
        number = int(value)
    except (TypeError, ValueError):
        return False
    return bounds[0] <= number <= bounds[1]


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if self.queryset is not None and not _usable(self.queryset, self.to_field_name, value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice",
                params={"value": str(value)[:100]},
            )  # fmt: skip
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        try:
            values = frozenset(value)
        except TypeError:
            values = frozenset()
        for each in values:
            if not _usable(self.queryset, self.to_field_name, each):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                    params={"pk": str(each)[:100]},
                )  # fmt: skip
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs


def formfield(model_field, **kwargs):
    """``Meta.formfield_callback`` of a ModelForm: these classes for its relations."""
    if model_field.many_to_many:
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif model_field.many_to_one or model_field.one_to_one:
        kwargs.setdefault("form_class", ModelChoiceField)
    return model_field.formfield(**kwargs)
