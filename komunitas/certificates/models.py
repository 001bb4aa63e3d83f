"""JP (jam pelajaran) rules of a community and the certificates of participation it issues.

A community's fasilitators say how participation counts (``JpRules``): so many JP per meeting
attended (a check-in recorded in meetings) and per practice applied in class (a "Saya terapkan
di kelas" report in discussions), with an optional cap per certificate, all within the limits
the operator sets (``CERTIFICATES_MAX_JP_PER_ACTIVITY``, ``CERTIFICATES_MAX_JP_PER_PERIOD``).

A member asks for a ``Certificate`` of a period; a fasilitator issues it or declines it with a
reason. Issuing freezes what the certificate says (name, NUPTK, community, period, activities,
hours, fasilitator, number) on the row: later changes to the records, the rules or the profile
never change an issued certificate. Its unguessable ``code`` opens the public verification page.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_code() -> str:
    """The verification code: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


class JpRules(models.Model):
    community = models.OneToOneField(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="jp_rules",
        verbose_name=_("community"),
    )
    per_meeting = models.PositiveSmallIntegerField(_("JP per meeting attended"), default=0)
    per_practice = models.PositiveSmallIntegerField(
        _("JP per practice applied in class"), default=0
    )
    per_lesson_study = models.PositiveSmallIntegerField(
        _("JP per lesson study taught or observed"), default=0, db_default=0
    )
    cap = models.PositiveSmallIntegerField(
        _("most JP on one certificate"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the installation's limit."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("JP rules")
        verbose_name_plural = _("JP rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(per_meeting__gte=0) & Q(per_practice__gte=0), name="jp_rules_positive"
            ),
        ]

    def __str__(self):
        return str(self.community)

    @property
    def counts_anything(self) -> bool:
        return bool(self.per_meeting or self.per_practice or self.per_lesson_study)

    @property
    def effective_cap(self) -> int:
        """The most JP one certificate gives: the community's cap within the operator's."""
        limit = settings.CERTIFICATES_MAX_JP_PER_PERIOD
        return min(self.cap, limit) if self.cap else limit


class CertificateQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=Certificate.Status.ISSUED)

    def pending(self):
        return self.filter(status=Certificate.Status.REQUESTED)

    def overlapping(self, *, member, community, start, end):
        """Asked or issued certificates of the member in the community whose period overlaps."""
        return self.filter(
            member=member,
            community=community,
            status__in=[Certificate.Status.REQUESTED, Certificate.Status.ISSUED],
            period_start__lte=end,
            period_end__gte=start,
        )


class Certificate(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the fasilitator")
        ISSUED = "issued", _("Issued")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("community"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("member"),
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), max_length=1000, blank=True)

    # What the certificate says, frozen when it is issued.
    number = models.CharField(_("number"), max_length=40, blank=True)
    code = models.CharField(_("verification code"), max_length=40, blank=True)
    holder_name = models.CharField(_("name"), max_length=150, blank=True)
    holder_nuptk = models.CharField(_("NUPTK"), max_length=16, blank=True)
    community_name = models.CharField(_("community"), max_length=120, blank=True)
    facilitator_name = models.CharField(_("fasilitator"), max_length=150, blank=True)
    per_meeting = models.PositiveSmallIntegerField(_("JP per meeting"), default=0)
    per_practice = models.PositiveSmallIntegerField(_("JP per practice"), default=0)
    meetings = models.PositiveIntegerField(_("meetings attended"), default=0)
    practices = models.PositiveIntegerField(_("practices applied in class"), default=0)
    per_lesson_study = models.PositiveSmallIntegerField(
        _("JP per lesson study"), default=0, db_default=0
    )
    lesson_studies = models.PositiveIntegerField(
        _("lesson studies taught or observed"), default=0, db_default=0
    )
    total_jp = models.PositiveIntegerField(_("total JP"), default=0)
    activities = models.JSONField(_("activities"), default=list, blank=True)

    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), max_length=1000, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["member", "community"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="certificate_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="certificate_code_unique"
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="certificate_number_unique"
            ),
        ]

    def __str__(self):
        return self.number or f"#{self.pk}"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_valid(self) -> bool:
        return self.is_issued and not self.is_revoked


class CertificateLog(models.Model):
    """Who did what to a certificate, with the reason: asked, issued, declined, revoked."""

    class Action(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("certificate log", "asked")
        ISSUED = "issued", _("issued")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("revoked")
        RULES = "rules", _("JP rules changed")

    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="log",
        verbose_name=_("certificate"),
    )
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("certificate log entry")
        verbose_name_plural = _("certificate log entries")

    def __str__(self):
        return f"{self.action} {self.at:%Y-%m-%d}"
