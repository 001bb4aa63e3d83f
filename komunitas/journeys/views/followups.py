"""Answering a value follow-up: "did you try it in class, and what happened for your pupils?"."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.discussions.forms import ApplicationForm
from komunitas.discussions.models import DiscussionError
from komunitas.journeys import actions
from komunitas.journeys.models import FollowUp
from komunitas.lib.request_limits import accepts_uploads
from komunitas.permissions import can, require


def _access(user, pk) -> FollowUp:
    follow_up = get_object_or_404(FollowUp, pk=pk, member=user, status=FollowUp.Status.ASKED)
    return follow_up


@accepts_uploads(documents=False)
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    item = _access(request.user, pk)
    target = item.target
    if not item.is_open or target is None or not can(request.user, "followup.answer", item):
        return render(request, "journeys/follow_up.html", {"item": item, "target": target})
    data = request.POST if request.method == "POST" else None
    phases = request.user.phases.all()[:1]
    form = ApplicationForm(data, request.FILES or None, initial={"phase": next(iter(phases), None)})
    if form.is_valid():
        require(request.user, "application.create", target)
        try:
            actions.do_answer_follow_up(follow_up=item, by=request.user, **form.cleaned_data)
        except DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you! It is in your practice portfolio."))
            return redirect("journeys:portfolio")
    status = 400 if form.is_bound else 200
    context = {"item": item, "target": target, "form": form}
    return render(request, "journeys/follow_up.html", context, status=status)


@require_POST
def follow_up_dismiss(request, pk):
    item = _access(request.user, pk)
    if item.is_open:
        actions.do_dismiss_follow_up(follow_up=item)
        messages.info(request, _("All right. Perhaps another time."))
    return redirect("core:home")
