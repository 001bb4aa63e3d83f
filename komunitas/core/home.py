"""The signed-in home page is built from sections that each app contributes.

An app adds a section by registering a function that takes the request and returns a dict
``{"template": ..., "order": ..., **context}`` or None when it has nothing to show; later issues
(communities, meetings, journeys) add theirs here so the home page grows with the product.
"""

from collections.abc import Callable

_SECTIONS: list[Callable] = []


def home_section(func: Callable) -> Callable:
    _SECTIONS.append(func)
    return func


def home_sections(request) -> list[dict]:
    sections = [s for s in (func(request) for func in _SECTIONS) if s]
    return sorted(sections, key=lambda s: s.get("order", 100))
