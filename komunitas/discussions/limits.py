"""The limits of discussions: how many posts, replies and reports in a while, and how many files
a post or a reply carries. The actions check them; the forms and views show their messages."""

import datetime
import math

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from komunitas.discussions.models import MAX_ATTACHMENTS, DiscussionError, Post, Reply, Report


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


def check_anonymous_rate(author) -> None:
    """Anonymous posts have their own, lower limit per day (an anonymous flood is harder to
    answer for than a named one)."""
    _check_rate(
        Post.objects.filter(author=author, is_anonymous=True),
        limit=settings.DISCUSSIONS_ANONYMOUS_POSTS_PER_DAY,
        window=datetime.timedelta(days=1),
        message=lambda limit, wait: (
            ngettext(
                "You wrote %(limit)d anonymous posts within a day. Please wait %(wait)d minute "
                "before the next one, or post it with your name; your text is kept.",
                "You wrote %(limit)d anonymous posts within a day. Please wait %(wait)d minutes "
                "before the next one, or post it with your name; your text is kept.",
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
