"""The project's form renderer: Django's TemplatesSetting, with labels that start with a capital.

Django capitalises the ``verbose_name`` of a model field when it makes a form field of it, but a
label given to a form field (``label=_("date")``) is shown as written, and a translation may
start with a small letter where the English does not. The renderer's bound field capitalises
every label at render time, in whatever language is active, so ``{{ form }}``,
``{{ field.as_field_group }}``, ``{{ field.label_tag }}`` and ``{{ field.label }}`` all agree.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst


class BoundField(forms.BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        label = capfirst(self.label)
        self.label = mark_safe(label) if isinstance(self.label, SafeData) else label  # noqa: S308


class FormRenderer(TemplatesSetting):
    bound_field_class = BoundField
