"""What members do around posts: react, follow, bookmark, attach files, keep drafts."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.discussions.models.posts import Post, Tag
from komunitas.discussions.models.replies import Reply


class Reaction(models.Model):
    """Terima kasih, bermanfaat, menginspirasi: each counted once per person per post or reply."""

    class Kind(models.TextChoices):
        THANKS = "thanks", _("Thank you")
        USEFUL = "useful", _("Useful")
        INSPIRING = "inspiring", _("Inspiring")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reactions",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post")
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reactions",
        verbose_name=_("reply"),
    )
    kind = models.CharField(_("reaction"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post", "kind"],
                condition=Q(reply__isnull=True),
                name="reaction_post_once",
            ),
            models.UniqueConstraint(
                fields=["user", "reply", "kind"],
                condition=Q(reply__isnull=False),
                name="reaction_reply_once",
            ),
        ]
        indexes = [models.Index(fields=["post", "reply"])]

    def __str__(self):
        return f"{self.kind} by {self.user_id} on {self.post_id}/{self.reply_id}"


class PostFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_posts",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="follows", verbose_name=_("post")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("followed post")
        verbose_name_plural = _("followed posts")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="post_follow_once")]

    def __str__(self):
        return f"{self.user_id} follows post {self.post_id}"


class TagFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_tags",
        verbose_name=_("user"),
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="follows", verbose_name=_("tag")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("followed topic")
        verbose_name_plural = _("followed topics")
        constraints = [models.UniqueConstraint(fields=["user", "tag"], name="tag_follow_once")]

    def __str__(self):
        return f"{self.user_id} follows tag {self.tag_id}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("post")
    )
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created at")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="bookmark_once")]

    def __str__(self):
        return f"{self.user_id} saved {self.post_id}"


#: Files on one post or one reply, when writing and after any edit.
MAX_ATTACHMENTS = 5


def attachment_path(instance, filename):
    return f"diskusi/{timezone.now():%Y/%m}/{filename}"


class AttachmentQuerySet(models.QuerySet):
    def current(self):
        """Attachments shown today: not removed by an edit."""
        return self.filter(removed_at__isnull=True)

    def of_post(self):
        """The post's own files, not those of its replies."""
        return self.filter(reply__isnull=True)

    def of(self, item):
        """The own files of a post or a reply."""
        if isinstance(item, Reply):
            return self.filter(reply=item)
        return self.filter(post=item).of_post()

    def purgeable(self, *, before):
        """Files removed by an edit before ``before`` whose bytes are still in the storage."""
        return self.filter(removed_at__lt=before, purged_at__isnull=True)


class Attachment(models.Model):
    """An image or a document on a post or a reply, checked by komunitas.lib.uploads."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        DOCUMENT = "document", _("document")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("post")
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("reply"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    file = models.FileField(upload_to=attachment_path, max_length=300, verbose_name=_("file"))
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120, verbose_name=_("content type"))
    size = models.PositiveIntegerField(default=0, verbose_name=_("size"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    # Removed when the post or the reply was edited: the row and the file stay (the edit history
    # names it), readable only to its author, its uploader and the moderators, until the periodic
    # job ``discussions.purge_removed_files`` deletes the file from the storage
    # (DISCUSSIONS_REMOVED_FILES_DAYS after the removal). The row stays: the history stays true.
    removed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("removed at"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    purged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("purged at"))

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            # The purge job asks for removed files not yet purged; few rows ever are.
            models.Index(
                fields=["removed_at"],
                condition=Q(removed_at__isnull=False, purged_at__isnull=True),
                name="attachment_to_purge",
            )
        ]

    def __str__(self):
        return self.name


class Draft(models.Model):
    """Text being written, kept on the server so a lost connection or a failed submit loses
    nothing. One per member and ``key`` (e.g. "post:<community>:<kind>", "reply:<post>")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_drafts",
        verbose_name=_("user"),
    )
    key = models.CharField(max_length=80, verbose_name=_("key"))
    title = models.CharField(max_length=200, blank=True, verbose_name=_("title"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    data = models.JSONField(default=dict, blank=True, verbose_name=_("data"))
    updated_at = models.DateTimeField(default=timezone.now, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="draft_once_per_key")]

    def __str__(self):
        return f"{self.user_id}:{self.key}"

    @classmethod
    def keep(cls, user, key: str, *, title="", body="", data=None, opened_at=None):
        """Save what is being written; an empty form removes the draft.

        ``opened_at`` is when the form was opened, for autosaves: one that arrives after the
        text was published from a form opened earlier (a slow connection) is ignored, so a
        published text never comes back as a draft.
        """
        # Raw form text: PostgreSQL refuses NUL in text and in JSON, so it goes here (a 500 else).
        key, title, body = (str(v).replace("\x00", "") for v in (key, title, body))
        data = {k: v.replace("\x00", "") if isinstance(v, str) else v
                for k, v in (data or {}).items() if v}  # fmt: skip
        existing = cls.objects.filter(user=user, key=key).first()
        published = existing.data.get("published_at") if existing else None
        if published and opened_at and opened_at <= datetime.datetime.fromisoformat(published):
            return None
        if not (title.strip() or body.strip() or data):
            cls.discard(user, key)
            return None
        draft, _created = cls.objects.update_or_create(
            user=user,
            key=key,
            defaults={
                "title": title[:200],
                "body": body[:20000],
                "data": data,
                "updated_at": timezone.now(),
            },
        )
        return draft

    @classmethod
    def find(cls, user, key: str) -> "Draft | None":
        draft = cls.objects.filter(user=user, key=key).first()
        return draft if draft and not draft.data.get("published_at") else None

    @classmethod
    def discard(cls, user, key: str) -> None:
        cls.objects.filter(user=user, key=key).delete()

    @classmethod
    def published(cls, user, key: str) -> None:
        """The text was sent: forget it, leaving a mark that late autosaves respect."""
        now = timezone.now()
        cls.objects.update_or_create(
            user=user,
            key=key,
            defaults={"title": "", "body": "", "data": {"published_at": now.isoformat()},
                      "updated_at": now},
        )  # fmt: skip
