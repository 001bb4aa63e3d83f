"""Every change to the library, and who hears of it (the one way to change the app's state).

Each ``do_*`` takes keyword arguments only and runs in one transaction; the one change members
hear of ("Simpan ke pustaka": their work saved from a discussion) is announced there with one
explicit call to ``komunitas.notifications.services.announce``. Actions do not check
permissions: views fetch the object with ``access_resource``/``access_collection`` (or check
``require``) first. The library keeps no audit log of its own: a resource's versions are its
history, and deletion is soft (``deleted_at``).
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.discussions.models import Post, Reply
from komunitas.lib import uploads
from komunitas.notifications.services import announce
from komunitas.pustaka.models import (
    Collection,
    CollectionItem,
    HelpfulVote,
    Resource,
    ResourceVersion,
)
from komunitas.pustaka.notifications import SAVED
from komunitas.pustaka.rules import saved_part

# --- resources and versions


@uploads.atomic()
def do_add_resource(*, resource: Resource, by: User, file=None, link: str = "") -> Resource:
    """Save a new resource with its first version (a checked upload or a link; neither for a
    text saved from a discussion). Nobody is told."""
    resource.added_by = by
    resource.save()
    if file is not None or link:
        do_add_version(resource=resource, by=by, file=file, link=link)
    return resource


@transaction.atomic
def do_save_from_post(
    *, resource: Resource, post: Post, by: User, file=None, link: str = ""
) -> Resource:
    """ "Simpan ke pustaka": keep a good practice or a solution as a resource of the thread's
    community, linking back to the thread and crediting whoever wrote it; they hear of it
    (unless they saved it themself)."""
    part = saved_part(post)
    resource.community = post.community
    resource.source_post = post
    resource.source_reply = part if isinstance(part, Reply) else None
    resource.credited_to = part.author
    do_add_resource(resource=resource, by=by, file=file, link=link)
    if part.author_id != by.pk:
        announce(
            SAVED, actor=by, target=resource, title=resource.title, url=resource.get_absolute_url()
        )
    return resource


@transaction.atomic
def do_edit_resource(*, resource: Resource, by: User) -> Resource:
    """Save the changed description of a resource (its file or link change by a new version)."""
    resource.save()
    return resource


@uploads.atomic()
def do_add_version(
    *, resource: Resource, by: User, file=None, link: str = "", change_note: str = ""
) -> ResourceVersion:
    """A new version (a checked upload or a link) becomes current; every earlier version and
    its downloads stay."""
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    last = locked.versions.order_by("-number").values_list("number", flat=True).first()
    version = ResourceVersion(
        resource=resource, number=(last or 0) + 1, link=link, change_note=change_note, created_by=by
    )
    if file is not None:
        version.attach(file)
    version.save()
    resource.current_version = version
    Resource.objects.filter(pk=resource.pk).update(
        current_version=version, updated_at=timezone.now()
    )
    return version


@transaction.atomic
def do_delete_resource(*, resource: Resource, by: User) -> Resource:
    """Remove a resource from the library (soft: its rows and files stay, nobody sees it)."""
    resource.soft_delete()
    return resource


@transaction.atomic
def do_restore_resources(*, resources, by: User) -> int:
    """Bring back deleted resources (the operators' admin action); how many came back."""
    return resources.filter(deleted_at__isnull=False).update(deleted_at=None)


def do_count_view(*, resource: Resource) -> None:
    """Count a view (the view decides which views count: once per session, not the adder's)."""
    Resource.objects.filter(pk=resource.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def do_count_download(*, resource: Resource, version: ResourceVersion) -> None:
    """Count a download of the version, and of the resource."""
    ResourceVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


# --- "bermanfaat"


@transaction.atomic
def do_vote(*, resource: Resource, member: User) -> bool:
    """Count the member's "bermanfaat" vote once; True if it is new. Nobody is told."""
    _vote, created = HelpfulVote.objects.get_or_create(resource=resource, member=member)
    if created:
        Resource.objects.filter(pk=resource.pk).update(helpful_count=F("helpful_count") + 1)
    return created


@transaction.atomic
def do_unvote(*, resource: Resource, member: User) -> bool:
    """Take the member's vote back (the count stays true); True if there was one."""
    deleted, _rows = HelpfulVote.objects.filter(resource=resource, member=member).delete()
    if deleted:
        Resource.objects.filter(pk=resource.pk, helpful_count__gt=0).update(
            helpful_count=F("helpful_count") - 1
        )
    return bool(deleted)


# --- collections


@transaction.atomic
def do_create_collection(*, collection: Collection, by: User) -> Collection:
    """Make a collection (a community's, curated by its fasilitators, or a personal one)."""
    collection.owner = by
    collection.save()
    return collection


@transaction.atomic
def do_edit_collection(*, collection: Collection, by: User) -> Collection:
    """Save a collection's changed title and description."""
    collection.save()
    return collection


@transaction.atomic
def do_delete_collection(*, collection: Collection, by: User) -> Collection:
    """Delete a collection (soft); its resources stay in the library."""
    collection.soft_delete()
    return collection


@transaction.atomic
def do_restore_collections(*, collections, by: User) -> int:
    """Bring back deleted collections (the operators' admin action); how many came back."""
    return collections.filter(deleted_at__isnull=False).update(deleted_at=None)


@transaction.atomic
def do_add_to_collection(
    *, collection: Collection, resource: Resource, by: User, note: str = ""
) -> tuple[CollectionItem, bool]:
    """Put the resource at the end of the collection (once); the item and whether it is new."""
    Collection.objects.select_for_update().filter(pk=collection.pk).first()
    existing = collection.items.filter(resource=resource).first()
    if existing:
        return existing, False
    last = collection.items.aggregate(last=Max("position"))["last"]
    item = CollectionItem.objects.create(
        collection=collection, resource=resource, position=(last or 0) + 1, note=note, added_by=by
    )
    return item, True


@transaction.atomic
def do_move_collection_item(*, item: CollectionItem, direction: int, by: User) -> None:
    """Swap the item with its neighbour above (-1) or below (+1)."""
    Collection.objects.select_for_update().filter(pk=item.collection_id).first()
    item.refresh_from_db()
    neighbours = CollectionItem.objects.filter(collection_id=item.collection_id).exclude(pk=item.pk)
    neighbour = (
        neighbours.filter(position__lt=item.position).order_by("-position").first()
        if direction < 0
        else neighbours.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return
    item.position, neighbour.position = neighbour.position, item.position
    CollectionItem.objects.bulk_update([item, neighbour], ["position"])


@transaction.atomic
def do_remove_from_collection(*, item: CollectionItem, by: User) -> None:
    """Take a resource out of a collection (the resource stays in the library)."""
    item.delete()
