"""Polls in the search: the question, its description and its options (what anyone who may see
the poll reads on its page; never the votes)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.communities.models import Community
from komunitas.polls.models import Option, Poll
from komunitas.search.registry import Document, register


def poll_document(poll: Poll) -> Document | None:
    if poll.deleted_at or poll.community.deleted_at:
        return None
    options = " · ".join(option.text for option in poll.options.all())
    return Document(
        title=poll.question,
        body=f"{poll.description} {options}".strip(),
        url=poll.get_absolute_url(),
        created_at=poll.created_at,
        community=poll.community,
        author=poll.author,
        kind="closed" if poll.ended_at else "open",
    )


register(
    "polls.poll",
    model=Poll,
    label=_("Polls"),
    document=poll_document,
    visible_to=lambda user: Poll.objects.visible_to(user),
    kinds=[("open", pgettext_lazy("poll", "Open")), ("closed", pgettext_lazy("poll", "Closed"))],
    queryset=lambda: Poll.objects.select_related("community", "author").prefetch_related("options"),
    related={
        Community: lambda community: community.polls.all(),
        Option: lambda option: Poll.objects.filter(pk=option.poll_id),
    },
)
