"""``Idempotency-Key`` on the API's creating writes, kept in the same table as the offline
forms' submission keys (``core.Submission``): a retry with the same key and the same body
creates nothing again and answers with what the first call made."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from komunitas.api.actions import do_remember_submission
from komunitas.api.errors import Problem
from komunitas.core.models import Submission

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[A-Za-z0-9_\-]{8,100}$")


def _key(request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not KEY.match(key):
        raise Problem(400, _("Idempotency-Key must be 8 to 100 letters, digits, - or _."))
    sent = hashlib.sha256(f"api\0{key}\0{request.method}\0{request.path}\0".encode())
    sent.update(request.body)
    return sent.hexdigest()[:32]


def once(request, create, replay):
    """``create()`` returns ``(id, result)``; a repeat returns ``replay(id)`` instead."""
    key = _key(request)
    if key is None:
        return create()[1]

    def first():
        location = (
            Submission.objects.filter(user=request.user, key=key)
            .values_list("location", flat=True)
            .first()
        )
        return replay(int(location.rsplit(":", 1)[1])) if location else None

    try:
        with transaction.atomic():
            done = first()
            if done is not None:
                return done
            made, result = create()
            do_remember_submission(user=request.user, key=key, location=f"api:{made}")
            return result
    except IntegrityError:
        done = first()
        if done is None:
            raise
        return done
