"""Replies to a post, with quotes, an edit history, soft deletion and mentions."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.rules import is_operator
from komunitas.discussions.models.posts import Post, facilitated_communities
from komunitas.lib.formats import moment


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Replies the user may read (``reply.view``): in posts they may read, not deleted, and
        not hidden unless they wrote the reply, facilitate its community or are an operator."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        replies = self.filter(deleted_at__isnull=True, post__in=Post.objects.visible_to(user))
        if is_operator(user):
            return replies
        return replies.filter(
            Q(hidden_at__isnull=True)
            | Q(author=user)
            | Q(post__community__in=facilitated_communities(user))
        )

    def in_thread(self):
        return self.select_related("author", "deleted_by", "quoted__author").order_by(
            "created_at", "pk"
        )


class Reply(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="replies", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("author"),
    )
    body = models.TextField(_("reply"), max_length=20000)
    quoted = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quoted_by",
        verbose_name=_("quoting"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden at"))
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [models.Index(fields=["post", "created_at"])]

    def __str__(self):
        return f"{self.author_id} → {self.post_id}"

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#balasan-{self.pk}"

    @transaction.atomic
    def edit(self, body: str, *, by, files=None):
        """Change the text, keeping the version before in the edit history; ``files`` records a
        change of attachments in the same revision (see ``PostRevision.files``)."""
        ReplyRevision.objects.create(reply=self, edited_by=by, body=self.body, files=files or {})
        self.body, self.edited_at = body, timezone.now()
        self.save(update_fields=["body", "edited_at"])

    @transaction.atomic
    def soft_delete(self, *, by):
        """Delete, keeping its place in the thread ("deleted by ..."); a solution stops, and
        the post counts one reply less."""
        self.deleted_at, self.deleted_by = timezone.now(), by
        self.save(update_fields=["deleted_at", "deleted_by"])
        Post.objects.filter(pk=self.post_id, reply_count__gt=0).update(
            reply_count=models.F("reply_count") - 1
        )
        Post.objects.filter(pk=self.post_id, solution=self).update(
            solution=None, solved_by=None, solved_at=None
        )

    def hide(self, *, by, reason):
        self.hidden_at, self.hidden_by, self.hidden_reason = timezone.now(), by, reason
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])

    def unhide(self):
        self.hidden_at, self.hidden_by, self.hidden_reason = None, None, ""
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


class ReplyRevision(models.Model):
    """The text of a reply before one edit."""

    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("reply")
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    body = models.TextField(blank=True, verbose_name=_("body"))
    # The attachments before the edit and what it added and removed, as in PostRevision.files.
    files = models.JSONField(default=dict, blank=True, verbose_name=_("files"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reply revision")
        verbose_name_plural = _("reply revisions")

    def __str__(self):
        return f"{self.reply_id} · {moment(self.created_at)}"


class Mention(models.Model):
    """A member named with @ in a post or a reply (the notifications app tells them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("user"),
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("post")
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("reply"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=models.Q(reply__isnull=True),
                name="mention_post_once",
            ),
            models.UniqueConstraint(
                fields=["user", "reply"],
                condition=models.Q(reply__isnull=False),
                name="mention_reply_once",
            ),
        ]

    def __str__(self):
        return f"@{self.user_id} in {self.post_id}/{self.reply_id}"
