"""The Lembar Identifikasi Komunitas Praktisi: a guru penggerak's map of the communities around
them, on the platform or not, to see where to start or join (DESIGN.md §1b)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Regency, User
from komunitas.communities.models.community import Community


class MapEntryQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(owner=user, deleted_at__isnull=True)

    def shared_in(self, regency):
        """The entries their owners share on the district map of ``regency``."""
        return self.filter(regency=regency, shared=True, deleted_at__isnull=True)


class MapEntry(models.Model):
    class Influence(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="map_entries", verbose_name=_("owner")
    )
    name = models.CharField(_("community name"), max_length=120)
    pic = models.CharField(_("person in charge (PIC)"), max_length=120, blank=True)
    target = models.CharField(_("target participants"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose of its activities"), max_length=1000, blank=True)
    activities = models.TextField(_("activities"), max_length=1000, blank=True)
    frequency = models.CharField(_("frequency"), max_length=120, blank=True)
    my_role = models.CharField(_("my role"), max_length=200, blank=True)
    benefit = models.TextField(_("benefit"), max_length=1000, blank=True)
    influence = models.PositiveSmallIntegerField(
        _("my influence in it"), choices=Influence.choices, default=Influence.MEDIUM
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on the platform as"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("regency or city"),
    )
    shared = models.BooleanField(
        _("share on the district map"),
        default=False,
        help_text=_(
            "The fasilitators, partners and Dinas officers of the district then see this entry."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = MapEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-influence", "name", "pk"]
        verbose_name = _("community map entry")
        verbose_name_plural = _("community map entries")

    def __str__(self):
        return self.name

    def community_initial(self) -> dict:
        """What a new community made from this entry starts with."""
        region = (
            {"province": self.regency.province_id, "regency": self.regency_id}
            if self.regency_id
            else {}
        )
        return {
            **region,
            "name": self.name,
            "domain": self.purpose[:300],
            "tujuan": self.benefit,
            "kesepakatan": self.frequency,
        }
