"""Every change of discussions' state: posting, editing, deleting, replying, solutions,
reactions, following, drafts, topics, attachments, moderation and "Saya terapkan di kelas".

Views (and other apps, commands) call these ``do_*`` functions and nothing else to change a post,
a reply or anything that hangs on them. Each takes keyword arguments only, runs in one
transaction, writes the moderation log row where there is one and announces what members hear
of (``komunitas.notifications.services.announce``) itself. They do not check permissions: the
caller has done that with an access helper (``discussions.access``) or ``require`` first.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from komunitas.discussions import applying
from komunitas.discussions.limits import (
    check_anonymous_rate,
    check_post_rate,
    check_reply_rate,
    check_report_rate,
    too_many_files,
)
from komunitas.discussions.mentions import find_mentions
from komunitas.discussions.models import (
    GOOD_PRACTICE_SECTIONS,
    MAX_ATTACHMENTS,
    Attachment,
    Bookmark,
    ClassroomApplication,
    DiscussionError,
    DiscussionSettings,
    Draft,
    Mention,
    ModerationLog,
    Post,
    PostFollow,
    Reaction,
    Reply,
    Report,
    Tag,
    TagFollow,
)
from komunitas.discussions.notifications import ASKING_KINDS
from komunitas.discussions.rules import ANONYMOUS_KINDS
from komunitas.lib import uploads
from komunitas.notifications.services import announce

SECTION_NAMES = [name for name, _label in GOOD_PRACTICE_SECTIONS]


# --- mentions


def shown_actor(post, user):
    """Who a notification names: nobody when ``user`` wrote ``post`` anonymously, so their
    name reaches no notification, mail or digest."""
    return None if post.is_anonymous and user.pk == post.author_id else user


def record_mentions(text, *, post, reply=None, actor, already=()) -> list[Mention]:
    """Record the members ``text`` names with "@" (not the writer, not those in ``already``)
    and tell each of them once; the caller holds the transaction."""
    url = reply.get_absolute_url() if reply else post.get_absolute_url()
    made = []
    for user in find_mentions(text, post.community):
        if user.pk == actor.pk or user.pk in already:
            continue
        mention, created = Mention.objects.get_or_create(user=user, post=post, reply=reply)
        if created:
            made.append(mention)
    for mention in made:
        announce(
            "discussions.mention",
            actor=shown_actor(post, actor),
            target=mention,
            title=post.title,
            url=url,
        )
    return made


def _post_text(post) -> str:
    return "\n".join([post.body, *(getattr(post, name) for name in SECTION_NAMES)])


# --- posts


def _set_tags(post, *, tags=None, subjects=None, phases=None):
    if tags is not None:
        post.tags.set(Tag.from_names(tags) if tags and isinstance(tags[0], str) else tags)
    if subjects is not None:
        post.subjects.set(subjects)
    if phases is not None:
        post.phases.set(phases)


def _post_events(post) -> list[tuple[str, dict]]:
    """The kinds a new post is announced as, each with its data: one notification per member
    (each kind has its own audience, see notifications.py)."""
    events: list[tuple[str, dict]] = []
    if post.kind == Post.Kind.ANNOUNCEMENT:
        events.append(("discussions.announcement", {}))
    elif post.tags.exists():
        events.append(("discussions.tag_post", {}))
    if post.kind in ASKING_KINDS:  # the community hears that a colleague asks (one kind per role)
        data = {"post_kind": post.kind, "community": post.community.name}
        events += [("discussions.asked", data), ("discussions.asked_facilitated", data)]
    return events


@uploads.atomic()
def do_create_post(
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
    members_only=None,
    anonymous=False,
) -> Post:
    """Write a post into ``community`` as ``author``; the author follows it, the community (or
    the topic's followers) and the members named with "@" hear of it.

    ``tags`` are names (made when new) or Tag objects; ``sections`` the good-practice sections by
    name (see GOOD_PRACTICE_SECTIONS); ``attachments`` checked files from komunitas.lib.uploads
    as (kind, ContentFile) pairs. Raises RateLimited after too many posts in an hour. The caller
    checked ``post.create`` (and ``post.announce`` for an announcement, ``post.create_anonymous``
    for an anonymous one).

    ``members_only`` True keeps it from the partners; None takes the community's default for
    the kind (``DiscussionSettings``). ``anonymous`` hides the author's name from every reader
    (its own, lower rate limit: ``check_anonymous_rate``).
    """
    if kind not in Post.Kind.values:
        raise DiscussionError(_("That kind of post does not exist."))
    if anonymous and kind not in ANONYMOUS_KINDS:
        raise DiscussionError(_("Only a question, a challenge or a concern can be anonymous."))
    if check_rate:
        check_post_rate(author)
        if anonymous:
            check_anonymous_rate(author)
    if members_only is None:
        members_only = DiscussionSettings.of(community).starts_members_only(kind)
    post = Post(
        community=community,
        author=author,
        kind=kind,
        title=title.strip(),
        body=body,
        members_only=bool(members_only),
        is_anonymous=bool(anonymous),
    )
    if kind == Post.Kind.GOOD_PRACTICE:
        for name, value in (sections or {}).items():
            if name in SECTION_NAMES:
                setattr(post, name, value)
    post.full_clean(exclude=["solution", "shared_from"])
    post.save()
    _set_tags(post, tags=tags or [], subjects=subjects or [], phases=phases or [])
    do_add_attachments(post=post, files=attachments, by=author)
    PostFollow.objects.get_or_create(user=author, post=post)
    if draft_key:
        Draft.published(author, draft_key)
    url = post.get_absolute_url()
    actor = shown_actor(post, author)
    for event, data in _post_events(post):
        announce(event, actor=actor, target=post, title=post.title, url=url, **data)
    record_mentions(_post_text(post), post=post, actor=author)
    return post


@uploads.atomic()
def do_edit_post(
    *,
    post,
    by,
    title,
    body,
    sections=None,
    tags=None,
    subjects=None,
    phases=None,
    attach=(),
    remove=(),
) -> Post:
    """Change a post as ``by``; the version before goes to the edit history, newly named
    members hear of it.

    ``attach`` are checked files from komunitas.lib.uploads as (kind, ContentFile) pairs and
    ``remove`` ids of the post's current attachments. Removal is soft (the history names the
    file). Raises DiscussionError when the post would carry more than MAX_ATTACHMENTS files or
    a file to remove is not one of the post's.
    """
    fields = {"title": title.strip(), "body": body}
    if post.is_good_practice:
        fields.update({name: (sections or {}).get(name, "") for name in SECTION_NAMES})
    changed = {k: v for k, v in fields.items() if getattr(post, k) != v}
    files = _change_attachments(post, by=by, attach=attach, remove=remove)
    if changed or files:
        post.edit(by=by, files=files, **changed)
    _set_tags(post, tags=tags, subjects=subjects, phases=phases)
    already = set(Mention.objects.filter(post=post, reply=None).values_list("user_id", flat=True))
    record_mentions(_post_text(post), post=post, actor=by, already=already)
    Draft.published(by, f"edit-post:{post.pk}")
    return post


@transaction.atomic
def do_delete_post(*, post, by, reason="") -> Post:
    """Delete a post (softly: moderation may restore it); a moderator's deletion is logged."""
    post.soft_delete(by=by)
    if by.pk != post.author_id:
        ModerationLog.record(ModerationLog.Action.DELETE, by=by, post=post, reason=reason)
    return post


# --- attachments


def _file_entry(attachment) -> dict:
    return {"id": attachment.pk, "name": attachment.name}


def _change_attachments(item, *, by, attach=(), remove=()) -> dict:
    """Add and remove files of a post or a reply being edited; what it did, for the revision.

    Returns ``{"before": [...], "added": [...], "removed": [...]}`` with each file as
    ``{"id", "name"}`` (``{}`` when nothing changes). Raises DiscussionError, before changing
    anything, when the item would carry more than MAX_ATTACHMENTS files or a file to remove is
    not its own. The caller holds the transaction.
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
    added = do_add_attachments(post=post, files=attach, by=by, reply=reply)
    return {
        "before": [_file_entry(a) for a in current],
        "added": [_file_entry(a) for a in added],
        "removed": [_file_entry(a) for a in current if a.pk in remove],
    }


def do_add_attachments(*, post, files, by, reply=None) -> list[Attachment]:
    """Attach checked uploads to a post (or one of its replies): ``files`` are
    (kind, ContentFile) pairs from komunitas.lib.uploads. The caller holds the transaction."""
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


def do_purge_removed_files(*, now=None) -> int:
    """Delete from the storage the files removed by an edit more than
    DISCUSSIONS_REMOVED_FILES_DAYS ago; returns how many attachments were purged.

    The row stays (name, who removed it and when: the edit history stays true) and gets
    ``purged_at``. Only files removed by an edit go: a deleted post or reply keeps its files
    (moderation may restore it). Bytes shared with a row that is not purged (a good practice
    shared into another community points at the same file) stay until that row goes too.
    Deleting first and marking after makes a second run, or a run after a crash, harmless; so
    each file is its own step rather than one transaction around them all.
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
def do_reply(*, post, author, body, quoted=None, attachments=(), check_rate=True) -> Reply:
    """Reply to ``post`` as ``author`` (quoting a reply of the same thread, when given); the
    author follows the post, its followers and the members named with "@" hear of it.
    Raises RateLimited after too many replies in an hour."""
    if check_rate:
        check_reply_rate(author)
    if quoted is not None and (quoted.post_id != post.pk or quoted.deleted_at or quoted.hidden_at):
        quoted = None
    reply = Reply(post=post, author=author, body=body, quoted=quoted)
    reply.full_clean(exclude=["quoted"])
    reply.save()
    do_add_attachments(post=post, files=attachments, by=author, reply=reply)
    post.replied(reply)
    PostFollow.objects.get_or_create(user=author, post=post)
    Draft.published(author, f"reply:{post.pk}")
    url = reply.get_absolute_url()
    actor = shown_actor(post, author)
    announce("discussions.reply", actor=actor, target=reply, title=post.title, url=url)
    record_mentions(body, post=post, reply=reply, actor=author)
    return reply


@uploads.atomic()
def do_edit_reply(*, reply, by, body, attach=(), remove=()) -> Reply:
    """Change a reply's text and files as ``by`` (``attach`` and ``remove`` as for
    ``do_edit_post``); the version before goes to the reply's edit history, newly named
    members hear of it."""
    files = _change_attachments(reply, by=by, attach=attach, remove=remove)
    if body != reply.body or files:
        text_changed = body != reply.body
        reply.edit(body, by=by, files=files)
        if text_changed:
            already = set(reply.mentions.values_list("user_id", flat=True))
            record_mentions(body, post=reply.post, reply=reply, actor=by, already=already)
    Draft.published(by, f"edit-reply:{reply.pk}")
    return reply


@transaction.atomic
def do_delete_reply(*, reply, by, reason="") -> Reply:
    """Delete a reply (it keeps its place: "deleted by ..."); a solution stops being one; a
    moderator's deletion is logged."""
    reply.soft_delete(by=by)
    if by.pk != reply.author_id:
        ModerationLog.record(
            ModerationLog.Action.DELETE, by=by, post=reply.post, reply=reply, reason=reason
        )
    return reply


# --- solutions


@transaction.atomic
def do_mark_solution(*, post, reply, by) -> Post:
    """Mark ``reply`` as the solution of ``post``; the post's author, its followers and the
    reply's author hear of it. Raises SolutionError when it cannot be the solution."""
    post.mark_solution(reply, by=by)
    url = reply.get_absolute_url()
    actor = shown_actor(post, by)
    announce("discussions.solution", actor=actor, target=post, title=post.title, url=url)
    return post


@transaction.atomic
def do_unmark_solution(*, post, by) -> Post:
    """The post is no longer solved; nobody is told."""
    post.unmark_solution(by=by)
    return post


# --- reactions, following, saving, topics


def do_toggle_reaction(*, user, post, kind, reply=None) -> bool:
    """Give the reaction, or take it back when given already; returns whether it is given now.
    Nobody is told."""
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


def _toggle(queryset, **row) -> bool:
    if queryset.exists():
        queryset.delete()
        return False
    queryset.model.objects.get_or_create(**row)
    return True


@transaction.atomic
def do_toggle_follow_post(*, user, post) -> bool:
    """Follow the post (hear of its replies), or stop; returns whether the user follows now."""
    return _toggle(PostFollow.objects.filter(user=user, post=post), user=user, post=post)


@transaction.atomic
def do_toggle_bookmark(*, user, post) -> bool:
    """Save the post for later, or forget it; returns whether it is saved now."""
    return _toggle(Bookmark.objects.filter(user=user, post=post), user=user, post=post)


@transaction.atomic
def do_toggle_follow_tag(*, user, tag) -> bool:
    """Follow a topic (hear of new posts on it), or stop; returns whether the user follows now."""
    return _toggle(TagFollow.objects.filter(user=user, tag=tag), user=user, tag=tag)


# --- drafts


def do_keep_draft(*, user, key, title="", body="", data=None, opened_at=None) -> Draft | None:
    """Save what is being written (see ``Draft.keep``); an empty form removes the draft."""
    return Draft.keep(user, key, title=title, body=body, data=data, opened_at=opened_at)


def do_discard_draft(*, user, key) -> None:
    Draft.discard(user, key)


# --- spreading


@transaction.atomic
def do_set_flag(*, post, flag, value, by, reason="") -> Post:
    """Lock, pin or feature a post (``flag`` "locked", "pinned" or "featured") or undo it, with
    the moderation log row; the community hears of a newly featured post."""
    was = getattr(post, f"is_{flag}")
    if was == value:
        return post
    post.set_flag(flag, value)
    ModerationLog.record(ModerationLog.FLAG_ACTIONS[(flag, value)], by=by, post=post, reason=reason)
    if flag == "featured" and value:
        url = post.get_absolute_url()
        announce("discussions.featured", actor=by, target=post, title=post.title, url=url)
    return post


@transaction.atomic
def do_share_post(*, post, by, community) -> Post:
    """Share one's own good practice into another community one posts in (announced there as
    a new post).

    The copy carries the author's words only (not replies, reactions or reports of the source)
    and points back to the original, which readers open only if they may see its community.
    """
    if community.pk == post.community_id:
        raise DiscussionError(_("The post is already in that community."))
    if Post.objects.alive().filter(shared_from=post, community=community).exists():
        raise DiscussionError(_("You already shared this post in that community."))
    copy = do_create_post(
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
def do_report(*, reporter, post, reply=None, reason, note="") -> Report:
    """Report a post or a reply to the community's facilitators, who hear of it. Raises
    DiscussionError when the reporter has an open report on it already, RateLimited after too
    many reports in a day."""
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
    url = (reply or post).get_absolute_url()
    announce("discussions.report", actor=reporter, target=item, title=post.title, url=url)
    return item


@transaction.atomic
def do_decide_report(*, report, hide, by, reason="") -> bool:
    """Close an open report: ``hide`` hides what was reported (resolved), else it stays
    (dismissed); both logged. False when someone closed it already."""
    if hide and not report.target.hidden_at:
        _hide(report.target, by=by, reason=reason)
    status = Report.Status.RESOLVED if hide else Report.Status.DISMISSED
    if not report.decide(status, by=by):
        return False
    action = ModerationLog.Action.RESOLVE_REPORT if hide else ModerationLog.Action.DISMISS_REPORT
    ModerationLog.record(
        action,
        by=by,
        post=report.post,
        reply=report.reply,
        reason=reason,
        data={"report": report.pk, "reason": report.reason},
    )
    return True


def _hide(item, *, by, reason):
    item.hide(by=by, reason=reason)
    post, reply = (item.post, item) if isinstance(item, Reply) else (item, None)
    ModerationLog.record(ModerationLog.Action.HIDE, by=by, post=post, reply=reply, reason=reason)


@transaction.atomic
def do_hide(*, item, by, reason) -> Post | Reply:
    """Hide a post or a reply with a reason its author sees; logged. Nobody else is told."""
    _hide(item, by=by, reason=reason)
    return item


@transaction.atomic
def do_unhide(*, item, by, reason="") -> Post | Reply:
    """Show a hidden post or reply again; logged."""
    item.unhide()
    post, reply = (item.post, item) if isinstance(item, Reply) else (item, None)
    ModerationLog.record(ModerationLog.Action.UNHIDE, by=by, post=post, reply=reply, reason=reason)
    return item


@transaction.atomic
def do_move_post(*, post, by, community, reason="") -> Post:
    """Move a post (with its replies) into another community; both communities' logs say so."""
    if community.pk == post.community_id:
        raise DiscussionError(_("The post is already in that community."))
    source = post.community
    post.move_to(community)
    ModerationLog.record(
        ModerationLog.Action.MOVE,
        by=by,
        post=post,
        reason=reason,
        community=source,
        data={"from": source.pk, "to": community.pk, "to_name": community.name},
    )
    ModerationLog.record(
        ModerationLog.Action.MOVE,
        by=by,
        post=post,
        reason=reason,
        data={"from": source.pk, "from_name": source.name, "to": community.pk},
    )
    return post


# --- applied in class


@uploads.atomic()
def do_record_application(
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
    """Record that ``member`` applied ``target`` in class ("Saya terapkan di kelas"); whoever
    shared it hears of it. The caller checked ``application.create`` on the target."""
    spec = applying.spec_for(target)
    assert spec is not None, f"{type(target).__name__} cannot be applied in class"
    if isinstance(target, Post):
        reply = target.solution if target.is_solvable else None
    application = ClassroomApplication(
        member=member,
        community=spec.community(target) if spec.community else None,
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


# --- a safe space: members-only posts and anonymous authors


@transaction.atomic
def do_change_discussion_settings(
    *, community, by, members_only_kinds, anonymous_allowed
) -> DiscussionSettings:
    """A facilitator chooses which kinds of new post start as members only and whether members
    may post anonymously (the form shows what is chosen; nothing else is announced)."""
    found = DiscussionSettings.of(community)
    found.members_only_kinds = [k for k in Post.Kind.values if k in set(members_only_kinds)]
    found.anonymous_allowed = bool(anonymous_allowed)
    found.save()
    return found


@transaction.atomic
def do_reveal_author(*, post, by, reason=""):
    """A facilitator (or an operator) looks up who wrote an anonymous post: the look is logged
    in the moderation log (who looked, when, why; never the name) before the name is shown.
    Returns the author."""
    ModerationLog.record(ModerationLog.Action.REVEAL_AUTHOR, by=by, post=post, reason=reason)
    return post.author
