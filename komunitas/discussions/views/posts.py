"""Reading a post and its thread; writing, editing and deleting posts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.core.submissions import once_per_submission
from komunitas.discussions.access import access_post, log_members_only_access
from komunitas.discussions.actions import (
    do_create_post,
    do_delete_post,
    do_edit_post,
    do_keep_draft,
    do_toggle_bookmark,
    do_toggle_follow_post,
)
from komunitas.discussions.forms import PostForm, ReplyForm
from komunitas.discussions.limits import RateLimited
from komunitas.discussions.models import (
    Attachment,
    Bookmark,
    ClassroomApplication,
    DiscussionError,
    DiscussionSettings,
    Draft,
    Post,
    PostFollow,
    Reaction,
)
from komunitas.discussions.models.engagement import MAX_ATTACHMENTS
from komunitas.discussions.rules import ANONYMOUS_KINDS, reply_permissions
from komunitas.discussions.views.history import show_file_changes
from komunitas.discussions.views.mentions import mention_url
from komunitas.lib.http import parse_id, too_many
from komunitas.lib.request_limits import accepts_uploads
from komunitas.lib.uploads import serve_file
from komunitas.permissions import can, require
from komunitas.reads.recorder import record_read

REPLIES_PER_PAGE = 50
POST_ACTIONS = [
    "edit",
    "delete",
    "reply",
    "react",
    "mark_solution",
    "moderate",
    "feature",
    "move",
    "share",
    "share_link",
    "report",
    "follow",
    "apply",
    "reveal_author",
]


def _reaction_counts(post, user):
    """``{reply_id or None: {kind: (count, mine)}}`` for the post and all its replies, in one
    query."""
    rows = (
        Reaction.objects.filter(post=post)
        .values("reply_id", "kind")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(user=user)))
    )
    counts: dict = {}
    for row in rows:
        counts.setdefault(row["reply_id"], {})[row["kind"]] = (row["n"], bool(row["mine"]))
    return counts


def _reactions(counts: dict) -> list[dict]:
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, (0, False))[0],
         "mine": counts.get(kind, (0, False))[1]}
        for kind, label in Reaction.Kind.choices
    ]  # fmt: skip


REPLY_LINKS = ("reply_edit", "reply_delete", "reply_hide", "reply_report", "reply_history")


def _link_formats() -> dict[str, str]:
    """``{name: "/diskusi/balasan/{}/ubah/"}``: each per-reply link reversed once per page (with
    a stand-in id), so a thread of 50 replies does not reverse 300 URLs."""
    stand_in = 2147483647
    names = {"profile": "accounts:profile", **{name: f"discussions:{name}" for name in REPLY_LINKS}}
    return {
        key: reverse(name, args=[stand_in]).replace(str(stand_in), "{}")
        for key, name in names.items()
    }


def _annotate_replies(replies, post, user, reactions):
    """Give each reply its post (no query), its reactions, its attachments' links, and what the
    user may do with it: ``reply_permissions`` asks what is the same for every reply once."""
    allowed = reply_permissions(user, post, replies)
    may_solve = can(user, "post.mark_solution", post)
    links = _link_formats()
    for reply in replies:
        reply.post = post
        reply.reaction_list = _reactions(reactions.get(reply.pk, {}))
        reply.may = allowed[reply.pk]
        shown = not reply.deleted_at and not reply.hidden_at
        reply.may["solve"] = may_solve and shown and reply.pk != post.solution_id
        reply.links = {name: links[name].format(reply.pk) for name in REPLY_LINKS}
        # The author of an anonymous post stays "a member" in their own thread's replies: no
        # name, no link to their profile (whose address holds their id).
        reply.by_anonymous_author = post.is_anonymous and reply.author_id == post.author_id
        reply.author_link = (
            "" if reply.by_anonymous_author else links["profile"].format(reply.author_id)
        )


def _attach(post, replies):
    """Give the post and the shown replies their current attachments (``shown_attachments``),
    in one query; removed files are left out."""
    found: dict = {None: [], **{reply.pk: [] for reply in replies}}
    for attachment in (
        Attachment.objects.current()
        .filter(post=post)
        .filter(Q(reply=None) | Q(reply__in=[reply.pk for reply in replies]))
        .order_by("pk")
    ):
        found[attachment.reply_id].append(attachment)
    post.shown_attachments = found[None]
    for reply in replies:
        reply.shown_attachments = found[reply.pk]


def _one(queryset):
    """The first row of an unordered lookup by key, or None: no ORDER BY compiled or run."""
    return next(iter(queryset.order_by()[:1]), None)


def thread_context(request, pk, *, reply_form=None):
    """Everything the post page shows, if the user may read it (Http404 otherwise); the number
    of queries does not grow with the replies. The solution and the post it was shared from are
    read only when there is one (most posts have neither)."""
    user = request.user
    post = _one(
        Post.objects.filter(pk=pk)
        .select_related("community", "author", "solved_by")
        .prefetch_related("tags", "subjects", "phases")
        .annotate(
            following=Exists(PostFollow.objects.filter(post=OuterRef("pk"), user=user)),
            bookmarked=Exists(Bookmark.objects.filter(post=OuterRef("pk"), user=user)),
        )
    )
    if post is None or not can(user, "post.view", post):
        raise Http404
    replies = post.replies.in_thread().select_related("hidden_by")
    solution = None
    if post.solution_id:
        solution = _one(replies.filter(pk=post.solution_id))
        replies = replies.exclude(pk=post.solution_id)
    page = Paginator(replies, REPLIES_PER_PAGE).get_page(request.GET.get("page"))
    reactions = _reaction_counts(post, user)
    shown = [*([solution] if solution else []), *page.object_list]
    for reply in shown:
        reply.is_solution = reply is solution
    _attach(post, shown)
    _annotate_replies(shown, post, user, reactions)
    may = {action: can(user, f"post.{action}", post) for action in POST_ACTIONS}
    if reply_form is None and may["reply"]:
        draft = Draft.find(user, f"reply:{post.pk}")
        quoted = request.GET.get("kutip", "")
        reply_form = ReplyForm(
            initial={
                "body": draft.body if draft else "",
                "quoted": parse_id(quoted),
            },
            mention_url=mention_url(user, post.community),
        )
        reply_form.draft = draft
    shared_from = None
    if post.shared_from_id:
        shared_from = _one(Post.objects.filter(pk=post.shared_from_id).select_related("community"))
        if shared_from and not can(user, "post.view", shared_from):
            shared_from = None  # the source's community is private to this reader
    applications = ClassroomApplication.objects.for_target(post)
    return {
        "post": post,
        "community": post.community,
        "page": page,
        "solution": solution,
        "replies": shown,
        "post_reactions": _reactions(reactions.get(None, {})),
        "may": may,
        "reply_form": reply_form,
        "shared_from": shared_from,
        "applied": ClassroomApplication.objects.summary_for([post])[post.pk],
        "applications": applications[:5],
        "quoting": _quoted_reply(post, reply_form),
        "role": post.community.role_of(user),
        "csrf_field": csrf_input(request),  # once, for the forms of every reply
    }


def _quoted_reply(post, form):
    if form is None:
        return None
    pk = parse_id(str(form["quoted"].value() or ""))
    if not pk:
        return None
    quotable = post.replies.filter(pk=pk, deleted_at=None, hidden_at=None)
    return _one(quotable.select_related("author"))


def post_detail(request, pk):
    context = thread_context(request, pk)
    log_members_only_access(request.user, context["post"])
    record_read(request.user, context["community"])
    return render(request, "discussions/post.html", context)


# --- writing


def _draft_key_new(community, kind):
    return f"post:{community.pk}:{kind}"


@accepts_uploads(files=MAX_ATTACHMENTS)
@require_http_methods(["GET", "POST"])
@once_per_submission
def post_create(request, slug, kind):
    community = access_community(request.user, slug)
    if kind not in Post.Kind.values:
        raise Http404
    require(request.user, "post.create", community)
    if kind == Post.Kind.ANNOUNCEMENT:
        require(request.user, "post.announce", community)
    key = _draft_key_new(community, kind)
    data = request.POST if request.method == "POST" else None
    draft = Draft.find(request.user, key) if data is None else None
    initial = {"title": draft.title, "body": draft.body, **draft.data} if draft else None
    form = PostForm(
        data,
        request.FILES or None,
        kind=kind,
        initial=initial,
        community=community,
        author=request.user,
        mention_url=mention_url(request.user, community),
    )
    if kind != Post.Kind.ANNOUNCEMENT:
        form.offer_safe_space(
            members_only=DiscussionSettings.of(community).starts_members_only(kind),
            anonymous=kind in ANONYMOUS_KINDS
            and can(request.user, "post.create_anonymous", community),
        )
    status, limited = 200, None
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                post = do_create_post(
                    **form.safe_space(),
                    author=request.user,
                    community=community,
                    kind=kind,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    tags=form.cleaned_data["tags"],
                    subjects=form.cleaned_data.get("subjects", []),
                    phases=form.cleaned_data.get("phases", []),
                    sections=form.sections(),
                    attachments=form.cleaned_data["attachments"],
                    draft_key=key,
                )
            except DiscussionError as error:
                form.add_error(None, str(error))
                limited = error if isinstance(error, RateLimited) else None
            else:
                messages.success(request, _("Your post is published."))
                return redirect(post)
        # Whatever went wrong, the text is kept on the server as well as in the form.
        do_keep_draft(
            user=request.user, key=key, title=data.get("title", ""), body=data.get("body", ""),
            data=form.draft_data(),
        )  # fmt: skip
    context = {
        "form": form,
        "community": community,
        "kind": kind,
        "kind_label": Post.Kind(kind).label,
        "draft": draft,
        "draft_key": key,
    }
    response = render(request, "discussions/post_form.html", context, status=status)
    return too_many(response, limited.retry_after) if limited else response


@accepts_uploads(files=MAX_ATTACHMENTS)
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = access_post(request.user, pk, "post.edit")
    key = f"edit-post:{post.pk}"
    data = request.POST if request.method == "POST" else None
    draft = Draft.find(request.user, key) if data is None else None
    initial = PostForm.initial_for(post)
    if draft:
        initial.update({"title": draft.title, "body": draft.body, **draft.data})
    form = PostForm(
        data,
        request.FILES or None,
        kind=post.kind,
        initial=initial,
        post=post,
        community=post.community,
        author=post.author,
        mention_url=mention_url(request.user, post.community),
    )
    if form.is_valid() and saved(
        request,
        form,
        do_edit_post,
        post=post,
        by=request.user,
        title=form.cleaned_data["title"],
        body=form.cleaned_data["body"],
        sections=form.sections(),
        tags=form.cleaned_data["tags"],
        subjects=form.cleaned_data.get("subjects"),
        phases=form.cleaned_data.get("phases"),
        attach=form.cleaned_data["attachments"],
        remove=form.removed_ids(),
    ):
        return redirect(post)
    if form.is_bound:
        do_keep_draft(
            user=request.user, key=key, title=data.get("title", ""), body=data.get("body", ""),
            data=form.draft_data(),
        )  # fmt: skip
    return render(
        request,
        "discussions/post_form.html",
        {"form": form, "community": post.community, "kind": post.kind, "post": post,
         "kind_label": post.get_kind_display(), "draft": draft, "draft_key": key},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


def saved(request, form, edit, **changes) -> bool:
    """Run an edit action (``do_edit_post``, ``do_edit_reply``) on a valid form: True when
    saved, else its refusal (the limit of files, a file not the item's) is on the form."""
    try:
        edit(**changes)
    except DiscussionError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("Your changes are saved."))
    return True


def post_history(request, pk):
    post = access_post(request.user, pk)
    revisions = post.revisions.select_related("edited_by")
    page = Paginator(revisions, 20).get_page(request.GET.get("page"))
    show_file_changes(request.user, post, page.object_list)
    return render(request, "discussions/post_history.html", {"post": post, "page": page})


@require_http_methods(["GET", "POST"])
def post_delete(request, pk):
    from komunitas.discussions.forms import ReasonForm

    post = access_post(request.user, pk, "post.delete")
    by_moderator = post.author_id != request.user.pk
    form = ReasonForm(request.POST if request.method == "POST" else None, required=by_moderator)
    if request.method == "POST" and form.is_valid():
        do_delete_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The post is deleted."))
        return redirect("discussions:community", post.community.slug)
    return render(
        request,
        "discussions/confirm.html",
        {"post": post, "form": form, "what": "delete_post"},
        status=400 if form.is_bound else 200,
    )


def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("post__community", "reply"), pk=pk)
    if item.purged_at or not can(request.user, "attachment.view", item):
        raise Http404  # a purged file is gone from the storage
    return serve_file(item.file, item.name, item.content_type or None,
                      inline=item.kind == Attachment.Kind.IMAGE)  # fmt: skip


# --- small actions on a post


@require_POST
def post_follow(request, pk):
    post = access_post(request.user, pk, "post.follow")
    if do_toggle_follow_post(user=request.user, post=post):
        messages.success(request, _("You follow this post: you hear of new replies."))
    else:
        messages.success(request, _("You no longer follow this post."))
    return redirect(post)


@require_POST
def post_bookmark(request, pk):
    post = access_post(request.user, pk, "post.follow")
    if do_toggle_bookmark(user=request.user, post=post):
        messages.success(request, _("Saved. Find it under Saved posts."))
    else:
        messages.success(request, _("Removed from your saved posts."))
    return redirect(post)
