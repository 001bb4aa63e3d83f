"""Which things a member can report having applied in class ("Saya terapkan di kelas").

Any app makes one of its models a target, usually in its ``rules.py``::

    from komunitas.discussions.applying import register_target

    register_target(Resource, view_action="resource.view", apply_action="resource.apply")

then links to ``{% url "discussions:apply" content_type_id obj.pk %}`` (or uses
``{% include "discussions/includes/applied.html" with target=obj %}``, which shows the counts,
the reports and the button). Permissions follow the target: ``application.create`` asks the
target's ``apply_action``, ``application.view`` its ``view_action``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class TargetSpec:
    model: type
    view_action: str
    apply_action: str
    #: The community the report belongs to, if any (``obj -> Community | None``).
    community: Callable | None = None


_TARGETS: dict[type, TargetSpec] = {}


def register_target(
    model, *, view_action: str, apply_action: str, community: Callable | None = None
) -> TargetSpec:
    if community is None:

        def community(obj):
            return getattr(obj, "community", None)

    spec = TargetSpec(model, view_action, apply_action, community)
    _TARGETS[model] = spec
    return spec


def spec_for(obj) -> TargetSpec | None:
    return _TARGETS.get(type(obj)) if obj is not None else None


def target_from(content_type_id, object_id):
    """The registered target with this content type and id, or None."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    if content_type is None:
        return None
    model = content_type.model_class()
    if model not in _TARGETS:
        return None
    return model._default_manager.filter(pk=object_id).first()
