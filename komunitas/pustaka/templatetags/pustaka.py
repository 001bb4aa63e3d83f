"""``{% load pustaka %}{% save_to_pustaka post %}``: the "Simpan ke pustaka" button of a thread.

Discussions' thread page shows it among the post's tools; it renders nothing for those who may
not save a good practice or a solved question's answer. It runs no query of its own (the thread
page has a query budget): a post saved before leads from the button to its resource.
"""

from django import template

from komunitas.permissions import can

register = template.Library()


@register.inclusion_tag("pustaka/includes/save_button.html", takes_context=True)
def save_to_pustaka(context, post):
    user = context["request"].user
    return {"post": post, "allowed": can(user, "resource.save_from_post", post)}
