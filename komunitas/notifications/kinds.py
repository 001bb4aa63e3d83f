"""The kinds of event that members can hear about, registered by the app that owns each.

A kind says who may hear of an event (``audience``), which permission each of them must still
have on the thing (``action``, checked through komunitas.permissions at fan-out time, so someone
who left a private community meanwhile hears nothing), how members get it unless they chose
otherwise (``default``), and how it reads (``describe``)::

    register(Kind(
        key="communities.join_request",
        label=_("Someone asks to join a community I facilitate"),
        audience=lambda event: event.target.facilitators(),
        action="community.manage",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: _("%(actor)s asks to join %(title)s") % {...},
    ))
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("At once, by e-mail")
    DAILY = "daily", _("In the daily digest")
    WEEKLY = "weekly", _("In the weekly digest")
    IN_APP = "in_app", _("Only here, no e-mail")
    NEVER = "never", _("Never")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    audience: Callable
    action: str
    default: str
    describe: Callable
    # Optional: prepare(target, users) loads in bulk what the permission rule needs (see
    # services.prepare_permission_checks, the default, which handles community targets).
    prepare: Callable | None = None


_KINDS: dict[str, Kind] = {}

DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


def effective_delivery(chosen: str, data: dict) -> str:
    """How an event reaches a member who chose ``chosen`` for its kind.

    An *urgent* event (``record_event(..., urgent_until=<ISO time>)``, e.g. a meeting that starts
    within 24 hours) would be stale in tomorrow's digest: a member who takes the kind in a digest
    gets it at once by mail instead. "Only here" and "never" are kept as chosen.
    """
    if data.get("urgent_until") and chosen in DIGESTS:
        return Delivery.IMMEDIATELY
    return chosen


def register(kind: Kind) -> Kind:
    if kind.key in _KINDS:
        raise ValueError(f"Event kind {kind.key!r} is already registered")
    _KINDS[kind.key] = kind
    return kind


def get(key: str) -> Kind:
    return _KINDS[key]


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


def unregister(key: str) -> None:
    """Forget a kind (for tests that register their own)."""
    _KINDS.pop(key, None)
