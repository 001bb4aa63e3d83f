"""``{% load pustaka %}{% save_to_pustaka post %}``: the "Simpan ke pustaka" button of a thread.

Discussions' thread page includes it on a good practice and on a solved question's solution; it
shows nothing to those who may not save, and a link to the resource once it is saved.
"""

from django import template

from komunitas.permissions import can

register = template.Library()


@register.inclusion_tag("pustaka/includes/save_button.html", takes_context=True)
def save_to_pustaka(context, post):
    from komunitas.pustaka.services import saved_from

    user = context["request"].user
    allowed = can(user, "resource.save_from_post", post)
    saved = saved_from(post) if allowed else None
    return {"post": post, "allowed": allowed, "saved": saved}
