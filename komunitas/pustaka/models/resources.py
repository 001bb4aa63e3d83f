"""A resource of the library (pustaka), its versions and the members' "bermanfaat" votes."""

import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.accounts.models import Phase, Subject, User
from komunitas.communities.models import Community, Membership
from komunitas.communities.models.community import is_operator
from komunitas.lib import uploads

# The grades each Kurikulum Merdeka phase spans (DESIGN.md §3b).
PHASE_GRADES = {
    "A": (1, 2),
    "B": (3, 4),
    "C": (5, 6),
    "D": (7, 9),
    "E": (10, 10),
    "F": (11, 12),
}


class ResourceQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True).filter(
            Q(community__isnull=True) | Q(community__deleted_at__isnull=True)
        )

    def visible_to(self, user):
        """What the user may open: resources for everyone, and those of their communities.

        The same rule as ``resource.view`` in rules.py, as one query. Operators see all.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        alive = self.alive()
        if is_operator(user):
            return alive
        mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        return alive.filter(
            Q(audience=Resource.Audience.EVERYONE) | Q(community__in=mine.values("community_id"))
        )

    def with_applied_count(self):
        """``applied_count``: how many "Saya terapkan di kelas" reports name each resource
        (discussions.ClassroomApplication, the one model for them), as subqueries.

        A resource saved from a discussion counts the thread's reports too (the evidence comes
        along), unless the thread is in a private community and the resource is shown to
        everyone: then only its own count shows, so nothing of the private community leaks.
        """
        from django.contrib.contenttypes.models import ContentType

        from komunitas.discussions.models import ClassroomApplication, Post

        def count(model, ref):
            rows = ClassroomApplication.objects.filter(
                target_type=ContentType.objects.get_for_model(model), target_id=OuterRef(ref)
            )
            return Coalesce(
                Subquery(rows.order_by().values("target_id").annotate(n=Count("pk")).values("n")),
                0,
            )

        thread_shown = Q(source_post__isnull=False) & (
            Q(audience=Resource.Audience.COMMUNITY)
            | Q(source_post__community__visibility=Community.Visibility.PUBLIC)
        )
        return self.annotate(
            applied_count=count(Resource, "pk")
            + Case(When(thread_shown, then=count(Post, "source_post_id")), default=Value(0))
        )

    def find(self, *, subject=None, phase=None, kind="", community=None):
        """Narrowed by the browse filters (words go through the shared search, see views)."""
        qs = self
        if subject:
            qs = qs.filter(subject=subject)
        if phase:
            qs = qs.filter(phase=phase)
        if kind:
            qs = qs.filter(kind=kind)
        if community:
            qs = qs.filter(community=community)
        return qs


class Resource(models.Model):
    """Teaching material: a file or a link with its curriculum place, licence and attribution."""

    class Kind(models.TextChoices):
        MODUL_AJAR = "modul_ajar", _("Modul ajar (teaching module)")
        ASESMEN = "asesmen", _("Asesmen (assessment)")
        MEDIA_AJAR = "media_ajar", _("Media ajar (teaching media)")
        LEMBAR_KERJA = "lembar_kerja", _("Lembar kerja (worksheet)")
        ARTIKEL = "artikel", _("Article")
        VIDEO = "video", _("Video")
        TAUTAN = "tautan", _("Link")
        LAINNYA = "lainnya", _("Other")

    class Language(models.TextChoices):
        INDONESIAN = "id", _("Bahasa Indonesia")
        ENGLISH = "en", pgettext_lazy("language of a resource", "English")
        REGIONAL = "daerah", _("A regional language")
        OTHER = "lain", _("Another language")

    class Licence(models.TextChoices):
        CC_BY = "cc-by", _("CC BY (share and adapt, credit the author)")
        CC_BY_SA = "cc-by-sa", _("CC BY-SA (share and adapt under the same licence)")
        CC_BY_NC = "cc-by-nc", _("CC BY-NC (share and adapt, not for sale)")
        ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")

    class Audience(models.TextChoices):
        COMMUNITY = "community", _("Members of the community only")
        EVERYONE = "everyone", _("Everyone signed in")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        max_length=20_000,
        blank=True,
        help_text=_("What it is, how to use it in class. Markdown is allowed."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.MODUL_AJAR)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    phase = models.ForeignKey(
        Phase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phase"),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 to 12, if it is for one grade."),
    )
    topic = models.CharField(
        _("curriculum topic"),
        max_length=200,
        blank=True,
        help_text=_("The topic or learning outcome (capaian pembelajaran) it serves."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.INDONESIAN
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    author_name = models.CharField(
        pgettext_lazy("resource", "author"),
        max_length=200,
        blank=True,
        help_text=_("Who made it, if not you."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where it comes from: a book, a website, a training."),
    )
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("community"),
    )
    audience = models.CharField(
        _("who can see it"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    credited_to = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credited member"),
        help_text=_("The member whose work this is, when it was saved from a discussion."),
    )
    source_post = models.ForeignKey(
        "discussions.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_resources",
        verbose_name=_("saved from the discussion"),
    )
    source_reply = models.ForeignKey(
        "discussions.Reply",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_resources",
        verbose_name=_("saved from the answer"),
    )
    current_version = models.ForeignKey(
        "ResourceVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    view_count = models.PositiveIntegerField(_("views"), default=0)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    helpful_count = models.PositiveIntegerField(_("found it useful"), default=0)
    created_at = models.DateTimeField(_("added"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["subject", "phase"]),
            models.Index(fields=["-download_count"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pustaka:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.audience == self.Audience.COMMUNITY and not self.community_id:
            raise ValidationError(
                {"audience": _("Only a resource of a community can be kept to its members.")}
            )
        if self.grade and self.phase_id in PHASE_GRADES:
            low, high = PHASE_GRADES[self.phase_id]
            if not low <= self.grade <= high:
                raise ValidationError(
                    {
                        "grade": _("Grade %(grade)s is not in %(phase)s.")
                        % {"grade": self.grade, "phase": self.phase}
                    }
                )

    @property
    def is_alive(self) -> bool:
        return self.deleted_at is None and (
            self.community_id is None or self.community.deleted_at is None
        )

    def versions_newest_first(self):
        return self.versions.select_related("created_by").order_by("-number")

    def add_version(self, *, by, file=None, link="", change_note="") -> "ResourceVersion":
        """Keep every earlier version (and its downloads); the new one becomes current."""
        with uploads.atomic():
            locked = Resource.objects.select_for_update().get(pk=self.pk)
            last = locked.versions.order_by("-number").values_list("number", flat=True).first()
            version = ResourceVersion(
                resource=self,
                number=(last or 0) + 1,
                link=link,
                change_note=change_note,
                created_by=by,
            )
            if file is not None:
                version.attach(file)
            version.save()
            self.current_version = version
            Resource.objects.filter(pk=self.pk).update(
                current_version=version, updated_at=timezone.now()
            )
        return version

    def count_view(self):
        Resource.objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)

    def count_download(self, version: "ResourceVersion"):
        ResourceVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)
        Resource.objects.filter(pk=self.pk).update(download_count=F("download_count") + 1)

    def mark_helpful(self, member) -> bool:
        """Count the member's "bermanfaat" vote once; True if it is new."""
        with transaction.atomic():
            _vote, created = HelpfulVote.objects.get_or_create(resource=self, member=member)
            if created:
                Resource.objects.filter(pk=self.pk).update(helpful_count=F("helpful_count") + 1)
        return created

    def unmark_helpful(self, member) -> bool:
        with transaction.atomic():
            deleted, _ = HelpfulVote.objects.filter(resource=self, member=member).delete()
            if deleted:
                Resource.objects.filter(pk=self.pk, helpful_count__gt=0).update(
                    helpful_count=F("helpful_count") - 1
                )
        return bool(deleted)

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])


def version_upload_to(version, filename):
    """A random name under the resource: the stored name says nothing and can't be guessed."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"pustaka/{version.resource_id}/{uuid.uuid4().hex}{extension}"


class ResourceVersion(models.Model):
    """One upload (or one link) of a resource; a new version never replaces an old one."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="versions", verbose_name=_("resource")
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_upload_to, max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True, verbose_name=_("content type"))
    size = models.PositiveBigIntegerField(_("size"), default=0)
    link = models.URLField(_("link"), max_length=500, blank=True)
    change_note = models.TextField(_("what changed"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="pustaka_version_unique"),
        ]

    def __str__(self):
        return f"{self.resource} v{self.number}"

    def attach(self, upload):
        """Store a checked upload (see komunitas.lib.uploads) under a random name."""
        name = os.path.basename(upload.name.replace("\\", "/"))
        self.filename = "".join(c for c in name if c.isprintable())[:200] or "file"
        self.content_type = getattr(upload, "content_type", "") or ""
        self.size = upload.size
        self.file.save(self.filename, upload, save=False)

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    def get_download_url(self):
        return reverse("pustaka:download_version", args=[self.resource_id, self.number])


class HelpfulVote(models.Model):
    """A member found a resource "bermanfaat" (useful); once per member."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="helpful_votes", verbose_name=_("resource")
    )
    member = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [
            models.UniqueConstraint(fields=["resource", "member"], name="pustaka_vote_once"),
        ]

    def __str__(self):
        return f"{self.member} → {self.resource}"
