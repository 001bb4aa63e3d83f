"""Retried submissions return the first result.

Every form that creates something carries a key made when the form was shown
(``{% submission_key %}``, a hidden ``submission`` field). A view decorated with
``@once_per_submission`` runs in one transaction with the record of its key: when a key was
already used by this member, nothing runs again and the member is sent where the first
submission led. A member who taps "send" twice, a browser that retries after a timeout, the
offline queue sending again after the signal returns: each creates the thing once.

The key is recorded together with what was sent (a hash of the fields and file names): a form
shown again from the browser's history and filled in anew is a new submission, not a repeat.

Two tries at the same moment: SQLite runs write transactions one after the other, so the second
finds the first's key; PostgreSQL's unique constraint refuses the second key, its transaction
(and whatever it created) is rolled back, and it is answered like a repeat.
"""

import hashlib
import re
import uuid
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from komunitas.core.models import Submission

FIELD = "submission"
KEY = re.compile(r"^[0-9a-f]{32}$")
KEPT = timedelta(days=7)  # a member's keys older than this are forgotten


def new_key() -> str:
    return uuid.uuid4().hex


def _key(request) -> str | None:
    """The form's key bound to what was sent, or None when the form carries none."""
    key = request.POST.get(FIELD, "")
    if request.method != "POST" or not request.user.is_authenticated or not KEY.match(key):
        return None
    sent = hashlib.sha256(key.encode())
    for name in sorted(request.POST):
        if name != "csrfmiddlewaretoken":
            for value in request.POST.getlist(name):
                sent.update(f"\0{name}\0{value}".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            sent.update(f"\0{name}\0{upload.name}\0{upload.size}".encode())
    return sent.hexdigest()[:32]


def _first_result(request, key):
    location = (
        Submission.objects.filter(user=request.user, key=key)
        .values_list("location", flat=True)
        .first()
    )
    return redirect(location, permanent=False) if location else None


def once_per_submission(view):
    """Run ``view`` at most once per submission key of the member (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _key(request)
        if key is None:
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                first = _first_result(request, key)
                if first is not None:
                    return first
                response = view(request, *args, **kwargs)
                if response.status_code in (301, 302, 303) and response.get("Location"):
                    Submission.objects.filter(
                        user=request.user, created_at__lt=timezone.now() - KEPT
                    ).delete()
                    Submission.objects.create(
                        user=request.user, key=key, location=response["Location"][:500]
                    )
                return response
        except IntegrityError:
            first = _first_result(request, key)
            if first is None:
                raise
            return first

    return wrapper
