"""``komunitas demo`` builds a small living district from builders that each app registers.

An app adds to the demo with a ``demo.py`` module::

    from komunitas.core.demo import demo_builder

    @demo_builder(order=20)
    def build_communities(demo):
        ...

Builders run in order and share ``demo``, a dict of what earlier builders made (people by
e-mail, schools, ...). Every builder must be idempotent: running the demo twice changes nothing.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

DEMO_PASSWORD = "komunitas-demo"  # noqa: S105  (documented in the README: demo accounts only)
_BUILDERS: list[tuple[int, Callable]] = []


def demo_builder(order: int):
    def register(func):
        _BUILDERS.append((order, func))
        return func

    return register


@transaction.atomic
def build_demo(log=print) -> dict:
    autodiscover_modules("demo")
    demo: dict = {}
    for _order, builder in sorted(_BUILDERS, key=lambda item: item[0]):
        log(f"  {builder.__module__}.{builder.__name__}")
        builder(demo)
    return demo
