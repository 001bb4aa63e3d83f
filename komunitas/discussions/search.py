"""Discussions in the search: posts and replies (docs/search.md), registered when the app is
ready. Who may find what is discussions' own rule (``Post.objects.visible_to``)."""

from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from komunitas.discussions.models import Post, Reply
from komunitas.lib.markdown import plain_text
from komunitas.search.registry import Document, register


def _post_tags(post: Post) -> list[str]:
    """Topics, subjects and phases: each can be clicked to narrow a search."""
    with translation.override("id"):  # the index is one language; tags are shown as stored
        return [
            *(tag.name for tag in post.tags.all()),
            *(subject.name_id for subject in post.subjects.all()),
            *(str(phase) for phase in post.phases.all()),
        ]


def post_document(post: Post) -> Document | None:
    if post.deleted_at or post.hidden_at:
        return None
    texts = [post.body, *(text for _label, text in post.sections())]
    return Document(
        title=post.title,
        body="\n".join(plain_text(text) for text in texts if text),
        url=post.get_absolute_url(),
        created_at=post.created_at,
        community=post.community_id,
        author=None if post.is_anonymous else post.author_id,
        kind=post.kind,
        tags=_post_tags(post),
        solved=post.is_solved if post.is_solvable else None,
    )


def reply_document(reply: Reply) -> Document | None:
    post = reply.post
    if reply.deleted_at or reply.hidden_at or post.deleted_at or post.hidden_at:
        return None
    return Document(
        title="",  # found by its own words; the post's title is only shown
        context=post.title,
        body=plain_text(reply.body),
        url=reply.get_absolute_url(),
        created_at=reply.created_at,
        community=post.community_id,
        # The anonymous author's own replies in their thread stay anonymous too.
        author=None if post.is_anonymous and reply.author_id == post.author_id else reply.author_id,
        solved=True if post.solution_id == reply.pk else None,  # the reply that solved it
    )


def visible_replies(user):
    """Replies in posts the user may read, neither deleted nor hidden.

    The post is checked row by row (EXISTS), not as a list of every post the user may read,
    which would be built in full for each search.
    """
    readable = Post.objects.visible_to(user).filter(pk=OuterRef("post_id"))
    return Reply.objects.filter(Exists(readable), deleted_at__isnull=True, hidden_at__isnull=True)


register(
    "discussions.post",
    model=Post,
    label=_("Discussions"),
    document=post_document,
    visible_to=lambda user: Post.objects.visible_to(user),
    kinds=Post.Kind.choices,
    queryset=lambda: Post.objects.prefetch_related("tags", "subjects", "phases"),
    # Deleting the reply that solved a post unsolves the post with QuerySet.update(), which sends
    # no signal: so a saved reply re-indexes its post.
    related={Reply: lambda reply: Post.objects.filter(pk=reply.post_id)},
)
register(
    "discussions.reply",
    model=Reply,
    label=_("Replies"),
    document=reply_document,
    visible_to=visible_replies,
    queryset=lambda: Reply.objects.select_related("post"),
    # A post moved, hidden, deleted, solved or retitled re-indexes its replies.
    related={Post: lambda post: post.replies.all()},
    solved_label=_("solution"),
)
