"""A member's reflection journal: Refleksi 4F (Facts, Feelings, Findings, Future) or free text,
about a meeting, a post, a plan or a training; private unless the member shares it."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.journeys.models.visibility import OwnWritingQuerySet, Visibility


class ReflectionQuerySet(OwnWritingQuerySet):
    OWNER = "author"


class Reflection(models.Model):
    class Template(models.TextChoices):
        FOUR_F = "4f", _("Refleksi 4F (Facts, Feelings, Findings, Future)")
        FREE = "free", _("Free text")

    author = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("author")
    )
    title = models.CharField(_("title"), max_length=200)
    template = models.CharField(
        _("template"), max_length=4, choices=Template.choices, default=Template.FOUR_F
    )
    facts = models.TextField(_("Facts"), max_length=4000, blank=True, help_text=_("What happened?"))
    feelings = models.TextField(
        _("Feelings"), max_length=4000, blank=True, help_text=_("What did I feel, and why?")
    )
    findings = models.TextField(
        _("Findings"), max_length=4000, blank=True, help_text=_("What did I learn from it?")
    )
    future = models.TextField(
        _("Future"), max_length=4000, blank=True, help_text=_("What will I do next time?")
    )
    body = models.TextField(_("reflection"), max_length=8000, blank=True)
    about_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about (kind)"),
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("about (id)"))
    about = GenericForeignKey("about_type", "about_id")
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community"),
    )
    shared_post = models.ForeignKey(
        "discussions.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared as"),
    )
    written_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        indexes = [
            models.Index(fields=["author", "-written_on"]),
            models.Index(fields=["about_type", "about_id"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journeys:reflection", args=[self.pk])

    @property
    def is_four_f(self):
        return self.template == self.Template.FOUR_F

    def sections(self) -> list[tuple[str, str]]:
        """(heading, text) pairs in reading order, empty ones left out."""
        if not self.is_four_f:
            return [("", self.body)] if self.body else []
        pairs = [
            (_("Facts"), self.facts),
            (_("Feelings"), self.feelings),
            (_("Findings"), self.findings),
            (_("Future"), self.future),
        ]
        return [(str(h), t) for h, t in pairs if t]

    def as_markdown(self) -> str:
        """The reflection as one Markdown text (for a Refleksi post)."""
        return "\n\n".join(f"**{h}**\n\n{t}" if h else t for h, t in self.sections())

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])
