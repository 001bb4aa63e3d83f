"""What a value-creation story may link to: the author's own posts, meetings and "applied in
class" records in the community, from whichever of those apps are installed."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komunitas.permissions import can

LIMIT = 30
VIEW_RULES = {"classroomapplication": "application.view"}  # else "<model>.view"


def _sources(author, community):
    """(label, objects) of each kind of thing a story may link to; the label reads
    “Kind: what” with the date where it helps (never a model's raw __str__)."""
    if apps.is_installed("komunitas.discussions"):
        from komunitas.discussions.models import ClassroomApplication, Post

        yield (
            _("Post"),
            # Not an anonymous post (a story names its author) nor a members-only one (a story
            # may be shared with the partners).
            Post.objects.filter(
                community=community,
                author=author,
                deleted_at__isnull=True,
                is_anonymous=False,
                members_only=False,
            ).order_by("-created_at")[:LIMIT],
        )
        yield (
            _("Applied in class"),
            ClassroomApplication.objects.filter(community=community, member=author)
            .select_related("target_type")
            .prefetch_related("target")
            .order_by("-created_at")[:LIMIT],
        )
    if apps.is_installed("komunitas.meetings"):
        from django.db.models import Q

        from komunitas.meetings.models import Meeting

        yield (
            _("Meeting"),
            Meeting.objects.alive()
            .filter(community=community, starts_at__lte=timezone.now())
            .filter(Q(attendances__member=author) | Q(facilitator=author))
            .distinct()
            .order_by("-starts_at")[:LIMIT],
        )


def _label(obj) -> str:
    if hasattr(obj, "local_start"):  # a meeting: its title and its day
        return f"{obj.title}, {date_format(obj.local_start, 'j M Y')}"
    return str(getattr(obj, "title", None) or obj)


def link_choices(author, community) -> list[tuple[str, str]]:
    choices = []
    for kind, objects in _sources(author, community):
        for obj in objects:
            ct = ContentType.objects.get_for_model(obj)
            choices.append((f"{ct.pk}:{obj.pk}", f"{kind}: {_label(obj)}"))
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
