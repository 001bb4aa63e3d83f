"""Reacting to a post or a reply, and marking the reply that solved a post."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komunitas.discussions.access import access_post
from komunitas.discussions.actions import do_mark_solution, do_toggle_reaction, do_unmark_solution
from komunitas.discussions.forms import ReactionForm
from komunitas.discussions.models import DiscussionError, Reply
from komunitas.discussions.views.posts import _reaction_counts, _reactions
from komunitas.lib.http import is_htmx, parse_id
from komunitas.permissions import require


@require_POST
def react(request, pk):
    """Give or take back a reaction; an htmx request gets the reaction bar back."""
    post = access_post(request.user, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    reply = None
    if form.cleaned_data["reply"]:
        reply = Reply.objects.filter(pk=form.cleaned_data["reply"], post=post).first()
        if reply is None:
            raise Http404
        reply.post = post
    require(request.user, "reply.react" if reply else "post.react", reply or post)
    try:
        do_toggle_reaction(
            user=request.user, post=post, reply=reply, kind=form.cleaned_data["kind"]
        )
    except DiscussionError:
        return render(request, "400.html", status=400)
    if is_htmx(request):
        counts = _reaction_counts(post, request.user).get(reply.pk if reply else None, {})
        context = {"post": post, "reply": reply, "reactions": _reactions(counts), "may_react": True}
        return render(request, "discussions/includes/reactions.html", context)
    return redirect(reply.get_absolute_url() if reply else post)


@require_POST
def solution(request, pk):
    post = access_post(request.user, pk, "post.mark_solution")
    reply_id = request.POST.get("reply", "")
    if request.POST.get("unmark"):
        do_unmark_solution(post=post, by=request.user)
        messages.success(request, _("The post is no longer marked as solved."))
        return redirect(post)
    reply = Reply.objects.filter(pk=parse_id(reply_id) or 0, post=post).first()
    if reply is None:
        raise Http404
    try:
        do_mark_solution(post=post, reply=reply, by=request.user)
    except DiscussionError as error:
        messages.error(request, str(error))
        return redirect(post)
    messages.success(request, _("Marked as the solution. It now shows first."))
    return redirect(post)
