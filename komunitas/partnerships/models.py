"""Requests for support (permintaan dukungan): a community asks one of its partners for something
it needs, the partner answers, and both see whether it happened.

A fasilitator sends a request to a partner (a mitra of the community: kepala sekolah, pengawas,
Dinas); a member proposes one, and it goes out when a fasilitator approves it. The partner
accepts (saying what they commit to and by when), proposes something else (which a fasilitator
may accept) or declines with a reason. An accepted request becomes a support commitment of the
community (``communities.SupportCommitment``, made by communities' own action) and keeps a link
to it; the fasilitator closes it as done or not done, with a note. Every step is one
``RequestStep`` row: the request's history and its log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.communities.models import Community, Invitation, Stakeholder, SupportCommitment


class RequestError(Exception):
    """A step the request's state does not allow; the message is for the person."""


class SupportRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=SupportRequest.OPEN)


class SupportRequest(models.Model):
    class Kind(models.TextChoices):
        SPEAKER = "narasumber", _("A speaker (narasumber)")
        TIME = "jadwal", _("Time in the timetable (waktu/jadwal)")
        ROOM = "tempat", _("A place or room (tempat)")
        LETTER = "surat_tugas", _("A letter of assignment (surat tugas)")
        BUDGET = "anggaran", _("A budget line (anggaran)")
        TRAINING = "pelatihan", _("A training (pelatihan)")
        OTHER = "lainnya", _("Something else (lainnya)")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("waiting for a fasilitator")
        SENT = "sent", _("waiting for the partner")
        COUNTERED = "countered", _("partner proposed something else")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DONE = "done", pgettext_lazy("support request", "done")
        NOT_DONE = "not_done", _("not done")

    OPEN = (Status.PROPOSED, Status.SENT, Status.COUNTERED, Status.ACCEPTED)
    ANSWERED = (
        Status.COUNTERED,
        Status.ACCEPTED,
        Status.DECLINED,
        Status.DONE,
        Status.NOT_DONE,
    )

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("community"),
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("partner"),
    )
    # A partner not yet on the platform: a stakeholder of the district map who supports this
    # community, reached by email with an invitation to join as mitra. Whoever joins with that
    # address answers, and becomes ``partner`` (and is linked to the stakeholder entry).
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder"),
    )
    email = models.EmailField(_("partner's email"), blank=True)
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation"),
    )
    kind = models.CharField(_("what is asked"), max_length=12, choices=Kind.choices)
    # What it is for: a meeting, a challenge thread, a learning plan, or nothing.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the meeting"),
    )
    post = models.ForeignKey(
        "discussions.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the challenge"),
    )
    plan = models.ForeignKey(
        "journeys.LearningPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the learning plan"),
    )
    needed_by = models.DateField(_("needed by"))
    reason = models.TextField(_("why"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    answer = models.TextField(_("the partner's answer"), max_length=2000, blank=True)
    proposed_date = models.DateField(_("date the partner commits to"), null=True, blank=True)
    commitment = models.ForeignKey(
        SupportCommitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support commitment"),
    )
    outcome_note = models.TextField(_("note on how it went"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_before_at = models.DateTimeField(
        _("reminded before the due date at"), null=True, blank=True, editable=False
    )
    reminded_overdue_at = models.DateTimeField(
        _("reminded of the overdue support at"), null=True, blank=True, editable=False
    )

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for support")
        verbose_name_plural = _("requests for support")
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["partner", "status"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.community_id}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("partnerships:detail", args=[self.pk])

    @property
    def addressee(self) -> str:
        """Who the request is for, as the page shows it."""
        if self.partner_id:
            return self.partner.full_name
        return self.stakeholder.name if self.stakeholder_id else self.email

    def is_addressed_to(self, user) -> bool:
        if self.partner_id:
            return self.partner_id == user.pk
        return bool(self.email) and self.email.lower() == (user.email or "").lower()

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def due_date(self):
        """The date the support is due: what the partner committed to, else what was asked."""
        return self.proposed_date or self.needed_by

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.ACCEPTED and self.due_date < timezone.localdate()


class RequestStep(models.Model):
    """One step of a request: its history on the page and its log."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("proposed by a member")
        SENT = "sent", _("sent to the partner")
        ACCEPTED = "accepted", _("accepted by the partner")
        COUNTERED = "countered", _("the partner proposed something else")
        COUNTER_ACCEPTED = "counter_accepted", _("the proposal was accepted")
        DECLINED = "declined", _("declined by the partner")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DONE = "done", _("marked done")
        NOT_DONE = "not_done", _("marked not done")
        REMINDED = "reminded", _("reminder sent")
        OVERDUE = "overdue", _("overdue reminder sent")

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="steps", verbose_name=_("request")
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("step of a request")
        verbose_name_plural = _("steps of requests")
        constraints = [
            # Each reminder once per request, however often the job runs.
            models.UniqueConstraint(
                fields=["request", "kind"],
                condition=models.Q(kind__in=["reminded", "overdue"]),
                name="partnerships_one_reminder_each",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.request_id}"
