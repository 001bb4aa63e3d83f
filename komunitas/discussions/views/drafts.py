"""Server-side drafts: the forms save what is typed every few seconds (htmx), so a lost
connection or a failed submit loses nothing; the form restores the draft when opened again."""

import datetime
import re

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from komunitas.discussions.actions import do_discard_draft, do_keep_draft
from komunitas.discussions.models import GOOD_PRACTICE_SECTIONS
from komunitas.lib.http import is_htmx, safe_next

KEY = re.compile(r"^(post:\d+:[a-z_]+|reply:\d+|edit-post:\d+|edit-reply:\d+)\Z")


def _opened_at(value: str):
    """When the form was opened (an ISO time the page wrote), or None."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


@require_POST
def draft_save(request):
    key = request.POST.get("draft_key", "")
    if not KEY.match(key):
        return HttpResponseBadRequest()
    data = {name: request.POST.get(name, "") for name, _label in GOOD_PRACTICE_SECTIONS}
    data["tags"] = request.POST.get("tags", "")
    draft = do_keep_draft(
        user=request.user,
        key=key,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        data=data,
        opened_at=_opened_at(request.POST.get("draft_opened", "")),
    )
    return render(request, "discussions/includes/draft_status.html", {"draft": draft})


@require_POST
def draft_discard(request):
    key = request.POST.get("draft_key", "")
    if not KEY.match(key):
        return HttpResponseBadRequest()
    do_discard_draft(user=request.user, key=key)
    if is_htmx(request):
        return render(request, "discussions/includes/draft_status.html", {"draft": None})
    return redirect(safe_next(request) or "discussions:feed")
