"""Who may see and do what in the library (see komunitas/permissions.py).

A resource is either for everyone signed in, or for the members of its community only. Members
who may post in a community (fasilitators, anggota) add resources to it; anyone signed in may add
a resource for everyone that belongs to no community. Whoever added a resource and the
fasilitators of its community change it and upload new versions; operators may remove it.
Community collections are curated by fasilitators; personal collections are their owner's alone.
"""

from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Community, Membership
from komunitas.discussions.applying import register_target
from komunitas.discussions.models import Post
from komunitas.permissions import can, rule
from komunitas.pustaka.models import Collection, Resource

Role = Membership.Role


def _role(user, community):
    return community.role_of(user) if community else None


@rule("resource.view")
def _view(user, resource: Resource):
    if not resource.is_alive:
        return False
    if is_operator(user) or resource.audience == Resource.Audience.EVERYONE:
        return True
    return _role(user, resource.community) is not None


@rule("resource.download")
def _download(user, resource: Resource):
    return _view(user, resource)


@rule("resource.create")
def _create(user, community: Community | None):
    """``community`` is where the resource goes; None for a resource of no community."""
    if community is None:
        return True
    return can(user, "community.post", community)


@rule("resource.edit")
def _edit(user, resource: Resource):
    """Change the description and upload new versions."""
    if not _view(user, resource):
        return False
    if resource.community is None:
        return resource.added_by_id == user.pk
    role = _role(user, resource.community)
    return role == Role.FASILITATOR or (resource.added_by_id == user.pk and role == Role.ANGGOTA)


@rule("resource.delete")
def _delete(user, resource: Resource):
    return resource.is_alive and (_edit(user, resource) or is_operator(user))


@rule("resource.vote")
def _vote(user, resource: Resource):
    """Mark as "bermanfaat": any reader except whoever added it."""
    return _view(user, resource) and resource.added_by_id != user.pk


@rule("resource.apply")
def _apply(user, resource: Resource):
    """ "Saya terapkan di kelas": any reader may report having used it in class."""
    return _view(user, resource)


def saved_part(post: Post):
    """What "Simpan ke pustaka" keeps of a post: a good practice itself, or the solution of a
    solved question or challenge (a Reply); None for anything else."""
    if post.is_good_practice:
        return post
    if post.is_solvable and post.solution_id:
        solution = post.solution
        if solution and not solution.deleted_at and not solution.hidden_at:
            return solution
    return None


@rule("resource.save_from_post")
def _save_from_post(user, post: Post):
    """The community's fasilitators, and the author of the good practice or of the solution,
    save it to the library as a resource of the community."""
    if post.deleted_at or post.hidden_at or not can(user, "post.view", post):
        return False
    if post.members_only or post.is_anonymous:
        return False  # the library is the community's, partners included; it names its author
    part = saved_part(post)
    if part is None:
        return False
    role = _role(user, post.community)
    return role == Role.FASILITATOR or (part.author_id == user.pk and role == Role.ANGGOTA)


@rule("collection.create")
def _create_collection(user, community: Community | None):
    """A personal collection (``None``) for anyone; a community's for its fasilitators."""
    return community is None or can(user, "community.manage", community)


@rule("collection.view")
def _view_collection(user, collection: Collection):
    if collection.deleted_at:
        return False
    if collection.is_personal:
        return collection.owner_id == user.pk
    if collection.community.deleted_at:
        return False
    return can(user, "community.view", collection.community)


@rule("collection.edit")
def _edit_collection(user, collection: Collection):
    if not _view_collection(user, collection):
        return False
    if collection.is_personal:
        return True
    return _role(user, collection.community) == Role.FASILITATOR


register_target(Resource, view_action="resource.view", apply_action="resource.apply")
