"""The kinds of event that members can hear about, registered by the app that owns each.

A kind says who may hear of an event (``audience``), which permission each of them must still
have on the thing (``action``, checked through komunitas.permissions at fan-out time, so someone
who left a private community meanwhile hears nothing), how members get it unless they chose
otherwise (``default``), how it reads (``describe``), and who can ever be in its audience
(``for_whom``, groups of people: the settings page offers each person only the kinds of the groups
they are in, see ``groups_of``)::

    register(Kind(
        key="communities.join_request",
        label=_("Someone asks to join a community I facilitate"),
        audience=lambda event: event.target.facilitators(),
        action="community.manage",
        default=Delivery.IMMEDIATELY,
        describe=lambda event, count: _("%(actor)s asks to join %(title)s") % {...},
        for_whom={FACILITATORS},
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


# Who can ever hear of a kind of event: the groups a person is in (``groups_of``).
EVERYONE = "everyone"  # anyone with an account
MEMBERS = "members"  # a member of at least one community, in any role
FACILITATORS = "facilitators"  # a fasilitator of at least one community
PARTNERS = "partners"  # a mitra of a community, or a kepala sekolah, pengawas or dinas officer
OPERATORS = "operators"
GROUPS = {EVERYONE, MEMBERS, FACILITATORS, PARTNERS, OPERATORS}


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
    # Optional: batch(target) names the thread an event belongs to ("discussions.post:12").
    # Mail "at once" about events of one thread waits NOTIFICATIONS_BATCH_MINUTES and gathers
    # what came meanwhile: one mail says "3 new replies to …" instead of three mails.
    batch: Callable | None = None
    # The groups whose people can be in the audience (see above). Everyone unless it says less.
    for_whom: frozenset[str] | set[str] = frozenset({EVERYONE})

    @property
    def app_label(self) -> str:
        return self.key.split(".", 1)[0]


_KINDS: dict[str, Kind] = {}

DIGESTS = (Delivery.DAILY, Delivery.WEEKLY)


def effective_delivery(chosen: str, data: dict) -> str:
    """How an event reaches a member who chose ``chosen`` for its kind.

    An *urgent* event (``announce(..., urgent_until=<ISO time>)``, e.g. a meeting that starts
    within 24 hours) would be stale in tomorrow's digest: a member who takes the kind in a digest
    gets it at once by mail instead. "Only here" and "never" are kept as chosen.
    """
    if data.get("urgent_until") and chosen in DIGESTS:
        return Delivery.IMMEDIATELY
    return chosen


def register(kind: Kind) -> Kind:
    if not kind.for_whom or set(kind.for_whom) - GROUPS:
        raise ValueError(f"Event kind {kind.key!r}: for_whom must name groups of {GROUPS}")
    if kind.key in _KINDS:
        raise ValueError(f"Event kind {kind.key!r} is already registered")
    _KINDS[kind.key] = kind
    return kind


def get(key: str) -> Kind:
    return _KINDS[key]


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)


# The apps that know which groups a person is in by what they do there (communities: members,
# fasilitators, mitra), so that notifications imports no app above it.
_GROUP_SOURCES: list[Callable] = []


def register_groups(source: Callable) -> None:
    """``source(user)`` returns the groups (above) that ``user`` is in through the app."""
    _GROUP_SOURCES.append(source)


def groups_of(user) -> set[str]:
    """The groups of people (above) that ``user`` is in today (one query per registered app)."""
    from komunitas.accounts.models import User

    groups = {EVERYONE}
    for source in _GROUP_SOURCES:
        groups |= source(user)
    if user.role in {User.Role.KEPALA_SEKOLAH, User.Role.PENGAWAS, User.Role.DINAS}:
        groups.add(PARTNERS)
    if user.is_staff or user.role == User.Role.OPERATOR:
        groups.add(OPERATORS)
    return groups


def kinds_for(user) -> list[Kind]:
    """The kinds ``user`` can ever receive, grouped by the app that owns them."""
    groups = groups_of(user)
    return sorted(
        (kind for kind in _KINDS.values() if groups & set(kind.for_whom)),
        key=lambda kind: APP_ORDER.index(kind.app_label) if kind.app_label in APP_ORDER else 99,
    )


# The order of the groups on the settings page: the daily practice first.
APP_ORDER = ["discussions", "meetings", "communities", "journeys", "pustaka", "insights"]


def unregister(key: str) -> None:
    """Forget a kind (for tests that register their own)."""
    _KINDS.pop(key, None)
