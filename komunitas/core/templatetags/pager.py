"""``{% page_query number "param" %}``: the link to one page of a list, for the pager."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number, param="page"):
    """The current query string with ``param`` set to ``number``, the other filters kept.

    Django's ``{% querystring %}`` names its key in the template; a page with two lists pages
    each by its own parameter (``page``, ``halaman``), so the pager takes the name as a value.
    """
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
