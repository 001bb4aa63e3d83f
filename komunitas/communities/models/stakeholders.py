"""The shared stakeholder map of a kabupaten/kota (DESIGN.md §1b, stage 1 "merintis").

The people and bodies that matter to the communities of practice of one district — the Dinas
Pendidikan, pengawas, principals, teachers' organisations, school committees — placed by their
influence and their interest, with what they give or could give. The fasilitators, partners and
Dinas officers of the district build it together; who may see and add is decided in ``rules.py``
(``district_map.*``). Next to it the district map shows, derived and never copied, the district's
communities on the platform (as far as the reader may see them), their partners, and the entries
of members' own Lembar Identifikasi that they chose to share (``MapEntry.shared``).

A stakeholder who is on the platform can be linked to their account
(``actions.do_link_stakeholder``): they hear of it, see the entry about them on
``/k/wilayah/saya/`` and may decline, which unlinks them and keeps them from being linked to that
entry again. Unlinking keeps the entry as written.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Regency, User
from komunitas.communities.models.community import Community


class StakeholderLinkError(Exception):
    """A link that cannot be made; the message says why, for the person who tried."""


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class StakeholderQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def of_district(self, regency):
        return self.alive().filter(regency=regency)


class Stakeholder(models.Model):
    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas Pendidikan")
        PENGAWAS = "pengawas", _("School supervisor (pengawas)")
        KEPALA_SEKOLAH = "kepala_sekolah", _("Principal (kepala sekolah)")
        GURU_PENGGERAK = "guru_penggerak", _("Guru penggerak")
        ORGANISATION = "organisasi", _("Teachers' organisation (KKG, MGMP, PGRI …)")
        COMMITTEE = "komite", _("School committee or parents")
        OTHER = "lainnya", _("Other")

    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="stakeholders",
        verbose_name=_("regency or city"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("who they are"), max_length=16, choices=Kind.choices)
    institution = models.CharField(
        _("office or school"),
        max_length=200,
        blank=True,
        help_text=_("For example: Dinas Pendidikan Kabupaten Sleman, SD Negeri Depok 1."),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence"), choices=Level.choices, default=Level.MEDIUM
    )
    interest = models.PositiveSmallIntegerField(
        _("interest in the communities"), choices=Level.choices, default=Level.MEDIUM
    )
    support = models.TextField(
        _("what they give or could give"),
        max_length=1000,
        blank=True,
        help_text=_("Time for meetings, a room, a speaker, funds, recognition, a policy …"),
    )
    engagement = models.TextField(
        _("how we work with them"),
        max_length=1000,
        blank=True,
        help_text=_("Who keeps in touch, and what the next step is."),
    )
    communities = models.ManyToManyField(
        Community,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("communities they support"),
    )
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )
    account = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholder_entries",
        verbose_name=_("their account on the platform"),
    )
    account_linked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account linked by"),
    )
    account_linked_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("account linked at")
    )
    declined_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declined by"),
        help_text=_("Who asked not to be linked to this entry; they are not linked to it again."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        ordering = ["-influence", "-interest", "name", "pk"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        indexes = [models.Index(fields=["regency", "influence", "interest"])]

    def __str__(self):
        return self.name

    @property
    def quadrant(self) -> str:
        """The usual advice for a place on an influence × interest map."""
        high_influence = self.influence == Level.HIGH
        high_interest = self.interest == Level.HIGH
        if high_influence and high_interest:
            return str(_("Work closely with them"))
        if high_influence:
            return str(_("Keep them satisfied"))
        if high_interest:
            return str(_("Keep them informed"))
        return str(_("Keep an eye on them"))
