"""The events of discussions that members hear about (see komunitas/notifications/kinds.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.notifications.kinds import FACILITATORS, MEMBERS, Delivery, Kind, register


def _args(event, count):
    # No actor: an anonymous author, named as readers see them.
    actor = event.actor.full_name if event.actor else _("A member")
    return {"actor": actor, "title": event.title, "count": count}


def _reply_audience(event):
    """The post's author and everyone who follows the post."""
    post = event.target.post
    return User.objects.filter(Q(pk=post.author_id) | Q(followed_posts__post=post)).distinct()


def _solution_audience(event):
    post = event.target
    reply_author = post.solution.author_id if post.solution_id else None
    return User.objects.filter(
        Q(pk=reply_author) | Q(followed_posts__post=post) | Q(pk=post.author_id)
    ).distinct()


def _tag_audience(event):
    """Who follows one of the new post's topics and belongs to its community."""
    post = event.target
    return User.objects.filter(
        followed_tags__tag__in=post.tags.all(),
        memberships__community_id=post.community_id,
        memberships__status=Membership.Status.ACTIVE,
    ).distinct()


def _members(event):
    return User.objects.filter(
        memberships__community_id=event.target.community_id,
        memberships__status=Membership.Status.ACTIVE,
    )


ASKING_KINDS = ("question", "challenge", "concern")


def _colleagues(event):
    """The community's anggota, but not those who hear of the post through a topic they follow
    (``discussions.tag_post``): one post, one notification."""
    post = event.target
    return User.objects.filter(
        memberships__community_id=post.community_id,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.ANGGOTA,
    ).exclude(followed_tags__tag__in=post.tags.all())


def _describe_asking(event, count):
    args = {**_args(event, count), "community": event.data.get("community", "")}
    kind = event.data.get("post_kind")
    if kind == "challenge":
        text = _("%(actor)s shares a challenge in %(community)s: “%(title)s”")
    elif kind == "concern":
        text = _("%(actor)s shares a concern in %(community)s: “%(title)s”")
    else:
        text = _("%(actor)s asks in %(community)s: “%(title)s”")
    return text % args


def _application_audience(event):
    """Whoever wrote what was applied: the post's author, and the solution's author."""
    application = event.target
    ids = {getattr(application.target, "author_id", None)}
    if application.reply_id:
        ids.add(application.reply.author_id)
    return User.objects.filter(pk__in=[i for i in ids if i])


register(
    Kind(
        key="discussions.reply",
        label=_("A reply to a post I wrote or follow"),
        audience=_reply_audience,
        action="reply.view",
        default=Delivery.IMMEDIATELY,
        batch=lambda reply: f"discussions.post:{reply.post_id}",
        describe=lambda event, count: (
            ngettext(
                "%(actor)s replied to “%(title)s”",
                "%(count)d new replies to “%(title)s”",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.mention",
        label=_("Someone mentions me with @"),
        audience=lambda event: User.objects.filter(pk=event.target.user_id),
        action="mention.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            ngettext(
                "%(actor)s mentioned you in “%(title)s”",
                "You were mentioned %(count)d times in “%(title)s”",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.solution",
        label=_("A question I follow is solved, or my reply is the solution"),
        audience=_solution_audience,
        action="post.view",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: (
            ngettext(
                "%(actor)s marked the solution of “%(title)s”",
                "%(actor)s marked the solution of “%(title)s” (%(count)d times)",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.tag_post",
        label=_("A new post on a topic I follow"),
        audience=_tag_audience,
        action="post.view",
        default=Delivery.DAILY,
        describe=lambda event, count: (
            ngettext(
                "New post on a topic you follow: “%(title)s”",
                "%(count)d new posts on topics you follow, the latest: “%(title)s”",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.announcement",
        label=_("An announcement in my community"),
        audience=_members,
        action="post.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            ngettext(
                "Announcement from %(actor)s: “%(title)s”",
                "%(count)d announcements, the latest: “%(title)s”",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.asked",
        label=_("A colleague asks a question or shares a challenge or concern in my community"),
        audience=_colleagues,
        action="post.view",
        default=Delivery.DAILY,
        describe=_describe_asking,
    )
)
register(
    Kind(
        key="discussions.asked_facilitated",
        label=_(
            "A member asks a question or shares a challenge or concern in a community I facilitate"
        ),
        audience=lambda event: event.target.community.facilitators(),
        action="post.view",
        default=Delivery.IMMEDIATELY,
        describe=_describe_asking,
    )
)
register(
    Kind(
        key="discussions.featured",
        label=_("My good practice is featured"),
        audience=lambda event: User.objects.filter(pk=event.target.author_id),
        action="post.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            ngettext(
                "%(actor)s featured your good practice “%(title)s”",
                "%(actor)s featured your good practice “%(title)s”",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.applied",
        label=_("Someone applied in class what I shared"),
        audience=_application_audience,
        action="application.view",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            ngettext(
                "%(actor)s applied “%(title)s” in class",
                "%(count)d members applied “%(title)s” in class",
                count,
            )
            % _args(event, count)
        ),
    )
)
register(
    Kind(
        key="discussions.report",
        label=_("A report in a community I facilitate"),
        audience=lambda event: event.target.community.facilitators(),
        action="report.review",
        default=Delivery.IMMEDIATELY,
        for_whom={FACILITATORS},
        describe=lambda event, count: (
            ngettext(
                "A post or reply was reported: “%(title)s”",
                "%(count)d new reports, the latest on “%(title)s”",
                count,
            )
            % _args(event, count)
        ),
    )
)
