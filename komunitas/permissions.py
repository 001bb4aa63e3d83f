"""The one place that decides who may see and do what.

Every view, list, search result, export, notification and API call asks here, through
``can(user, action, obj)`` or an app's ``visible_to(user)`` queryset filter built on the same rules.
Rules are registered per action by the app that owns the object::

    @rule("account.view_contact")
    def _view_contact(user, other):
        return user == other or user.is_staff

An action with no rule is denied, so a forgotten rule fails closed.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

_RULES: dict[str, Callable] = {}


def rule(action: str):
    def register(func):
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj=None) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        check = _RULES.get(action)
        return bool(check and getattr(check, "allows_anonymous", False) and check(user, obj))
    check = _RULES.get(action)
    if check is None:
        return False
    return bool(check(user, obj))


def require(user, action: str, obj=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def actions() -> list[str]:
    return sorted(_RULES)
