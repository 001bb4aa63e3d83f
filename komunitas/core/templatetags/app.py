"""``{% load app %}{% app_head %}`` and ``{% app_strings %}``: what base.html needs for the app
on the phone (docs/app.md)."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, json_script

from komunitas.core import pwa

register = template.Library()


@register.simple_tag
def app_head():
    """The manifest, the theme colour, the icon for home screens and the page script."""
    return format_html(
        '<link rel="manifest" href="{}">\n<meta name="theme-color" content="{}">\n'
        '<link rel="apple-touch-icon" href="{}">\n<script src="{}" data-sw="{}" id="kp-app" defer>'
        "</script>",
        reverse("core:manifest"),
        pwa.THEME_COLOUR,
        static("img/icon-192.png"),
        static("core/app.js"),
        reverse("core:service_worker"),
    )


@register.simple_tag(takes_context=True)
def app_strings(context):
    """The page script's words in the member's language, as a JSON data block (not a script
    the browser runs, so the Content-Security-Policy has nothing to allow)."""
    return json_script(pwa.page_strings(context["user"]), "kp-strings")
