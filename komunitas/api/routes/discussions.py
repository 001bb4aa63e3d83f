"""Posts and replies: lists with the site's filters, reading, writing, solutions, reactions and
"Saya terapkan di kelas" — through discussions' access helpers, rules and actions."""

import datetime
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field as F
from ninja import Query, Router

from komunitas.api.auth import require_write
from komunitas.api.errors import Problem
from komunitas.api.idempotency import once
from komunitas.api.paging import page
from komunitas.api.routes.common import READ_ERRORS, WRITE_ERRORS, Id, Paging, link, person, refused
from komunitas.api.schemas import (
    ApplicationIn,
    ApplicationOut,
    PostEdit,
    PostIn,
    PostOut,
    PostPage,
    ReactionIn,
    ReactionOut,
    ReplyIn,
    ReplyOut,
    ReplyPage,
    SolutionIn,
)
from komunitas.communities.access import access_community
from komunitas.discussions.access import access_post
from komunitas.discussions.actions import (
    do_create_post,
    do_edit_post,
    do_mark_solution,
    do_record_application,
    do_reply,
    do_toggle_reaction,
)
from komunitas.discussions.forms import FeedFilterForm
from komunitas.discussions.limits import RateLimited
from komunitas.discussions.models import DiscussionError, Post, Reply
from komunitas.permissions import require

router = Router()


class PostFilters(Paging):
    """The filters of the community's discussion page, by the same names (``jenis``, ``status``,
    ``topik``, ``mapel``, ``fase``, ``urut``)."""

    jenis: (
        Literal["question", "challenge", "concern", "good_practice", "reflection", "announcement"]
        | None
    ) = F(None, description="kind of post")
    status: Literal["unanswered", "unsolved", "solved", "featured"] | None = None
    topik: str | None = F(None, max_length=50, description="a topic's slug")
    mapel: int | None = F(None, ge=1, le=2**31 - 1, description="a subject's id")
    fase: int | None = F(None, ge=1, le=2**31 - 1, description="a phase's id")
    urut: Literal["help", "activity"] | None = F(
        None, description="order: newest (default), help (needs help first), activity"
    )


def post_out(post) -> dict:
    return {
        "id": post.pk,
        "community": post.community.slug,
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "author": person(post.author),
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "reply_count": post.reply_count,
        "solved": post.solution_id is not None,
        "solution_id": post.solution_id,
        "tags": [tag.slug for tag in post.tags.all()],
        "url": link(post),
    }


def reply_out(reply, post) -> dict:
    return {
        "id": reply.pk,
        "post_id": post.pk,
        "body": reply.body,
        "author": person(reply.author),
        "created_at": reply.created_at,
        "edited_at": reply.edited_at,
        "is_solution": reply.pk == post.solution_id,
    }


def _one_post(pk) -> dict:
    return post_out(Post.objects.for_list().get(pk=pk))


def _rate_limited(error: RateLimited) -> Problem:
    return Problem(429, str(error), retry_after=error.retry_after)


@router.get("communities/{slug}/posts", response={200: PostPage, **READ_ERRORS},
            summary="Posts of a community")  # fmt: skip
def post_list(request, slug: str, filters: Query[PostFilters]):
    """As the community's discussion page lists them, with its filters. Example:
    `GET /api/v1/communities/literasi/posts?jenis=question&status=unsolved`."""
    community = access_community(request.user, slug[:100])
    data = {
        "jenis": filters.jenis or "",
        "status": filters.status or "",
        "topik": filters.topik or "",
        "mapel": filters.mapel or "",
        "fase": filters.fase or "",
        "urut": filters.urut or "",
    }
    form = FeedFilterForm(data)
    posts = Post.objects.visible_to(request.user).listed().filter(community=community)
    posts = form.apply(posts).for_list()
    rows, following = page(request, posts, cursor=filters.cursor, limit=filters.limit)
    return {"items": [post_out(p) for p in rows], "next": following}


@router.get("posts/{pk}", response={200: PostOut, **READ_ERRORS}, summary="One post")
def post_detail(request, pk: Id):
    post = access_post(request.user, pk)
    return _one_post(post.pk)


@router.get("posts/{pk}/replies", response={200: ReplyPage, **READ_ERRORS},
            summary="Replies of a post")  # fmt: skip
def reply_list(request, pk: Id, paging: Query[Paging]):
    """The replies the caller may read, oldest first."""
    post = access_post(request.user, pk)
    replies = Reply.objects.visible_to(request.user).filter(post=post).select_related("author")
    replies = replies.order_by("created_at", "pk")
    rows, following = page(request, replies, cursor=paging.cursor, limit=paging.limit)
    return {"items": [reply_out(r, post) for r in rows], "next": following}


@router.post("communities/{slug}/posts", response={201: PostOut, **WRITE_ERRORS},
             summary="Write a post")  # fmt: skip
def post_create(request, slug: str, data: PostIn):
    """Write a post (as the page *Tulis*); an announcement needs a fasilitator. Accepts an
    `Idempotency-Key`."""
    require_write(request)
    community = access_community(request.user, slug[:100])
    if data.kind not in Post.Kind.values:
        raise Problem(422, errors=[{"field": "body.kind", "message": "unknown kind"}])
    require(request.user, "post.create", community)
    if data.kind == Post.Kind.ANNOUNCEMENT:
        require(request.user, "post.announce", community)

    def create():
        try:
            post = do_create_post(
                author=request.user, community=community, kind=data.kind,
                title=data.title, body=data.body,
            )  # fmt: skip
        except RateLimited as error:
            raise _rate_limited(error) from None
        except DiscussionError as error:
            raise refused(error) from None
        return post.pk, (201, _one_post(post.pk))

    return once(request, create, lambda pk: (201, _one_post(pk)))


@router.patch("posts/{pk}", response={200: PostOut, **WRITE_ERRORS}, summary="Edit a post")
def post_edit(request, pk: Id, data: PostEdit):
    require_write(request)
    post = access_post(request.user, pk, "post.edit")
    do_edit_post(post=post, by=request.user, title=data.title, body=data.body)
    return _one_post(post.pk)


@router.post("posts/{pk}/replies", response={201: ReplyOut, **WRITE_ERRORS},
             summary="Reply")  # fmt: skip
def reply_create(request, pk: Id, data: ReplyIn):
    """Reply to a post. Accepts an `Idempotency-Key`."""
    require_write(request)
    post = access_post(request.user, pk, "post.reply")

    def create():
        try:
            reply = do_reply(post=post, author=request.user, body=data.body)
        except RateLimited as error:
            raise _rate_limited(error) from None
        except DiscussionError as error:
            raise refused(error) from None
        return reply.pk, (201, reply_out(reply, post))

    def replay(reply_pk):
        return 201, reply_out(Reply.objects.select_related("author").get(pk=reply_pk), post)

    return once(request, create, replay)


@router.post("posts/{pk}/solution", response={200: PostOut, **WRITE_ERRORS},
             summary="Mark the solution")  # fmt: skip
def solution(request, pk: Id, data: SolutionIn):
    require_write(request)
    post = access_post(request.user, pk, "post.mark_solution")
    reply = Reply.objects.filter(pk=data.reply_id, post=post).first()
    if reply is None:
        raise Http404
    try:
        do_mark_solution(post=post, reply=reply, by=request.user)
    except DiscussionError as error:
        raise refused(error) from None
    return _one_post(post.pk)


@router.post("posts/{pk}/reactions", response={200: ReactionOut, **WRITE_ERRORS},
             summary="Give or take back a reaction")  # fmt: skip
def react(request, pk: Id, data: ReactionIn):
    require_write(request)
    post = access_post(request.user, pk)
    reply = None
    if data.reply_id:
        reply = Reply.objects.filter(pk=data.reply_id, post=post).first()
        if reply is None:
            raise Http404
        reply.post = post
    require(request.user, "reply.react" if reply else "post.react", reply or post)
    try:
        on = do_toggle_reaction(user=request.user, post=post, reply=reply, kind=data.kind)
    except DiscussionError as error:
        raise refused(error) from None
    return {"kind": data.kind, "on": on}


@router.post("posts/{pk}/applications", response={201: ApplicationOut, **WRITE_ERRORS},
             summary="Saya terapkan di kelas")  # fmt: skip
def apply_in_class(request, pk: Id, data: ApplicationIn):
    """Record that the caller applied this post in class. Accepts an `Idempotency-Key`."""
    require_write(request)
    post = access_post(request.user, pk)
    require(request.user, "application.create", post)

    def out(application):
        return {"id": application.pk, "applied_on": application.applied_on,
                "outcome": application.outcome}  # fmt: skip

    def create():
        from django.core.exceptions import ValidationError

        try:
            applied_on = datetime.date.fromisoformat(data.applied_on)
        except ValueError:
            message = _("Not a date (YYYY-MM-DD).")
            errors = [{"field": "body.applied_on", "message": message}]
            raise Problem(422, message, errors=errors) from None
        try:
            application = do_record_application(
                member=request.user, target=post, applied_on=applied_on,
                class_name=data.class_name, what_happened=data.what_happened,
                outcome=data.outcome,
            )  # fmt: skip
        except ValidationError as error:
            errors = [
                {"field": f"body.{name}", "message": " ".join(str(m) for m in messages)}
                for name, messages in error.message_dict.items()
            ]
            raise Problem(422, errors=errors) from None
        return application.pk, (201, out(application))

    def replay(application_pk):
        from komunitas.discussions.models import ClassroomApplication

        return 201, out(ClassroomApplication.objects.get(pk=application_pk))

    return once(request, create, replay)
