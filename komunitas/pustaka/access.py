"""Fetch library objects and check access in one step (the only way views get them)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.permissions import can
from komunitas.pustaka.models import Collection, Resource


def access_resource(user, pk: int, action: str = "resource.view") -> Resource:
    """The resource if the user may see it (Http404 otherwise, so a resource of a private
    community never shows that it exists) and may do ``action`` (PermissionDenied)."""
    resource = (
        Resource.objects.select_related(
            "community",
            "subject",
            "phase",
            "added_by",
            "credited_to",
            "current_version",
            "source_post__community",
            "source_reply__post",
        )
        .filter(pk=pk)
        .first()
    )
    if resource is None or not can(user, "resource.view", resource):
        raise Http404
    if action != "resource.view" and not can(user, action, resource):
        raise PermissionDenied
    return resource


def access_collection(user, pk: int, *, edit: bool = False) -> Collection:
    collection = Collection.objects.select_related("community", "owner").filter(pk=pk).first()
    if collection is None or not can(user, "collection.view", collection):
        raise Http404
    if edit and not can(user, "collection.edit", collection):
        raise PermissionDenied
    return collection
