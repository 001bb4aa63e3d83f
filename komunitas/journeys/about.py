"""What a reflection can be about: a plan, a training, a post or a meeting, named in forms and
links as ``<content type id>:<id>`` and only ever linked by someone who may see it."""

from django.contrib.contenttypes.models import ContentType

from komunitas.lib.http import parse_id
from komunitas.permissions import can

ABOUT_ACTIONS = {
    "journeys.learningplan": "plan.view",
    "journeys.training": "training.view",
    "discussions.post": "post.view",
    "meetings.meeting": "meeting.view",
}


def about_key(obj) -> str:
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


def action_for(content_type) -> str:
    return ABOUT_ACTIONS.get(f"{content_type.app_label}.{content_type.model}", "")


def resolve_about(user, key: str):
    """The object behind ``key``, if the user may see (and so link) it; else None."""
    ct_id, _sep, obj_id = (key or "").partition(":")
    ct_id, obj_id = parse_id(ct_id), parse_id(obj_id)
    if not (ct_id and obj_id):
        return None
    content_type = ContentType.objects.filter(pk=ct_id).first()
    action = action_for(content_type) if content_type else ""
    model = content_type.model_class() if action else None
    if model is None:
        return None
    obj = model._default_manager.filter(pk=obj_id).first()
    return obj if obj is not None and can(user, action, obj) else None


def visible_about(user, reflection):
    """The thing a reflection is about, if this reader may see it too."""
    if reflection.about_type_id is None:
        return None
    about = reflection.about
    if about is None or not can(user, action_for(reflection.about_type), about):
        return None
    return about
