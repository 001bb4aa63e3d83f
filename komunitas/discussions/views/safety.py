"""A safe space: a facilitator looks up who wrote an anonymous post (logged), and sets which
kinds of post start as members only and whether anonymous posts are allowed."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.discussions.actions import do_change_discussion_settings, do_reveal_author
from komunitas.discussions.forms import DiscussionSettingsForm
from komunitas.discussions.models import DiscussionSettings
from komunitas.discussions.views.posts import thread_context
from komunitas.permissions import require


@require_POST
def reveal_author(request, pk):
    """The thread page again, naming the anonymous author to this facilitator only, after the
    look is written in the moderation log. A POST, so no link or prefetch reveals a name."""
    context = thread_context(request, pk)
    post = context["post"]
    require(request.user, "post.reveal_author", post)
    context["revealed_author"] = do_reveal_author(post=post, by=request.user)
    response = render(request, "discussions/post.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def discussion_settings(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "discussions.settings", community)
    current = DiscussionSettings.of(community)
    data = request.POST if request.method == "POST" else None
    form = DiscussionSettingsForm(
        data,
        initial={
            "members_only_kinds": current.members_only_kinds,
            "anonymous_allowed": current.anonymous_allowed,
        },
    )
    if form.is_valid():
        do_change_discussion_settings(
            community=community,
            by=request.user,
            members_only_kinds=form.cleaned_data["members_only_kinds"],
            anonymous_allowed=form.cleaned_data["anonymous_allowed"],
        )
        messages.success(request, _("Saved. New posts follow these choices."))
        return redirect("discussions:settings", community.slug)
    return render(
        request,
        "discussions/settings.html",
        {"form": form, "community": community},
        status=400 if form.is_bound else 200,
    )
