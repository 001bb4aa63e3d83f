"""Sharing a post: its link (a public post) and, for its author, a copy in another community."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komunitas.discussions.access import access_post, communities_for
from komunitas.discussions.actions import do_share_post
from komunitas.discussions.forms import ShareForm
from komunitas.discussions.models import DiscussionError
from komunitas.lib.http import absolute
from komunitas.permissions import can, require


@require_http_methods(["GET", "POST"])
def share(request, pk):
    """Share by link (a public post) and, for its author, into another community."""
    post = access_post(request.user, pk)
    may_link = can(request.user, "post.share_link", post)
    may_share = can(request.user, "post.share", post)
    if not (may_link or may_share):
        require(request.user, "post.share_link", post)
    form = None
    if may_share:
        form = ShareForm(
            request.POST if request.method == "POST" else None,
            communities=communities_for(request.user, "post.create", besides=post.community),
        )
    if request.method == "POST":
        require(request.user, "post.share", post)
        if form.is_valid():
            community = form.cleaned_data["community"]
            require(request.user, "post.create", community)
            try:
                copy = do_share_post(post=post, by=request.user, community=community)
            except DiscussionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Shared. The copy names where it comes from."))
                return redirect(copy)
    link = absolute(post.get_absolute_url())
    context = {"post": post, "form": form, "link": link, "may_link": may_link}
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "discussions/share.html", context, status=status)
