from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models.regions import District, Regency

validate_npsn = RegexValidator(
    r"^\d{8}\Z", _("An NPSN is exactly 8 digits, for example 20301234."), code="npsn"
)


class School(models.Model):
    class Level(models.TextChoices):
        PAUD = "paud", _("PAUD")
        SD = "sd", _("SD")
        SMP = "smp", _("SMP")
        SMA = "sma", _("SMA")
        SMK = "smk", _("SMK")
        SLB = "slb", _("SLB")

    class Status(models.TextChoices):
        NEGERI = "negeri", _("Negeri")
        SWASTA = "swasta", _("Swasta")

    npsn = models.CharField(_("NPSN"), max_length=8, unique=True, validators=[validate_npsn])
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level (jenjang)"), max_length=4, choices=Level.choices)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="schools", verbose_name=_("regency or city")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
        verbose_name=_("district (kecamatan)"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self):
        return self.name
