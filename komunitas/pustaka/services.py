"""Workflows of the library that cross models."""

from django.db import transaction

from komunitas.pustaka.models import Resource


def add_resource(resource: Resource, *, by, file=None, link="") -> Resource:
    """Save a new resource with its first version (a checked upload or a link, or neither for
    a text saved from a discussion)."""
    with transaction.atomic():
        resource.added_by = by
        resource.save()
        if file is not None or link:
            resource.add_version(by=by, file=file, link=link)
    return resource
