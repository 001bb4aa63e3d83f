"""``{% load discussions %}``: times in the member's zone, and the "applied in class" box that
any app can show on its own objects (``{% applied_box obj %}``)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Exists, F, OuterRef, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext

from komunitas.discussions.models import ClassroomApplication
from komunitas.discussions.notifications import ASKING_KINDS
from komunitas.discussions.rules import sees_members_only
from komunitas.permissions import can

register = template.Library()


@register.simple_tag(takes_context=True)
def when(context, moment, style="j M Y, H.i"):
    """A time as ``<time>`` in the member's zone (the middleware activated it), with its name."""
    if not moment:
        return ""
    user = context.get("user")
    zone = getattr(user, "zone_abbreviation", "") if user else ""
    local = localtime(moment)
    return format_html(
        '<time datetime="{}">{} {}</time>',
        moment.isoformat(timespec="seconds"),
        date_format(local, style),
        zone,
    )


@register.inclusion_tag("discussions/includes/applied.html", takes_context=True)
def applied_box(context, target, summary=None, recent=None):
    """How many applied ``target`` in class and with what outcome, the latest reports, and the
    button to add one; ``summary`` and ``recent`` may be passed when the view has them."""
    user = context["user"]
    if summary is None:
        summary = ClassroomApplication.objects.summary_for([target])[target.pk]
    if recent is None:
        recent = ClassroomApplication.objects.for_target(target)[:3] if summary["total"] else []
    content_type = ContentType.objects.get_for_model(target)
    return {
        "user": user,
        "target": target,
        "summary": summary,
        "recent": recent,
        "content_type_id": content_type.pk,
        "may_apply": can(user, "application.create", target),
    }


COMMUNITY_PRACTICE_ITEMS = 3


@register.inclusion_tag("discussions/includes/community_practice.html", takes_context=True)
def community_practice(context, community):
    """The community page's view of its practice, in one query: the newest few posts in each
    of three groups: *applied in class* (a member reported trying it, latest report first),
    *solved* (latest solution first) and *being asked* (questions, challenges and concerns
    without a solution, newest first). A post is in one group, the first that fits.

    The page has already checked that the reader may see the community; hidden posts stay out
    (as in the lists)."""
    reports = ClassroomApplication.objects.filter(  # by name: no content-type lookup to count
        target_type__app_label="discussions", target_type__model="post", target_id=OuterRef("pk")
    ).order_by("-created_at")
    group = Case(
        When(Exists(reports), then=Value("applied")),
        When(solution__isnull=False, then=Value("solved")),
        When(kind__in=ASKING_KINDS, then=Value("asking")),
        default=Value(""),
    )
    moment = Case(
        When(Exists(reports), then=Subquery(reports.values("created_at")[:1])),
        When(solution__isnull=False, then=F("solved_at")),
        default=F("created_at"),
    )
    shown = community.posts.alive().listed()
    if not sees_members_only(context["request"].user, community):
        shown = shown.open_to_all()  # a partner, an outsider: no members-only post
    posts = (
        shown.annotate(group=group, moment=moment)
        .exclude(group="")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("group"), order_by=F("moment").desc()),
            applied_by=Subquery(reports.values("member__full_name")[:1]),
            applied_by_id=Subquery(reports.values("member_id")[:1]),
            applied_count=Subquery(
                reports.order_by().values("target_id").annotate(n=Count("pk")).values("n")
            ),
        )
        .filter(rank__lte=COMMUNITY_PRACTICE_ITEMS)
        .only("pk", "community_id", "title", "kind", "reply_count", "is_anonymous", "author_id")
        .order_by("group", "rank")
    )
    groups = {"asking": [], "solved": [], "applied": []}
    for post in posts:
        if post.is_anonymous and post.applied_by_id == post.author_id:
            post.applied_by = gettext("A member")  # the anonymous author applied it
        groups[post.group].append(post)
    return {"community": community, **groups}
