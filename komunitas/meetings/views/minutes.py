"""Minutes (notulen), action items (tindak lanjut), documentation photos and feedback."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.models import Community
from komunitas.lib.http import safe_next
from komunitas.lib.request_limits import accepts_uploads
from komunitas.lib.uploads import ImageField, serve_file
from komunitas.meetings import actions, services
from komunitas.meetings.access import access_meeting
from komunitas.meetings.forms import (
    ActionItemForm,
    ActionStatusForm,
    FeedbackForm,
    MinutesForm,
)
from komunitas.meetings.models import ActionItem, Feedback
from komunitas.permissions import can

PER_PAGE = 30


class PhotoForm(forms.Form):
    image = ImageField(label=gettext_lazy("photo"))
    caption = forms.CharField(label=gettext_lazy("caption"), max_length=300, required=False)


def _minutes_context(meeting, **extra):
    return {
        "meeting": meeting,
        "community": meeting.community,
        "items": meeting.action_items.filter(deleted_at__isnull=True)
        .select_related("owner")
        .order_by("due_date", "pk"),
        "photos": meeting.photos.filter(deleted_at__isnull=True),
        "statuses": ActionItem.Status.choices,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    data = request.POST if request.method == "POST" else None
    form = MinutesForm(data, instance=meeting)
    if form.is_valid():
        form.save()
        messages.success(request, _("The minutes are saved."))
        return redirect("meetings:minutes", meeting.pk)
    context = _minutes_context(
        meeting,
        form=form,
        item_form=ActionItemForm(community=meeting.community),
        photo_form=PhotoForm(),
    )
    return render(request, "meetings/minutes.html", context, status=400 if form.is_bound else 200)


@require_POST
def minutes_publish(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    if not (meeting.notes.strip() or meeting.agreements.strip()):
        messages.error(request, _("Write the notes or the agreements before publishing."))
        return redirect("meetings:minutes", meeting.pk)
    services.publish_minutes(meeting=meeting, by=request.user)
    messages.success(request, _("The minutes are published for the members and partners."))
    return redirect(meeting)


@require_POST
def action_item_add(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    form = ActionItemForm(request.POST, community=meeting.community)
    if form.is_valid():
        item = form.save(commit=False)
        item.meeting, item.created_by = meeting, request.user
        item.save()
        messages.success(request, _("The action item is added."))
        return redirect("meetings:minutes", meeting.pk)
    context = _minutes_context(
        meeting, form=MinutesForm(instance=meeting), item_form=form, photo_form=PhotoForm()
    )
    return render(request, "meetings/minutes.html", context, status=400)


def _access_item(user, pk) -> ActionItem:
    item = get_object_or_404(ActionItem.objects.select_related("meeting"), pk=pk)
    item.meeting = access_meeting(user, item.meeting_id)
    if not can(user, "action_item.update", item):
        raise PermissionDenied
    return item


def _back(request, fallback):
    return redirect(safe_next(request) or fallback)


@require_POST
def action_item_status(request, pk):
    item = _access_item(request.user, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        item.set_status(form.cleaned_data["status"])
        messages.success(request, _("The action item is updated."))
    else:
        messages.error(request, _("Choose a status."))
    return _back(request, item.meeting)


@require_POST
def action_item_delete(request, pk):
    item = _access_item(request.user, pk)
    if not can(request.user, "meeting.manage", item.meeting):
        raise PermissionDenied
    item.soft_delete()
    messages.success(request, _("The action item is removed."))
    return redirect("meetings:minutes", item.meeting_id)


@accepts_uploads(documents=False)
@require_POST
def photo_add(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        actions.do_add_photo(
            meeting=meeting,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        )
        messages.success(request, _("The photo is added."))
        return redirect("meetings:minutes", meeting.pk)
    context = _minutes_context(
        meeting,
        form=MinutesForm(instance=meeting),
        item_form=ActionItemForm(community=meeting.community),
        photo_form=form,
    )
    return render(request, "meetings/minutes.html", context, status=400)


def photo_file(request, pk, photo):
    meeting = access_meeting(request.user, pk, "meeting.view_minutes")
    picture = meeting.photos.filter(pk=photo, deleted_at__isnull=True).first()
    if picture is None:
        raise Http404
    return serve_file(picture.image, inline=True)


@require_POST
def photo_delete(request, pk, photo):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    picture = get_object_or_404(meeting.photos, pk=photo, deleted_at__isnull=True)
    picture.soft_delete()
    messages.success(request, _("The photo is removed."))
    return redirect("meetings:minutes", meeting.pk)


@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.give_feedback")
    mine = Feedback.objects.filter(meeting=meeting, member=request.user).first()
    data = request.POST if request.method == "POST" else None
    form = FeedbackForm(
        data,
        instance=mine or Feedback(meeting=meeting, member=request.user),
        initial=None if mine else {"form": Feedback.Form.STB},
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Thank you for your feedback."))
        return redirect(meeting)
    context = {"meeting": meeting, "community": meeting.community, "form": form}
    return render(request, "meetings/feedback.html", context, status=400 if form.is_bound else 200)


def feedback_summary(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.view_feedback")
    entries = meeting.feedback.select_related("member")
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "summary": entries.summary(),
        "page": Paginator(entries, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "meetings/feedback_summary.html", context)


def my_action_items(request):
    """All the member's action items from published minutes, open ones first."""
    items = (
        ActionItem.objects.alive()
        .published()
        .filter(
            owner=request.user,
            meeting__community__in=Community.objects.of_member(request.user),
        )
        .select_related("meeting__community", "owner")
        .order_by("done_at", "due_date", "pk")
    )
    context = {
        "page": Paginator(items, PER_PAGE).get_page(request.GET.get("page")),
        "statuses": ActionItem.Status.choices,
    }
    return render(request, "meetings/my_action_items.html", context)
