"""Who "@Full Name" names in a text, and the names offered while typing one.

Recording a mention (and telling the member) is an action: ``actions.record_mentions``.
"""

import re

from django.db.models import Case, Q, Value, When

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.permissions import require

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
