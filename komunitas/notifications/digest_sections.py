"""What other apps add to a member's digest beyond their notifications.

A digest is made for a member who has digest notifications in the period; apps may add a
section to it, e.g. meetings ("coming meetings", "your open action items") or discussions
("questions in your communities still waiting for an answer")::

    from komunitas.notifications.digest_sections import digest_section

    @digest_section(order=20)
    def open_action_items(user, *, weekly, since):
        items = ActionItem.objects.open().filter(assignee=user)[:10]
        if not items:
            return None
        return {"title": _("Your open action items"),
                "items": [{"text": item.title, "url": item.get_absolute_url()} for item in items]}

The function runs when the digest is sent, in the member's language and zone; it must return
only what the member may see (use the app's ``visible_to(user)``), at most a few items, in a
bounded number of queries. ``url`` is a path on this site.
"""

from collections.abc import Callable

_SECTIONS: list[tuple[int, Callable]] = []


def digest_section(order: int = 50):
    def register(func):
        _SECTIONS.append((order, func))
        return func

    return register


def unregister(func) -> None:
    """Forget a section (for tests that register their own)."""
    _SECTIONS[:] = [(order, f) for order, f in _SECTIONS if f is not func]


def sections_for(user, *, weekly: bool, since) -> list[dict]:
    sections = []
    for _order, func in sorted(_SECTIONS, key=lambda item: item[0]):
        section = func(user, weekly=weekly, since=since)
        if section and section.get("items"):
            sections.append(section)
    return sections
