"""The library's part of the members' data rights (komunitas/core/privacy.py).

Resources a member added (and their collections) are public contributions: kept under
"Mantan anggota" or soft-deleted, as the member chooses; their "bermanfaat" votes go with them
when removed. The files of the versions they uploaded go into their export.
"""

from komunitas.core.privacy import all_rows, files_of, privacy_part
from komunitas.pustaka import actions
from komunitas.pustaka.models import Collection, HelpfulVote, Resource, ResourceVersion


@privacy_part("pustaka", order=50)
class PustakaPrivacy:
    def export(self, user):
        return {
            "resources_added": all_rows(Resource.objects.filter(added_by=user)),
            "versions_uploaded": all_rows(ResourceVersion.objects.filter(created_by=user)),
            "helpful_votes": all_rows(HelpfulVote.objects.filter(member=user)),
            "collections": all_rows(Collection.objects.filter(owner=user)),
        }

    def files(self, user):
        versions = ResourceVersion.objects.filter(created_by=user).exclude(file="")
        return files_of((f"{v.resource_id}-v{v.number}-{v.filename}", v.file) for v in versions)

    def erase(self, user, *, remove_public):
        if not remove_public:
            return
        for vote in HelpfulVote.objects.filter(member=user).select_related("resource"):
            actions.do_unvote(resource=vote.resource, member=user)  # the count stays true
        for resource in Resource.objects.filter(added_by=user, deleted_at=None):
            actions.do_delete_resource(resource=resource, by=user)
        for collection in Collection.objects.filter(owner=user, deleted_at=None):
            actions.do_delete_collection(collection=collection, by=user)
