"""Members to mention: the suggestions the post and reply forms show after "@"."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from komunitas.communities.access import access_community
from komunitas.discussions.mentions import MENTION_QUERY_MAX, suggest_mentions
from komunitas.permissions import can, require


@require_GET
def mention_suggestions(request, slug):
    """An HTML fragment of up to eight ``role="option"`` items for ``?q=`` (the letters typed
    after "@"), read by static/discussions/mentions.js. Four queries whatever the community's
    size; the browser keeps an answer for a minute, so typing back and forth asks nothing new.

    A private community is 404 to an outsider; a public one 403 to whoever may not write in it.
    """
    community = access_community(request.user, slug)
    require(request.user, "discussions.mention", community)
    # A NUL byte would be refused by PostgreSQL (a 500): it can be in no name, so it goes.
    query = request.GET.get("q", "").replace("\x00", "")[:MENTION_QUERY_MAX]
    rows = suggest_mentions(community, query, writer=request.user)
    response = render(
        request, "discussions/includes/mention_options.html", {"rows": rows, "query": query}
    )
    patch_cache_control(response, private=True, max_age=60)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def mention_url(user, community) -> str:
    """The address of the suggestions for ``community``, or "" when the user may not mention
    there (the form then stays a plain textarea)."""
    if not can(user, "discussions.mention", community):
        return ""
    return reverse("discussions:mentions", args=[community.slug])
