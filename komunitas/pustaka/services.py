"""Workflows of the library that cross models."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from komunitas.discussions.models import ClassroomApplication, Post, Reply
from komunitas.lib import uploads
from komunitas.notifications.services import announce
from komunitas.pustaka.models import Resource
from komunitas.pustaka.notifications import SAVED
from komunitas.pustaka.rules import saved_part


def add_resource(resource: Resource, *, by, file=None, link="") -> Resource:
    """Save a new resource with its first version (a checked upload or a link, or neither for
    a text saved from a discussion)."""
    with uploads.atomic():
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


# "@Full Name" in a thread notifies that member there; in the library it is just their name.
MENTION_SIGN = re.compile(r"(?<![\w@.])@(?=[^\W\d_])")


def plain_mentions(text: str) -> str:
    """The text with "@Ratna Kusuma" written as "Ratna Kusuma" (e-mail addresses untouched)."""
    return MENTION_SIGN.sub("", text or "")


def _text_of(post: Post, part) -> str:
    """What the resource says: a solution with the question it answers (its context), or a good
    practice with its sections; mentions as plain names."""
    if isinstance(part, Reply):
        question, solution = _("The question"), _("The solution")
        text = f"### {question}\n\n{post.body}".strip() + f"\n\n### {solution}\n\n{part.body}"
    else:
        sections = [f"### {label}\n\n{text}" for label, text in post.sections()]
        text = "\n\n".join([post.body, *sections]).strip()
    return plain_mentions(text)


def classroom_evidence(resource: Resource, *, thread_visible: bool, recent: int = 3):
    """The "applied in class" reports of the resource and, when the reader may see the thread
    it was saved from, of that thread too: ``(summary, latest reports)``, in two queries.

    The summary has the shape of ``ClassroomApplication.objects.summary_for``."""
    targets = Q(target_type=ContentType.objects.get_for_model(Resource), target_id=resource.pk)
    if thread_visible and resource.source_post_id:
        targets |= Q(
            target_type=ContentType.objects.get_for_model(Post), target_id=resource.source_post_id
        )
    rows = ClassroomApplication.objects.filter(targets)
    summary = {"total": 0, **dict.fromkeys(ClassroomApplication.Outcome.values, 0)}
    for outcome, n in rows.order_by().values_list("outcome").annotate(n=Count("pk")):
        summary[outcome] += n
        summary["total"] += n
    latest = list(rows.select_related("member", "phase")[:recent]) if summary["total"] else []
    return summary, latest


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
            announce(
                SAVED,
                actor=by,
                target=resource,
                title=resource.title,
                url=resource.get_absolute_url(),
            )
    return resource
