"""Requests for support: the community's list and figures, asking, answering, following up.

Each view checks the permission layer (``rules.py``), validates a form and calls one ``do_*``
of ``actions.py``; a step the request's state no longer allows comes back as a message.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.partnerships import actions
from komunitas.partnerships.forms import AnswerForm, CloseForm, RequestForm, WithdrawForm
from komunitas.partnerships.models import RequestError, SupportRequest
from komunitas.partnerships.rules import visible_requests
from komunitas.partnerships.stats import figures
from komunitas.permissions import can, require

PER_PAGE = 20


def _requests():
    return SupportRequest.objects.select_related(
        "community", "partner", "stakeholder", "requested_by", "meeting", "post"
    )


def access_request(user, pk: int) -> SupportRequest:
    """The request if the user may see it; 404 otherwise, so no one learns it exists."""
    request = _requests().filter(pk=pk, community__deleted_at__isnull=True).first()
    if request is None or not can(user, "partnerships.view", request):
        raise Http404
    return request


def community_requests(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "partnerships.view_list", community)
    requests = visible_requests(community.support_requests.all(), request.user)
    page = Paginator(
        requests.select_related("partner", "stakeholder").order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    for item in page:
        item.community = community
    context = {
        "community": community,
        "page": page,
        "figures": figures(community.support_requests.all()),
        "can_create": can(request.user, "partnerships.create", community),
    }
    return render(request, "partnerships/community.html", context)


@require_http_methods(["GET", "POST"])
def request_create(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "partnerships.create", community)
    data = request.POST if request.method == "POST" else None
    form = RequestForm(data, community=community, user=request.user)
    if form.is_valid():
        try:
            created = actions.do_create_request(
                community=community, by=request.user, **form.cleaned_data
            )
        except RequestError as error:
            form.add_error(None, str(error))
        else:
            if created.status == SupportRequest.Status.SENT:
                messages.success(request, _("The request is sent to the partner."))
            else:
                messages.success(request, _("The request waits for a fasilitator to send it."))
            return redirect(created)
    status = 400 if form.is_bound else 200
    context = {"community": community, "form": form}
    return render(request, "partnerships/request_form.html", context, status=status)


def request_detail(request, pk, *, forms=None, status=200):
    support = access_request(request.user, pk)
    user = request.user
    forms = forms or {}
    context = {
        "support": support,
        "community": support.community,
        "steps": support.steps.select_related("actor"),
        "show_plan": support.plan_id and can(user, "plan.view", support.plan),
        "can_answer": can(user, "partnerships.answer", support),
        "can_manage": can(user, "partnerships.manage", support),
        "answer_form": forms.get("answer") or AnswerForm(),
        "close_form": forms.get("close") or CloseForm(),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(),
    }
    return render(request, "partnerships/detail.html", context, status=status)


def _step(request, pk, *, permission, form_class, name, run, done_message):
    support = access_request(request.user, pk)
    require(request.user, permission, support)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return request_detail(request, pk, forms={name: form}, status=400)
    try:
        run(support, form.cleaned_data if form is not None else {})
    except RequestError as error:
        messages.error(request, str(error))
        return redirect(support)
    messages.success(request, done_message)
    return redirect(support)


@require_POST
def request_answer(request, pk):
    def run(support, data):
        actions.do_answer_request(request=support, by=request.user, **data)

    return _step(
        request,
        pk,
        permission="partnerships.answer",
        form_class=AnswerForm,
        name="answer",
        run=run,
        done_message=_("Your answer is sent to the community."),
    )


@require_POST
def request_approve(request, pk):
    return _step(
        request,
        pk,
        permission="partnerships.manage",
        form_class=None,
        name="",
        run=lambda support, data: actions.do_approve_request(request=support, by=request.user),
        done_message=_("The request is sent to the partner."),
    )


@require_POST
def request_accept_counter(request, pk):
    return _step(
        request,
        pk,
        permission="partnerships.manage",
        form_class=None,
        name="",
        run=lambda support, data: actions.do_accept_counter(request=support, by=request.user),
        done_message=_("The partner's proposal is accepted."),
    )


@require_POST
def request_withdraw(request, pk):
    return _step(
        request,
        pk,
        permission="partnerships.manage",
        form_class=WithdrawForm,
        name="withdraw",
        run=lambda support, data: actions.do_withdraw_request(
            request=support, by=request.user, note=data["note"]
        ),
        done_message=_("The request is withdrawn."),
    )


@require_POST
def request_close(request, pk):
    return _step(
        request,
        pk,
        permission="partnerships.manage",
        form_class=CloseForm,
        name="close",
        run=lambda support, data: actions.do_close_request(
            request=support, by=request.user, done=data["done"] == "yes", note=data["note"]
        ),
        done_message=_("The outcome is recorded."),
    )


def my_requests(request):
    """The requests addressed to me as a partner, and those I asked for."""
    user = request.user
    requests = visible_requests(_requests(), user).filter(
        Q(partner=user) | Q(partner__isnull=True, email__iexact=user.email) | Q(requested_by=user)
    )
    page = Paginator(requests.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "partnerships/mine.html", {"page": page})
