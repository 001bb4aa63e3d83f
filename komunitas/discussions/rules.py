"""Who may read and do what with posts, replies and reports (see komunitas/permissions.py).

Reading follows the community: whoever may see a community may read its posts. Writing needs a
membership: fasilitator and anggota post; every member, partners included, replies and reacts.
Facilitators of the community and operators moderate. Hidden content stays readable to its
author and to those who moderate, so they can see what was hidden and why.
"""

from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Membership
from komunitas.discussions import applying
from komunitas.discussions.models import (
    ClassroomApplication,
    DiscussionSettings,
    Mention,
    Post,
    Reply,
    Report,
)
from komunitas.permissions import can, rule

Role = Membership.Role


def _role(user, community):
    return community.role_of(user)


def moderates(user, community) -> bool:
    return not community.deleted_at and (
        _role(user, community) == Role.FASILITATOR or is_operator(user)
    )


def sees_members_only(user, community) -> bool:
    """Who reads a members-only post: the community's fasilitator and anggota, never a partner
    (mitra) or an outsider; operators too, for moderation (their look is logged, see
    ``access.log_members_only_access``)."""
    return _role(user, community) in (Role.FASILITATOR, Role.ANGGOTA) or is_operator(user)


@rule("discussions.moderate")
def _moderate_community(user, community):
    """The community's reports and moderation log."""
    return moderates(user, community)


@rule("discussions.mention")
def _mention(user, community):
    """Ask for members to mention: whoever may write in the community (a reply at least) and
    may see who its members are. Never an outsider of a private or a public community."""
    return can(user, "community.comment", community) and can(
        user, "community.view_members", community
    )


@rule("post.create")
def _create(user, community):
    return can(user, "community.post", community)


#: The kinds a member may write anonymously: asking for help or saying what worries them.
ANONYMOUS_KINDS = (Post.Kind.QUESTION, Post.Kind.CHALLENGE, Post.Kind.CONCERN)


@rule("post.create_anonymous")
def _create_anonymous(user, community):
    """Post without one's name: a colleague (fasilitator or anggota) of a community that allows
    it (``DiscussionSettings.anonymous_allowed``)."""
    return (
        can(user, "post.create", community)
        and _role(user, community) in (Role.FASILITATOR, Role.ANGGOTA)
        and DiscussionSettings.of(community).anonymous_allowed
    )


@rule("discussions.settings")
def _settings(user, community):
    """Choose which kinds start as members only and whether anonymous posts are allowed."""
    return not community.deleted_at and _role(user, community) == Role.FASILITATOR


@rule("post.announce")
def _announce(user, community):
    return not community.deleted_at and _role(user, community) == Role.FASILITATOR


@rule("post.view")
def _view(user, post: Post):
    if post.deleted_at or not can(user, "community.view", post.community):
        return False
    if post.members_only and not sees_members_only(user, post.community):
        return False
    if post.hidden_at:
        return post.author_id == user.pk or moderates(user, post.community)
    return True


@rule("post.edit")
def _edit(user, post: Post):
    return (
        post.author_id == user.pk
        and not post.is_locked
        and not post.hidden_at
        and _view(user, post)
        and _role(user, post.community) is not None
    )


@rule("post.delete")
def _delete(user, post: Post):
    return _view(user, post) and (post.author_id == user.pk or moderates(user, post.community))


@rule("post.reply")
def _reply(user, post: Post):
    return (
        _view(user, post)
        and not post.is_locked
        and not post.hidden_at
        and can(user, "community.comment", post.community)
    )


@rule("post.react")
def _react(user, post: Post):
    return (
        _view(user, post) and not post.hidden_at and can(user, "community.comment", post.community)
    )


@rule("post.mark_solution")
def _mark_solution(user, post: Post):
    return (
        post.is_solvable
        and _view(user, post)
        and (post.author_id == user.pk or _role(user, post.community) == Role.FASILITATOR)
    )


@rule("post.reveal_author")
def _reveal_author(user, post: Post):
    """Look up who wrote an anonymous post: the community's facilitators and operators (who
    moderate it), each look logged (``actions.do_reveal_author``)."""
    return post.is_anonymous and _view(user, post) and moderates(user, post.community)


@rule("post.moderate")
def _moderate(user, post: Post):
    """Hide, lock, pin, and read the post's moderation history."""
    return not post.deleted_at and moderates(user, post.community)


@rule("post.feature")
def _feature(user, post: Post):
    return post.is_good_practice and not post.hidden_at and _moderate(user, post)


@rule("post.move")
def _move(user, post: Post):
    """Moving needs facilitating the source; the destination is checked with community.manage."""
    return not post.deleted_at and _role(user, post.community) == Role.FASILITATOR


@rule("post.share")
def _share(user, post: Post):
    """Its author shares a good practice into another community they post in."""
    return (
        post.is_good_practice
        and post.author_id == user.pk
        and not post.hidden_at
        and not post.is_anonymous
        and not post.members_only
        and _view(user, post)
    )


@rule("post.share_link")
def _share_link(user, post: Post):
    return (
        _view(user, post)
        and not post.community.is_private
        and not post.hidden_at
        and not post.members_only
    )


@rule("post.report")
def _report(user, post: Post):
    return _view(user, post) and post.author_id != user.pk


@rule("post.follow")
def _follow(user, post: Post):
    return _view(user, post)


@rule("post.apply")
def _apply(user, post: Post):
    """ "Saya terapkan di kelas" on a good practice or a solved question or challenge."""
    return (
        (post.is_good_practice or (post.is_solvable and post.solution_id is not None))
        and _view(user, post)
        and not post.hidden_at
        and _role(user, post.community) is not None
    )


@rule("reply.view")
def _view_reply(user, reply: Reply):
    if reply.deleted_at or not _view(user, reply.post):
        return False
    if reply.hidden_at:
        return reply.author_id == user.pk or moderates(user, reply.post.community)
    return True


@rule("reply.edit")
def _edit_reply(user, reply: Reply):
    return (
        reply.author_id == user.pk
        and not reply.hidden_at
        and _view_reply(user, reply)
        and not reply.post.is_locked
        and _role(user, reply.post.community) is not None
    )


@rule("reply.delete")
def _delete_reply(user, reply: Reply):
    return _view_reply(user, reply) and (
        reply.author_id == user.pk or moderates(user, reply.post.community)
    )


@rule("reply.moderate")
def _moderate_reply(user, reply: Reply):
    return (
        not reply.deleted_at and _view(user, reply.post) and moderates(user, reply.post.community)
    )


@rule("reply.report")
def _report_reply(user, reply: Reply):
    return _view_reply(user, reply) and reply.author_id != user.pk


@rule("reply.react")
def _react_reply(user, reply: Reply):
    return not reply.hidden_at and _view_reply(user, reply) and _react(user, reply.post)


@rule("attachment.view")
def _view_attachment(user, item):
    """A file follows what it is attached to; one removed by an edit stays readable only to
    the author of its post or reply, whoever uploaded it and the moderators."""
    if not _view(user, item.post) or (item.reply_id and not _view_reply(user, item.reply)):
        return False
    if item.removed_at:
        mine = user.pk is not None and user.pk == item.uploaded_by_id
        return mine or _view_removed_files(user, item.reply if item.reply_id else item.post)
    return True


@rule("attachment.view_removed")
def _view_removed_files(user, owner: Post | Reply):
    """The files an edit removed from ``owner`` (a post or a reply), and their names in its
    edit history: its author and the moderators (a file's uploader too, see attachment.view)."""
    community = owner.post.community if isinstance(owner, Reply) else owner.community
    mine = user.pk is not None and user.pk == owner.author_id
    return mine or moderates(user, community)


@rule("mention.view")
def _view_mention(user, mention: Mention):
    return _view_reply(user, mention.reply) if mention.reply_id else _view(user, mention.post)


@rule("report.review")
def _review_report(user, report: Report):
    return moderates(user, report.community)


@rule("application.create")
def _create_application(user, target):
    """Report having applied ``target`` in class: the target's own app decides."""
    spec = applying.spec_for(target)
    return spec is not None and can(user, spec.apply_action, target)


@rule("application.view")
def _view_application(user, application: ClassroomApplication):
    """Whoever may read the target may read the reports of applying it."""
    target = application.target
    spec = applying.spec_for(target) if target is not None else None
    return spec is not None and can(user, spec.view_action, target)


applying.register_target(Post, view_action="post.view", apply_action="post.apply")


REPLY_ACTIONS = ("view", "edit", "delete", "moderate", "report", "react")


def reply_permissions(user, post: Post, replies) -> dict[int, dict[str, bool]]:
    """What ``user`` may do with each of ``replies`` of ``post``, for the thread page: the same
    answers as ``can(user, "reply.<action>", reply)`` for every action of REPLY_ACTIONS, with
    what depends only on the post and the user (may they read the post, moderate, comment, are
    they a member) asked once per page instead of once per reply and action.
    tests/discussions/test_reply_permissions.py holds the two equal for every role and state."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {
            reply.pk: {action: can(user, f"reply.{action}", reply) for action in REPLY_ACTIONS}
            for reply in replies
        }
    sees_post = _view(user, post)
    moderator = moderates(user, post.community)
    member = _role(user, post.community) is not None
    reacts = _react(user, post)
    found = {}
    for reply in replies:
        mine = reply.author_id == user.pk
        view = not reply.deleted_at and sees_post and (not reply.hidden_at or mine or moderator)
        found[reply.pk] = {
            "view": view,
            "edit": mine and not reply.hidden_at and view and not post.is_locked and member,
            "delete": view and (mine or moderator),
            "moderate": not reply.deleted_at and sees_post and moderator,
            "report": view and not mine,
            "react": not reply.hidden_at and view and reacts,
        }
    return found
