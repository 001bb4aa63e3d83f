"""Workflows of the library that cross models."""

from django.db import transaction
from django.utils.translation import gettext as _

from komunitas.discussions.models import Post, Reply
from komunitas.notifications.services import record_event
from komunitas.pustaka.models import Resource
from komunitas.pustaka.notifications import SAVED
from komunitas.pustaka.rules import saved_part


def add_resource(resource: Resource, *, by, file=None, link="") -> Resource:
    """Save a new resource with its first version (a checked upload or a link, or neither for
    a text saved from a discussion)."""
    with transaction.atomic():
        resource.added_by = by
        resource.save()
        if file is not None or link:
            resource.add_version(by=by, file=file, link=link)
    return resource


def saved_from(post: Post) -> Resource | None:
    """The resource already saved from this post's good practice or solution, if any."""
    part = saved_part(post)
    if part is None:
        return None
    found = Resource.objects.alive().filter(source_post=post)
    if isinstance(part, Reply):
        found = found.filter(source_reply=part)
    return found.order_by("pk").first()


def _text_of(post: Post, part) -> str:
    if isinstance(part, Reply):
        return part.body
    sections = [f"### {label}\n\n{text}" for label, text in post.sections()]
    return "\n\n".join([post.body, *sections]).strip()


def initial_from_post(post: Post) -> dict:
    """What the resource form starts with: the thread's title, the saved text, its author
    credited, its subject and phase, kept to the community when the community is private."""
    part = saved_part(post)
    subject = post.subjects.first()
    phase = post.phases.first()
    return {
        "title": post.title,
        "kind": Resource.Kind.ARTIKEL,
        "description": _text_of(post, part),
        "author_name": part.author.full_name,
        # A private community's name stays out of a text that may end up shown to everyone.
        "source": _("Discussion in a private community")
        if post.community.is_private
        else _("Discussion in %(community)s") % {"community": post.community.name},
        "community": post.community,
        "audience": Resource.Audience.COMMUNITY
        if post.community.is_private
        else Resource.Audience.EVERYONE,
        "subject": subject,
        "phase": phase,
    }


def save_from_post(resource: Resource, post: Post, *, by, file=None, link="") -> Resource:
    """Keep a good practice or a solution as a resource of the thread's community, linking
    back to the thread and crediting whoever wrote it; they hear of it."""
    part = saved_part(post)
    with transaction.atomic():
        resource.community = post.community
        resource.source_post = post
        resource.source_reply = part if isinstance(part, Reply) else None
        resource.credited_to = part.author
        add_resource(resource, by=by, file=file, link=link)
        if part.author_id != by.pk:
            record_event(
                SAVED,
                actor=by,
                target=resource,
                title=resource.title,
                url=resource.get_absolute_url(),
            )
    return resource
