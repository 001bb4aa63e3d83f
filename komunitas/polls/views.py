"""A community's polls: list, create, read with the results, vote, close, delete, and make a
meeting's agenda. Views check with the permission layer, validate with a form and call one
action; a refused vote comes back as the page with the message (status 400), never a 500."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.core.submissions import once_per_submission
from komunitas.meetings.models import Meeting
from komunitas.permissions import can, require
from komunitas.polls import actions
from komunitas.polls.access import access_poll
from komunitas.polls.forms import AgendaForm, PollForm, VoteForm
from komunitas.polls.models import Poll, Vote, Voter
from komunitas.reads.recorder import record_read

PER_PAGE = 20
VOTERS_SHOWN = 500  # names under a named poll's results; the counts are always complete


def poll_list(request, slug):
    community = access_community(request.user, slug)
    closed = request.GET.get("selesai") == "1"
    now = timezone.now()
    polls = (
        Poll.objects.alive()
        .filter(community=community)
        .select_related("author")
        .annotate(
            voter_total=Count("voters"),
            mine=Exists(Voter.objects.filter(poll=OuterRef("pk"), user=request.user.pk)),
        )
        .order_by("-created_at", "-pk")
    )
    open_polls = Poll.objects.open(now)
    polls = polls.exclude(pk__in=open_polls) if closed else polls.filter(pk__in=open_polls)
    page = Paginator(polls, PER_PAGE).get_page(request.GET.get("page"))
    record_read(request.user, community)
    context = {
        "community": community,
        "page": page,
        "closed": closed,
        "can_create": can(request.user, "poll.create", community),
    }
    return render(request, "polls/list.html", context)


@require_http_methods(["GET", "POST"])
@once_per_submission
def poll_create(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "poll.create", community)
    data = request.POST if request.method == "POST" else None
    form = PollForm(data)
    if form.is_valid():
        poll = actions.do_create_poll(
            community=community, author=request.user, **form.poll_fields()
        )
        messages.success(request, _("The poll is open and the members are told."))
        return redirect(poll)
    context = {"community": community, "form": form}
    return render(request, "polls/form.html", context, status=400 if form.is_bound else 200)


def _coming_meetings(community):
    """The community's scheduled meetings of the next three months (a handful)."""
    now = timezone.now()
    return (
        Meeting.objects.alive()
        .filter(community=community, status=Meeting.Status.SCHEDULED)
        .filter(starts_at__lte=now + datetime.timedelta(days=92))
        .upcoming(now)
    )


def _detail(request, poll: Poll, *, vote_form=None, agenda_form=None, status=200):
    user = request.user
    can_do = {
        action: can(user, f"poll.{action}", poll)
        for action in ("vote", "view_results", "view_voters", "close", "delete", "make_agenda")
    }
    options = poll.tally() if can_do["view_results"] else list(poll.options.all())
    mine = poll.choices_of(user)
    if vote_form is None and can_do["vote"]:
        vote_form = VoteForm(poll=poll, options=options, initial={"choice": sorted(mine)})
    if agenda_form is None and can_do["make_agenda"]:
        agenda_form = AgendaForm(meetings=_coming_meetings(poll.community))
    voters = {}
    if can_do["view_voters"]:
        votes = (
            Vote.objects.filter(poll=poll, voter__isnull=False)
            .select_related("voter")
            .order_by("voter__full_name", "pk")[:VOTERS_SHOWN]
        )
        for vote in votes:
            voters.setdefault(vote.option_id, []).append(vote.voter)
        for option in options:
            option.voter_list = voters.get(option.pk, [])
    record_read(user, poll.community)
    context = {
        "poll": poll,
        "community": poll.community,
        "options": options,
        "voter_count": poll.voter_count(),
        "mine": mine,
        "can": can_do,
        "vote_form": vote_form,
        "agenda_form": agenda_form,
        "has_meetings": agenda_form is not None and agenda_form.fields["meeting"].queryset,
        "is_open": poll.is_open(),
    }
    return render(request, "polls/detail.html", context, status=status)


def poll_detail(request, pk):
    return _detail(request, access_poll(request.user, pk))


@require_POST
def poll_vote(request, pk):
    poll = access_poll(request.user, pk)
    if not can(request.user, "poll.vote", poll):
        if poll.is_open():
            require(request.user, "poll.vote", poll)  # not a voter: 403
        messages.error(request, _("This poll is closed: votes can no longer be given or changed."))
        return _detail(request, poll, status=400)
    form = VoteForm(request.POST, poll=poll, options=poll.options.all())
    if form.is_valid():
        try:
            actions.do_vote(poll=poll, user=request.user, option_ids=form.cleaned_data["choice"])
        except actions.VoteRefused as refused:
            messages.error(request, str(refused))
            return _detail(request, poll, status=400)
        messages.success(request, _("Your vote is saved. You can change it until the poll closes."))
        return redirect(poll)
    return _detail(request, poll, vote_form=form, status=400)


@require_POST
def poll_withdraw(request, pk):
    poll = access_poll(request.user, pk)
    if not can(request.user, "poll.vote", poll):
        messages.error(request, _("This poll is closed: votes can no longer be given or changed."))
        return _detail(request, poll, status=400)
    try:
        actions.do_withdraw_vote(poll=poll, user=request.user)
    except actions.VoteRefused as refused:
        messages.error(request, str(refused))
        return _detail(request, poll, status=400)
    messages.success(request, _("Your vote is taken back."))
    return redirect(poll)


@require_POST
def poll_close(request, pk):
    poll = access_poll(request.user, pk)
    if not poll.is_open():
        messages.info(request, _("The poll is already closed."))
        return redirect(poll)
    require(request.user, "poll.close", poll)
    actions.do_close_poll(poll=poll, by=request.user)
    messages.success(request, _("The poll is closed and the members are told the result."))
    return redirect(poll)


@require_http_methods(["GET", "POST"])
def poll_delete(request, pk):
    poll = access_poll(request.user, pk, "poll.delete")
    if request.method == "POST":
        actions.do_delete_poll(poll=poll, by=request.user)
        messages.success(request, _("The poll is deleted."))
        return redirect("polls:list", poll.community.slug)
    return render(request, "polls/delete.html", {"poll": poll, "community": poll.community})


@require_POST
def poll_agenda(request, pk):
    poll = access_poll(request.user, pk, "poll.make_agenda")
    form = AgendaForm(request.POST, meetings=_coming_meetings(poll.community))
    if not form.is_valid():
        return _detail(request, poll, agenda_form=form, status=400)
    try:
        meeting = actions.do_make_agenda(
            poll=poll, meeting=form.cleaned_data["meeting"], by=request.user
        )
    except actions.VoteRefused as refused:
        messages.error(request, str(refused))
        return _detail(request, poll, agenda_form=form, status=400)
    messages.success(request, _("The result is on the meeting's agenda."))
    return redirect(meeting)
