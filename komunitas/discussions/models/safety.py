"""A community's safe-space settings for discussions: which kinds of post start as members
only, and whether members may post anonymously. Kept in discussions (one row per community,
made when a facilitator first changes it) so the communities app needs no new field."""

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Kinds that start as members only when a community has not chosen (kekhawatiran, refleksi).
DEFAULT_MEMBERS_ONLY_KINDS = ("concern", "reflection")


class DiscussionSettings(models.Model):
    community = models.OneToOneField(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="discussion_settings",
        verbose_name=_("community"),
    )
    members_only_kinds = models.JSONField(
        _("kinds that start as members only"), default=list, blank=True
    )
    anonymous_allowed = models.BooleanField(_("members may post anonymously"), default=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")

    def __str__(self):
        return str(self.community_id)

    @classmethod
    def of(cls, community) -> "DiscussionSettings":
        """The community's settings, or the defaults (not stored) when it never chose."""
        found = cls.objects.filter(community=community).first()
        if found is None:
            found = cls(
                community=community,
                members_only_kinds=list(DEFAULT_MEMBERS_ONLY_KINDS),
                anonymous_allowed=True,
            )
        return found

    def starts_members_only(self, kind: str) -> bool:
        return kind in self.members_only_kinds
