"""From training to practice: the trainings a member attended and the challenges of applying
them in class, which the member can take to a community as a Tantangan."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community


class TrainingQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def of(self, user):
        return self.alive().filter(member=user)


class Training(models.Model):
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("member")
    )
    name = models.CharField(
        _("training"), max_length=200, help_text=_("For example: Pendidikan Guru Penggerak")
    )
    organiser = models.CharField(
        _("organiser"), max_length=200, blank=True, help_text=_("For example: BGP DIY")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    topics = models.CharField(
        _("topics"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("journeys:training", args=[self.pk])

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


class TrainingChallenge(models.Model):
    """A difficulty met when applying a training in class; posted, it becomes a Tantangan."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("training")
    )
    title = models.CharField(_("challenge"), max_length=200)
    detail = models.TextField(
        _("what happens in class"),
        max_length=4000,
        blank=True,
        help_text=_("What you tried, what happened, what you need."),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted to"),
    )
    post = models.ForeignKey(
        "discussions.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Tantangan post"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("training challenge")
        verbose_name_plural = _("training challenges")

    def __str__(self):
        return self.title

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])
