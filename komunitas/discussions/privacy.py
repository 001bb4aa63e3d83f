"""Discussions' part of the members' data rights (komunitas/core/privacy.py).

The export holds what the member wrote and did; of other people's writing only the title and
number of the post they replied to. Erasure deletes what is private (drafts, follows, bookmarks,
mentions of them) and keeps their posts, replies, reactions and "applied in class" records under
"Mantan anggota", or removes them: posts and replies soft-deleted (their files leave the storage
with the periodic purge), reactions and applications deleted.
"""

from django.utils import timezone

from komunitas.core.privacy import all_rows, files_of, privacy_part
from komunitas.discussions.actions import do_delete_post, do_delete_reply
from komunitas.discussions.models import (
    Attachment,
    Bookmark,
    ClassroomApplication,
    Draft,
    Mention,
    Post,
    PostFollow,
    Reaction,
    Reply,
    Report,
    TagFollow,
)


@privacy_part("discussions", order=20)
class DiscussionsPrivacy:
    def export(self, user):
        return {
            "posts": all_rows(Post.objects.filter(author=user), "community__name"),
            "replies": all_rows(Reply.objects.filter(author=user), "post__title"),
            "reactions": all_rows(Reaction.objects.filter(user=user)),
            "bookmarks": all_rows(Bookmark.objects.filter(user=user)),
            "followed_posts": all_rows(PostFollow.objects.filter(user=user)),
            "followed_topics": all_rows(TagFollow.objects.filter(user=user)),
            "applied_in_class": all_rows(ClassroomApplication.objects.filter(member=user)),
            "drafts": all_rows(Draft.objects.filter(user=user)),
            "reports_filed": all_rows(Report.objects.filter(reporter=user)),
            "attachments": all_rows(Attachment.objects.filter(uploaded_by=user)),
        }

    def files(self, user):
        attachments = Attachment.objects.filter(uploaded_by=user, purged_at__isnull=True)
        photos = ClassroomApplication.objects.filter(member=user).exclude(photo="")
        return files_of(
            [(f"attachments/{a.pk}-{a.name}", a.file) for a in attachments]
            + [
                (f"applied_in_class/{p.pk}-{p.photo.name.rsplit('/', 1)[-1]}", p.photo)
                for p in photos
            ]  # fmt: skip
        )

    def erase(self, user, *, remove_public):
        for model in (Draft, PostFollow, TagFollow, Bookmark, Mention):
            model.objects.filter(user=user).delete()
        if not remove_public:
            return
        Reaction.objects.filter(user=user).delete()
        for application in ClassroomApplication.objects.filter(member=user):
            if application.photo:
                application.photo.delete(save=False)
            application.delete()
        for reply in Reply.objects.filter(author=user, deleted_at__isnull=True):
            do_delete_reply(reply=reply, by=user)
        for post in Post.objects.filter(author=user, deleted_at__isnull=True):
            do_delete_post(post=post, by=user)
        Attachment.objects.filter(uploaded_by=user, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=user
        )
