"""The search index: one row per searchable object, written from its source's ``Document``.

The full-text part lives beside this table and is not a model field: on SQLite an FTS5 virtual
table ``search_fts`` (rowid = the entry's id) holding the stemmed words; on PostgreSQL a
generated ``tsvector`` column ``document`` on this table with a GIN index (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TAG_SEPARATOR = "|"


def pack_tags(tags) -> str:
    """Tags stored as ``|tag one|tag two|`` so one tag is found with ``contains``."""
    cleaned = sorted({" ".join(str(tag).lower().split()) for tag in tags} - {""})
    cleaned = [tag.replace(TAG_SEPARATOR, " ") for tag in cleaned]
    return f"{TAG_SEPARATOR}{TAG_SEPARATOR.join(cleaned)}{TAG_SEPARATOR}" if cleaned else ""


class SearchEntry(models.Model):
    source = models.CharField(_("source"), max_length=64)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object (id)"))
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        verbose_name=_("community"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(max_length=32, blank=True, verbose_name=_("kind"))
    tags = models.CharField(max_length=1000, blank=True, verbose_name=_("tags"))
    solved = models.BooleanField(null=True, verbose_name=_("solved"))
    title = models.CharField(
        max_length=300, blank=True, verbose_name=_("title")
    )  # empty: shown under its context
    context = models.CharField(max_length=300, blank=True, verbose_name=_("context"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    url = models.CharField(max_length=500, verbose_name=_("address (URL)"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    indexed_at = models.DateTimeField(auto_now=True, verbose_name=_("indexed at"))

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            models.Index(fields=["created_at"], name="search_entry_created"),
            models.Index(fields=["community", "created_at"], name="search_entry_community"),
        ]

    def __str__(self):
        return f"{self.source}:{self.object_id} {self.title}"

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(TAG_SEPARATOR) if tag]


class PendingIndex(models.Model):
    """An object whose index entry must be brought up to date, written in the transaction of
    the change that makes it stale: the update after the commit deletes it, and if that update
    fails (the database was locked, the process died) the periodic ``search.catch_up`` does
    it. So a change that was saved is always found by the search, if a little later."""

    source = models.CharField(max_length=60, verbose_name=_("source"))
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("stale index entry")
        verbose_name_plural = _("stale index entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="pending_index_once")
        ]

    def __str__(self):
        return f"{self.source}:{self.object_id}"
