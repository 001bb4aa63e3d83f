from django import template
from django.utils.html import format_html

from komunitas.core.submissions import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_key():
    """The hidden key that makes sending this form again create nothing twice."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
