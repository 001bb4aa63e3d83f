"""The file changes of a post's or a reply's edit history, as the reader may see them."""

from komunitas.discussions.models import Attachment, Reply
from komunitas.permissions import can

FILE_LISTS = ("before", "added", "removed")


def show_file_changes(user, owner, revisions) -> None:
    """Give each revision ``file_changes``: its "before", "added" and "removed" lists of file
    names, where a file since removed by an edit is ``None`` unless the reader may open it
    (``attachment.view``: the author of ``owner``, the file's uploader, the moderators).

    One query for a page of revisions, whatever the number of files.
    """
    revisions = [r for r in revisions if r.files]
    ids = {
        entry.get("id")
        for revision in revisions
        for key in FILE_LISTS
        for entry in revision.files.get(key) or []
    }
    post = owner.post if isinstance(owner, Reply) else owner
    readable = set()
    for item in (
        Attachment.objects.of(owner)
        .filter(pk__in=ids - {None})
        .only("pk", "post_id", "reply_id", "uploaded_by_id", "removed_at")
    ):
        item.post = post  # the objects the reader's access was checked on (no more queries)
        if item.reply_id:  # then owner is this file's reply
            item.reply = owner
        if not item.removed_at or can(user, "attachment.view", item):
            readable.add(item.pk)
    sees_removed = can(user, "attachment.view_removed", owner)  # names no file matches
    for revision in revisions:
        revision.file_changes = {
            key: [
                entry["name"]
                if entry.get("id") in readable or (entry.get("id") is None and sees_removed)
                else None
                for entry in revision.files.get(key) or []
            ]
            for key in FILE_LISTS
        }
