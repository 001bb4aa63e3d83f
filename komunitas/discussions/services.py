"""Workflows of discussions that cross models or record events for members.

The HTML views, other apps (journeys posts a Tantangan or a Refleksi through ``create_post``) and
the demo call these; each checks the permission of the person acting and records the events
inside the transaction of the change.
"""

import datetime
import math
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.discussions import applying
from komunitas.discussions.models import (
    GOOD_PRACTICE_SECTIONS,
    MAX_ATTACHMENTS,
    Attachment,
    ClassroomApplication,
    DiscussionError,
    Draft,
    Mention,
    Post,
    PostFollow,
    Reaction,
    Reply,
    Report,
    Tag,
)
from komunitas.discussions.notifications import ASKING_KINDS
from komunitas.lib import uploads
from komunitas.notifications.services import announce
from komunitas.permissions import require

SECTION_NAMES = [name for name, _label in GOOD_PRACTICE_SECTIONS]


class RateLimited(DiscussionError):
    """Too many posts, replies or reports in a short time; the message says when to try again,
    ``retry_after`` in how many seconds (the views answer 429 with ``Retry-After``)."""

    def __init__(self, message, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _check_rate(queryset, *, limit: int, window: datetime.timedelta, message) -> None:
    """Refuse when ``limit`` rows were made within ``window``; ``message(limit, wait)`` says
    how many minutes to wait."""
    since = timezone.now() - window
    recent = list(
        queryset.filter(created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return
    seconds = max(1, math.ceil((recent[0] + window - timezone.now()).total_seconds()))
    wait = max(1, math.ceil(seconds / 60))
    raise RateLimited(message(limit, wait), retry_after=seconds)


def check_post_rate(author) -> None:
    _check_rate(
        Post.objects.filter(author=author),
        limit=settings.DISCUSSIONS_POSTS_PER_HOUR,
        window=datetime.timedelta(hours=1),
        message=lambda limit, wait: (
            ngettext(
                "You wrote %(limit)d posts within an hour. Please wait %(wait)d minute before the "
                "next one; your text is kept.",
                "You wrote %(limit)d posts within an hour. Please wait %(wait)d minutes before the "
                "next one; your text is kept.",
                wait,
            )
            % {"limit": limit, "wait": wait}
        ),
    )


def check_reply_rate(author) -> None:
    _check_rate(
        Reply.objects.filter(author=author),
        limit=settings.DISCUSSIONS_REPLIES_PER_HOUR,
        window=datetime.timedelta(hours=1),
        message=lambda limit, wait: (
            ngettext(
                "You wrote %(limit)d replies within an hour. Please wait %(wait)d minute "
                "before the next one; your text is kept.",
                "You wrote %(limit)d replies within an hour. Please wait %(wait)d minutes "
                "before the next one; your text is kept.",
                wait,
            )
            % {"limit": limit, "wait": wait}
        ),
    )


def check_report_rate(reporter) -> None:
    _check_rate(
        Report.objects.filter(reporter=reporter),
        limit=settings.DISCUSSIONS_REPORTS_PER_DAY,
        window=datetime.timedelta(days=1),
        message=lambda limit, wait: (
            ngettext(
                "You sent %(limit)d reports within a day. Please wait %(wait)d minute before the "
                "next one.",
                "You sent %(limit)d reports within a day. Please wait %(wait)d minutes before the "
                "next one.",
                wait,
            )
            % {"limit": limit, "wait": wait}
        ),
    )


# --- mentions

MENTION = re.compile(r"(?<![\w@.])@([^\W\d_][\w'.-]*(?:[ ]+[^\W\d_][\w'.-]*){0,4})")


def _mention_candidates(text: str) -> set[str]:
    """Every name "@Full Name" in ``text`` may stand for, lowercased (the longest first)."""
    candidates = set()
    for match in MENTION.finditer(text or ""):
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            candidates.add(" ".join(words[:n]).rstrip(".,").lower())
    return candidates


def find_mentions(text: str, community) -> list[User]:
    """Active members of ``community`` named in ``text`` as "@Full Name" (longest name wins)."""
    candidates = _mention_candidates(text)
    if not candidates:
        return []
    members = User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__status=Membership.Status.ACTIVE,
    ).only("pk", "full_name")
    found = {}
    for member in members:
        if member.full_name.lower() in candidates:
            found[member.pk] = member
    return list(found.values())


MENTION_SUGGESTIONS = 8
MENTION_QUERY_MAX = 60


def mentionable(full_name: str) -> bool:
    """Whether "@" + the name, written as it is, is recognised by ``find_mentions``."""
    return full_name.lower() in _mention_candidates(f"@{full_name}")


def suggest_mentions(community, query: str, *, writer, limit=MENTION_SUGGESTIONS) -> list:
    """Up to ``limit`` active memberships of ``community`` whose member's name starts with
    ``query`` or has a word that does, those starting with it first; one query.

    The writer must be allowed to mention there (``discussions.mention``); they are left out
    themselves, and so are names that "@" cannot carry (see ``mentionable``).
    """
    require(writer, "discussions.mention", community)
    query = " ".join(query.split())
    if not query or len(query) > MENTION_QUERY_MAX:
        return []
    starts = Q(user__full_name__istartswith=query)
    rows = (
        Membership.objects.filter(
            starts | Q(user__full_name__icontains=f" {query}"),
            community=community,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
        )
        .exclude(user=writer)
        .select_related("user")
        .only("role", "user__id", "user__full_name")
        .annotate(rank=Case(When(starts, then=Value(0)), default=Value(1)))
        .order_by("rank", "user__full_name", "user_id")[: limit * 2]
    )
    return [row for row in rows if mentionable(row.user.full_name)][:limit]


def _record_mentions(text, *, post, reply=None, actor, already=()):
    title = post.title
    url = reply.get_absolute_url() if reply else post.get_absolute_url()
    for user in find_mentions(text, post.community):
        if user.pk == actor.pk or user.pk in already:
            continue
        mention, created = Mention.objects.get_or_create(user=user, post=post, reply=reply)
        if created:
            announce("discussions.mention", actor=actor, target=mention, title=title, url=url)


# --- posts


def _set_tags(post, *, tags=None, subjects=None, phases=None):
    if tags is not None:
        post.tags.set(Tag.from_names(tags) if tags and isinstance(tags[0], str) else tags)
    if subjects is not None:
        post.subjects.set(subjects)
    if phases is not None:
        post.phases.set(phases)


@uploads.atomic()
def create_post(
    *,
    author,
    community,
    kind,
    title,
    body="",
    tags=None,
    subjects=None,
    phases=None,
    sections=None,
    attachments=(),
    draft_key="",
    check_rate=True,
) -> Post:
    """Write a post into ``community`` as ``author``, with its events.

    ``tags`` are names (made when new) or Tag objects; ``sections`` the good-practice sections by
    name (see GOOD_PRACTICE_SECTIONS); ``attachments`` checked files from komunitas.lib.uploads
    as (kind, ContentFile) pairs. Raises PermissionDenied when the author may not post there (an
    announcement needs a fasilitator) and RateLimited after too many posts in an hour.
    """
    require(author, "post.create", community)
    if kind == Post.Kind.ANNOUNCEMENT:
        require(author, "post.announce", community)
    if kind not in Post.Kind.values:
        raise DiscussionError(_("That kind of post does not exist."))
    if check_rate:
        check_post_rate(author)
    post = Post(community=community, author=author, kind=kind, title=title.strip(), body=body)
    if kind == Post.Kind.GOOD_PRACTICE:
        for name, value in (sections or {}).items():
            if name in SECTION_NAMES:
                setattr(post, name, value)
    post.full_clean(exclude=["solution", "shared_from"])
    post.save()
    _set_tags(post, tags=tags or [], subjects=subjects or [], phases=phases or [])
    add_attachments(post, attachments, by=author)
    PostFollow.objects.get_or_create(user=author, post=post)
    if draft_key:
        Draft.published(author, draft_key)
    url = post.get_absolute_url()
    if kind == Post.Kind.ANNOUNCEMENT:
        announce("discussions.announcement", actor=author, target=post, title=post.title, url=url)
    elif post.tags.exists():
        announce("discussions.tag_post", actor=author, target=post, title=post.title, url=url)
    if kind in ASKING_KINDS:  # the community hears that a colleague asks (one kind per role)
        for key in ("discussions.asked", "discussions.asked_facilitated"):
            announce(
                key,
                actor=author,
                target=post,
                title=post.title,
                url=url,
                post_kind=kind,
                community=community.name,
            )
    text = "\n".join([post.body, *(getattr(post, name) for name in SECTION_NAMES)])
    _record_mentions(text, post=post, actor=author)
    return post


@uploads.atomic()
def edit_post(
    post,
    *,
    by,
    title,
    body,
    sections=None,
    tags=None,
    subjects=None,
    phases=None,
    attach=(),
    remove=(),
):
    """Change a post as ``by``; the version before goes to the edit history.

    ``attach`` are checked files from komunitas.lib.uploads as (kind, ContentFile) pairs and
    ``remove`` ids of the post's current attachments. Removal is soft (the history names the
    file). Raises DiscussionError when the post would carry more than MAX_ATTACHMENTS files or
    a file to remove is not one of the post's.
    """
    require(by, "post.edit", post)
    fields = {"title": title.strip(), "body": body}
    if post.is_good_practice:
        fields.update({name: (sections or {}).get(name, "") for name in SECTION_NAMES})
    changed = {k: v for k, v in fields.items() if getattr(post, k) != v}
    files = change_attachments(post, by=by, attach=attach, remove=remove)
    if changed or files:
        post.edit(by=by, files=files, **changed)
    _set_tags(post, tags=tags, subjects=subjects, phases=phases)
    already = set(Mention.objects.filter(post=post, reply=None).values_list("user_id", flat=True))
    text = "\n".join([post.body, *(getattr(post, name) for name in SECTION_NAMES)])
    _record_mentions(text, post=post, actor=by, already=already)
    Draft.published(by, f"edit-post:{post.pk}")
    return post


def _file_entry(attachment) -> dict:
    return {"id": attachment.pk, "name": attachment.name}


def change_attachments(item, *, by, attach=(), remove=()) -> dict:
    """Add and remove files of a post or a reply being edited; what it did, for the revision.

    ``attach`` are checked files from komunitas.lib.uploads as (kind, ContentFile) pairs and
    ``remove`` ids of the item's current attachments; removal is soft (``removed_at``). Returns
    ``{"before": [...], "added": [...], "removed": [...]}`` with each file as ``{"id", "name"}``
    (``{}`` when nothing changes). Raises DiscussionError, before changing anything, when the
    item would carry more than MAX_ATTACHMENTS files or a file to remove is not its own. The
    caller checks the permission and holds the transaction.
    """
    if not attach and not remove:
        return {}
    is_reply = isinstance(item, Reply)
    # Two edits at once must not both count the same files: hold the item's row until commit.
    list(type(item).objects.select_for_update().filter(pk=item.pk).values_list("pk"))
    current = list(Attachment.objects.of(item).current().only("pk", "name"))
    remove = {int(pk) for pk in remove}
    if not remove <= {a.pk for a in current}:
        if is_reply:
            raise DiscussionError(_("That file is not attached to this reply."))
        raise DiscussionError(_("That file is not attached to this post."))
    total = len(current) - len(remove) + len(attach)
    if total > MAX_ATTACHMENTS:
        raise DiscussionError(too_many_files(total, is_reply=is_reply))
    if remove:
        Attachment.objects.filter(pk__in=remove).update(removed_at=timezone.now(), removed_by=by)
    post, reply = (item.post, item) if is_reply else (item, None)
    added = add_attachments(post, attach, by=by, reply=reply)
    return {
        "before": [_file_entry(a) for a in current],
        "added": [_file_entry(a) for a in added],
        "removed": [_file_entry(a) for a in current if a.pk in remove],
    }


def too_many_files(count, *, is_reply) -> str:
    """The message when a post or a reply would carry more than MAX_ATTACHMENTS files."""
    params = {"max": MAX_ATTACHMENTS, "count": count}
    if is_reply:
        return (
            ngettext(
                "A reply carries at most %(max)d files; this one would have %(count)d. Remove a "
                "file or attach fewer.",
                "A reply carries at most %(max)d files; this one would have %(count)d. Remove "
                "files or attach fewer.",
                count,
            )
            % params
        )
    return (
        ngettext(
            "A post carries at most %(max)d files; this one would have %(count)d. Remove a "
            "file or attach fewer.",
            "A post carries at most %(max)d files; this one would have %(count)d. Remove "
            "files or attach fewer.",
            count,
        )
        % params
    )


def add_attachments(post, files, *, by, reply=None) -> list[Attachment]:
    """Store checked uploads: ``files`` are (kind, ContentFile) pairs from komunitas.lib.uploads."""
    return [
        Attachment.objects.create(
            post=post,
            reply=reply,
            uploaded_by=by,
            kind=kind,
            file=content,
            name=(content.name or "")[-200:],
            content_type=getattr(content, "content_type", "") or "",
            size=content.size or 0,
        )
        for kind, content in files
    ]


def purge_removed_files(now=None) -> int:
    """Delete from the storage the files removed by an edit more than
    DISCUSSIONS_REMOVED_FILES_DAYS ago; returns how many attachments were purged.

    The row stays (name, who removed it and when: the edit history stays true) and gets
    ``purged_at``. Only files removed by an edit go: a deleted post or reply keeps its files
    (moderation may restore it). Bytes shared with a row that is not purged (a good practice
    shared into another community points at the same file) stay until that row goes too.
    Deleting first and marking after makes a second run, or a run after a crash, harmless.
    """
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.DISCUSSIONS_REMOVED_FILES_DAYS)
    purged = 0
    for item in Attachment.objects.purgeable(before=before).only("pk", "file").order_by("pk"):
        name = item.file.name
        kept = Attachment.objects.filter(file=name, purged_at__isnull=True).exclude(pk=item.pk)
        if name and not kept.exists():
            item.file.storage.delete(name)
        purged += Attachment.objects.filter(pk=item.pk, purged_at__isnull=True).update(
            purged_at=now
        )
    return purged


# --- replies


@uploads.atomic()
def add_reply(*, post, author, body, quoted=None, attachments=(), check_rate=True) -> Reply:
    require(author, "post.reply", post)
    if check_rate:
        check_reply_rate(author)
    if quoted is not None and (quoted.post_id != post.pk or quoted.deleted_at or quoted.hidden_at):
        quoted = None
    reply = Reply(post=post, author=author, body=body, quoted=quoted)
    reply.full_clean(exclude=["quoted"])
    reply.save()
    add_attachments(post, attachments, by=author, reply=reply)
    post.replied(reply)
    PostFollow.objects.get_or_create(user=author, post=post)
    Draft.published(author, f"reply:{post.pk}")
    url = reply.get_absolute_url()
    announce("discussions.reply", actor=author, target=reply, title=post.title, url=url)
    _record_mentions(body, post=post, reply=reply, actor=author)
    return reply


@uploads.atomic()
def edit_reply(reply, *, by, body, attach=(), remove=()) -> Reply:
    """Change a reply's text and files as ``by`` (``attach`` and ``remove`` as for
    ``edit_post``); the version before goes to the reply's edit history."""
    require(by, "reply.edit", reply)
    files = change_attachments(reply, by=by, attach=attach, remove=remove)
    if body != reply.body or files:
        text_changed = body != reply.body
        reply.edit(body, by=by, files=files)
        if text_changed:
            already = set(reply.mentions.values_list("user_id", flat=True))
            _record_mentions(body, post=reply.post, reply=reply, actor=by, already=already)
    Draft.published(by, f"edit-reply:{reply.pk}")
    return reply


@transaction.atomic
def delete_reply(reply, *, by, reason="") -> None:
    require(by, "reply.delete", reply)
    reply.soft_delete(by=by, reason=reason)


# --- solutions


@transaction.atomic
def mark_solution(post, reply, *, by) -> None:
    require(by, "post.mark_solution", post)
    post.mark_solution(reply, by=by)
    announce(
        "discussions.solution",
        actor=by,
        target=post,
        title=post.title,
        url=reply.get_absolute_url(),
    )


@transaction.atomic
def unmark_solution(post, *, by) -> None:
    require(by, "post.mark_solution", post)
    post.unmark_solution(by=by)


# --- reactions, following


def toggle_reaction(*, user, post, kind, reply=None) -> bool:
    """Give the reaction, or take it back when given already; returns whether it is given now."""
    require(user, "reply.react" if reply else "post.react", reply or post)
    if kind not in Reaction.Kind.values:
        raise DiscussionError(_("That reaction does not exist."))
    existing = Reaction.objects.filter(user=user, post=post, reply=reply, kind=kind)
    if existing.exists():
        existing.delete()
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(user=user, post=post, reply=reply, kind=kind)
    except IntegrityError:  # a double click: the first one counted
        pass
    return True


# --- spreading


@transaction.atomic
def feature_post(post, *, by, featured=True, reason="") -> None:
    require(by, "post.feature", post)
    was = post.is_featured
    post.set_flag("featured", featured, by=by, reason=reason)
    if featured and not was:
        announce(
            "discussions.featured",
            actor=by,
            target=post,
            title=post.title,
            url=post.get_absolute_url(),
        )


@transaction.atomic
def share_post(post, *, by, community) -> Post:
    """Share one's own good practice into another community one posts in.

    The copy carries the author's words only (not replies, reactions or reports of the source)
    and points back to the original, which readers open only if they may see its community.
    """
    require(by, "post.share", post)
    if community.pk == post.community_id:
        raise DiscussionError(_("The post is already in that community."))
    if Post.objects.alive().filter(shared_from=post, community=community).exists():
        raise DiscussionError(_("You already shared this post in that community."))
    copy = create_post(
        author=by,
        community=community,
        kind=post.kind,
        title=post.title,
        body=post.body,
        tags=list(post.tags.all()),
        subjects=list(post.subjects.all()),
        phases=list(post.phases.all()),
        sections={name: getattr(post, name) for name in SECTION_NAMES},
        check_rate=False,
    )
    copy.shared_from = post
    copy.save(update_fields=["shared_from"])
    for attachment in post.attachments.of_post().current():
        Attachment.objects.create(
            post=copy,
            uploaded_by=by,
            kind=attachment.kind,
            file=attachment.file.name,
            name=attachment.name,
            content_type=attachment.content_type,
            size=attachment.size,
        )
    return copy


# --- moderation


@transaction.atomic
def report(*, reporter, post, reply=None, reason, note="") -> Report:
    require(reporter, "reply.report" if reply else "post.report", reply or post)
    check_report_rate(reporter)
    existing = Report.objects.filter(
        reporter=reporter, post=post, reply=reply, status=Report.Status.OPEN
    )
    if existing.exists():
        raise DiscussionError(_("You already reported this; the facilitators will look at it."))
    item = Report.objects.create(
        reporter=reporter,
        community=post.community,
        post=post,
        reply=reply,
        reason=reason,
        note=note,
    )
    announce(
        "discussions.report",
        actor=reporter,
        target=item,
        title=post.title,
        url=(reply or post).get_absolute_url(),
    )
    return item


@transaction.atomic
def move_post(post, *, by, community, reason="") -> None:
    require(by, "post.move", post)
    require(by, "community.manage", community)
    if community.pk == post.community_id:
        raise DiscussionError(_("The post is already in that community."))
    post.move_to(community, by=by, reason=reason)


# --- applied in class


@uploads.atomic()
def record_application(
    *,
    member,
    target,
    applied_on,
    class_name,
    what_happened,
    outcome,
    phase=None,
    note="",
    photo=None,
    reply=None,
    source=ClassroomApplication.Source.DIRECT,
) -> ClassroomApplication:
    """Record that ``member`` applied ``target`` in class, and tell whoever shared it."""
    require(member, "application.create", target)
    spec = applying.spec_for(target)
    if isinstance(target, Post):
        reply = target.solution if target.is_solvable else None
    application = ClassroomApplication(
        member=member,
        community=spec.community(target),
        target=target,
        reply=reply,
        applied_on=applied_on,
        class_name=class_name,
        phase=phase,
        what_happened=what_happened,
        outcome=outcome,
        note=note,
        source=source,
    )
    if photo is not None:
        application.photo = photo
    application.full_clean(exclude=["target_type", "photo"])
    application.save()
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/"
    title = str(getattr(target, "title", None) or target)
    announce("discussions.applied", actor=member, target=application, title=title, url=url)
    return application
