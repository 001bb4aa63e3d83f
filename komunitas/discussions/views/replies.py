"""Replying, quoting, editing, deleting, hiding and reporting replies."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.core.submissions import once_per_submission
from komunitas.discussions.access import access_post, access_reply
from komunitas.discussions.actions import (
    do_delete_reply,
    do_edit_reply,
    do_hide,
    do_keep_draft,
    do_reply,
    do_report,
    do_unhide,
)
from komunitas.discussions.forms import ReasonForm, ReplyEditForm, ReplyForm, ReportForm
from komunitas.discussions.limits import RateLimited
from komunitas.discussions.models import DiscussionError, Draft, Reply
from komunitas.discussions.models.engagement import MAX_ATTACHMENTS
from komunitas.discussions.views.history import show_file_changes
from komunitas.discussions.views.mentions import mention_url
from komunitas.discussions.views.posts import saved, thread_context
from komunitas.lib.http import too_many
from komunitas.lib.request_limits import accepts_uploads


@accepts_uploads(files=MAX_ATTACHMENTS)
@require_POST
@once_per_submission
def reply_create(request, pk):
    post = access_post(request.user, pk, "post.reply")
    form = ReplyForm(
        request.POST, request.FILES or None, mention_url=mention_url(request.user, post.community)
    )
    status, limited = 400, None
    if form.is_valid():
        quoted = Reply.objects.filter(pk=form.cleaned_data["quoted"] or 0, post=post).first()
        try:
            reply = do_reply(
                post=post,
                author=request.user,
                body=form.cleaned_data["body"],
                quoted=quoted,
                attachments=form.cleaned_data["attachments"],
            )
        except DiscussionError as error:
            form.add_error(None, str(error))
            limited = error if isinstance(error, RateLimited) else None
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(reply.get_absolute_url())
    do_keep_draft(user=request.user, key=f"reply:{post.pk}", body=request.POST.get("body", ""))
    context = thread_context(request, post.pk, reply_form=form)
    response = render(request, "discussions/post.html", context, status=status)
    return too_many(response, limited.retry_after) if limited else response


@accepts_uploads(files=MAX_ATTACHMENTS)
@require_http_methods(["GET", "POST"])
def reply_edit(request, pk):
    reply = access_reply(request.user, pk, "reply.edit")
    key = f"edit-reply:{reply.pk}"
    data = request.POST if request.method == "POST" else None
    draft = Draft.find(request.user, key) if data is None else None
    form = ReplyEditForm(
        data,
        request.FILES or None,
        reply=reply,
        initial={"body": draft.body if draft else reply.body},
        mention_url=mention_url(request.user, reply.post.community),
    )
    if form.is_valid() and saved(
        request,
        form,
        do_edit_reply,
        reply=reply,
        by=request.user,
        body=form.cleaned_data["body"],
        attach=form.cleaned_data["attachments"],
        remove=form.removed_ids(),
    ):
        return redirect(reply.get_absolute_url())
    if form.is_bound:
        do_keep_draft(user=request.user, key=key, body=data.get("body", ""))
    context = {"reply": reply, "post": reply.post, "form": form, "draft": draft, "draft_key": key}
    return render(
        request, "discussions/reply_form.html", context, status=400 if form.is_bound else 200
    )


def reply_history(request, pk):
    reply = access_reply(request.user, pk, "reply.view")
    page = Paginator(reply.revisions.select_related("edited_by"), 20).get_page(
        request.GET.get("page")
    )
    show_file_changes(request.user, reply, page.object_list)
    return render(request, "discussions/reply_history.html", {"reply": reply, "page": page})


@require_http_methods(["GET", "POST"])
def reply_delete(request, pk):
    reply = access_reply(request.user, pk, "reply.delete")
    by_moderator = reply.author_id != request.user.pk
    form = ReasonForm(request.POST if request.method == "POST" else None, required=by_moderator)
    if request.method == "POST" and form.is_valid():
        do_delete_reply(reply=reply, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The reply is deleted; the thread shows where it was."))
        return redirect(reply.get_absolute_url())
    return render(
        request,
        "discussions/confirm.html",
        {"reply": reply, "post": reply.post, "form": form, "what": "delete_reply"},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def reply_hide(request, pk):
    """Hide a reply with a reason (or show a hidden one again); logged."""
    reply = access_reply(request.user, pk, "reply.moderate")
    form = ReasonForm(
        request.POST if request.method == "POST" else None, required=not reply.hidden_at
    )
    if request.method == "POST" and form.is_valid():
        if reply.hidden_at:
            do_unhide(item=reply, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The reply is shown again."))
        else:
            do_hide(item=reply, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The reply is hidden. The moderation log keeps why."))
        return redirect(reply.get_absolute_url())
    what = "unhide_reply" if reply.hidden_at else "hide_reply"
    return render(
        request,
        "discussions/confirm.html",
        {"reply": reply, "post": reply.post, "form": form, "what": what},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def reply_report(request, pk):
    reply = access_reply(request.user, pk, "reply.report")
    return _report(request, reply.post, reply)


@require_http_methods(["GET", "POST"])
def post_report(request, pk):
    post = access_post(request.user, pk, "post.report")
    return _report(request, post, None)


def _report(request, post, reply):
    form = ReportForm(request.POST if request.method == "POST" else None)
    status, limited = 400 if form.is_bound else 200, None
    if form.is_valid():
        try:
            do_report(
                reporter=request.user,
                post=post,
                reply=reply,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DiscussionError as error:
            form.add_error(None, str(error))
            limited = error if isinstance(error, RateLimited) else None
        else:
            messages.success(
                request, _("Thank you. The facilitators of the community will look at it.")
            )
            return redirect(reply.get_absolute_url() if reply else post)
    context = {"post": post, "reply": reply, "form": form}
    response = render(request, "discussions/report_form.html", context, status=status)
    return too_many(response, limited.retry_after) if limited else response
