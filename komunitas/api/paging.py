"""Cursor pagination: a list answers ``{"items": [...], "next": url or null}``; ``next`` carries
an opaque, signed ``cursor`` (where the next page starts) and the same filters."""

from django.core import signing
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from komunitas.api.errors import Problem

SALT = "komunitas.api.cursor"
MAX_LIMIT = 50
DEFAULT_LIMIT = 20


def _start(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        start = signing.loads(cursor, salt=SALT)["s"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Problem(400, _("This cursor is not valid; start again without it.")) from None
    if not isinstance(start, int) or start < 0:
        raise Problem(400, _("This cursor is not valid; start again without it."))
    return start


def page(request, queryset, *, cursor: str | None, limit: int | None):
    """One page of ``queryset`` (already ordered) and the link to the next, or None."""
    limit = limit or DEFAULT_LIMIT
    start = _start(cursor)
    rows = list(queryset[start : start + limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        query = {k: v for k, v in request.GET.items() if k != "cursor"}
        query["cursor"] = signing.dumps({"s": start + limit}, salt=SALT)
        following = request.build_absolute_uri(request.path) + "?" + urlencode(query)
    return rows, following
