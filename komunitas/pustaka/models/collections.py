"""Collections (koleksi): ordered lists of resources.

A community collection is curated by the community's fasilitators and read by whoever may see
the community (e.g. "Asesmen formatif Fase B"); a personal collection belongs to one member and
only they see it.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Community, Membership
from komunitas.pustaka.models.resources import Resource


class CollectionQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True).filter(
            Q(community__isnull=True) | Q(community__deleted_at__isnull=True)
        )

    def visible_to(self, user):
        """Own personal collections, and collections of the communities the user may see."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        alive = self.alive()
        personal = Q(community__isnull=True, owner=user)
        if is_operator(user):
            return alive.filter(personal | Q(community__isnull=False))
        mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        return alive.filter(
            personal
            | Q(community__visibility=Community.Visibility.PUBLIC)
            | Q(community__in=mine.values("community_id"))
        )

    def editable_by(self, user):
        """What the user may change and add to: their own personal collections, and those of
        the communities they facilitate (the ``collection.edit`` rule as one query; the matrix
        test in tests/pustaka/test_permissions.py keeps the two in agreement)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        curated = Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE, role=Membership.Role.FASILITATOR
        )
        return self.alive().filter(
            Q(community__isnull=True, owner=user) | Q(community__in=curated.values("community_id"))
        )


class Collection(models.Model):
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collections",
        verbose_name=_("community"),
        help_text=_("Empty for a personal collection that only you see."),
    )
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pustaka:collection", args=[self.pk])

    @property
    def is_personal(self) -> bool:
        return self.community_id is None

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class CollectionItem(models.Model):
    collection = models.ForeignKey(
        Collection, on_delete=models.CASCADE, related_name="items", verbose_name=_("collection")
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="+", verbose_name=_("resource")
    )
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(default=timezone.now, verbose_name=_("added at"))

    class Meta:
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "resource"], name="pustaka_collection_item_once"
            ),
        ]

    def __str__(self):
        return f"{self.collection} #{self.position}: {self.resource}"
