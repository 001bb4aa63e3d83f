"""What a value-creation story may link to: the author's own posts, meetings and "applied in
class" records in the community, from whichever of those apps are installed."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from komunitas.permissions import can

LIMIT = 30
VIEW_RULES = {"classroomapplication": "application.view"}  # else "<model>.view"


def _sources(author, community):
    if apps.is_installed("komunitas.discussions"):
        from komunitas.discussions.models import ClassroomApplication, Post

        yield (
            _("Post"),
            Post.objects.filter(
                community=community, author=author, deleted_at__isnull=True
            ).order_by("-created_at")[:LIMIT],
        )
        yield (
            _("Applied in class"),
            ClassroomApplication.objects.filter(community=community, member=author).order_by(
                "-created_at"
            )[:LIMIT],
        )


def link_choices(author, community) -> list[tuple[str, str]]:
    choices = []
    for kind, objects in _sources(author, community):
        for obj in objects:
            ct = ContentType.objects.get_for_model(obj)
            choices.append((f"{ct.pk}:{obj.pk}", f"{kind}: {obj}"))
    return choices


def visible_links(user, story) -> list:
    """The linked objects this user may open (a link to something they may not see is left
    out, so a shared story never opens a private post)."""
    found = []
    for link in story.links.select_related("target_type"):
        target = link.target
        if target is None:
            continue
        model = link.target_type.model
        if can(user, VIEW_RULES.get(model, f"{model}.view"), target):
            found.append(target)
    return found
