"""Posts: a question, a challenge, a concern, a good practice, a reflection or an announcement.

A post lives in one community and is seen by whoever may see that community (see ``visible_to``).
Deleting is soft; hiding is a facilitator's moderation and leaves the post visible to its author,
the community's facilitators and operators. The methods change the post's own row; the actions
(``discussions.actions``) write the moderation log beside them.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase, Subject
from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Community, Membership
from komunitas.lib.formats import moment

#: The sections of a good practice (praktik baik), in the order they are written and shown.
GOOD_PRACTICE_SECTIONS = [
    ("context", _("Context")),
    ("what_i_did", _("What I did")),
    ("pupils_response", _("How the pupils responded")),
    ("evidence", _("Evidence")),
    ("what_i_would_change", _("What I would change")),
]


class DiscussionError(Exception):
    """A change the rules do not allow; the message is for the person."""


class SolutionError(DiscussionError):
    pass


class Tag(models.Model):
    """A topic tag (subjects and phases have their own reference tables)."""

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(_("address"), max_length=50, unique=True, allow_unicode=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("discussions:tag", args=[self.slug])

    @classmethod
    def from_names(cls, names) -> list["Tag"]:
        """The tags with these names, made when new; the same word in any case is one tag."""
        tags, seen = [], set()
        for name in names:
            name = " ".join(name.split())[:40]
            slug = slugify(name)[:50]
            if not slug or slug in seen:
                continue
            seen.add(slug)
            tag, _created = cls.objects.get_or_create(slug=slug, defaults={"name": name})
            tags.append(tag)
        return tags


def facilitated_communities(user):
    """Ids of the communities the user facilitates (a subquery, not a list)."""
    return Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, role=Membership.Role.FASILITATOR
    ).values("community_id")


def colleague_communities(user):
    """Ids of the communities where the user is a colleague, fasilitator or anggota (not a
    partner): who may read a members-only post (a subquery, not a list)."""
    return Membership.objects.filter(
        user=user,
        status=Membership.Status.ACTIVE,
        role__in=(Membership.Role.FASILITATOR, Membership.Role.ANGGOTA),
    ).values("community_id")


class PostQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True, community__deleted_at__isnull=True)

    def visible_to(self, user):
        """Posts the user may read: in communities they may see, not deleted, and not hidden
        unless they wrote the post, facilitate its community or are an operator."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        posts = self.alive().filter(community__in=Community.objects.visible_to(user))
        if is_operator(user):
            return posts
        return posts.filter(
            Q(hidden_at__isnull=True)
            | Q(author=user)
            | Q(community__in=facilitated_communities(user))
        ).filter(Q(members_only=False) | Q(community__in=colleague_communities(user)))

    def of_member(self, user):
        """Posts of the communities the user is an active member of.

        A join through the user's membership (one per community and member, so no post comes
        twice) rather than ``community__in=Community.objects.of_member(user)``: next to
        ``visible_to``'s list of every visible community, SQLite would start from that long list
        and read every post of the district; from the join it starts from the member's few
        memberships (at district scale 3 ms instead of 11 ms a query)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            community__deleted_at__isnull=True,
            community__memberships__user=user,
            community__memberships__status=Membership.Status.ACTIVE,
        )

    def open_to_all(self):
        """Posts the community's normal visibility covers: not members-only. What partners'
        reports and exports may quote (they count every post, as a number)."""
        return self.filter(members_only=False)

    def listed(self):
        """Posts as lists show them: not hidden (moderators find hidden ones in the log)."""
        return self.filter(hidden_at__isnull=True)

    def unanswered(self):
        return self.filter(reply_count=0)

    def unsolved(self):
        return self.filter(kind__in=Post.SOLVABLE_KINDS, solution__isnull=True)

    def solved(self):
        return self.filter(solution__isnull=False)

    def needs_help_first(self):
        """Unanswered questions and challenges first, then unsolved ones, then the rest; newest
        first within each group."""
        waiting = models.Case(
            models.When(Q(kind__in=Post.SOLVABLE_KINDS, reply_count=0), then=0),
            models.When(Q(kind__in=Post.SOLVABLE_KINDS, solution__isnull=True), then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return self.annotate(help_rank=waiting).order_by("help_rank", "-created_at", "-pk")

    def for_list(self):
        return self.select_related("community", "author").prefetch_related("tags")


class Post(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question (pertanyaan)")
        CHALLENGE = "challenge", _("Challenge (tantangan)")
        CONCERN = "concern", _("Concern (kekhawatiran)")
        GOOD_PRACTICE = "good_practice", _("Good practice (praktik baik)")
        REFLECTION = "reflection", _("Reflection (refleksi)")
        ANNOUNCEMENT = "announcement", _("Announcement (pengumuman)")

    SOLVABLE_KINDS = (Kind.QUESTION, Kind.CHALLENGE)

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="posts", verbose_name=_("community")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    # The sections of a good practice; empty for the other kinds.
    context = models.TextField(_("context"), max_length=5000, blank=True)
    what_i_did = models.TextField(_("what I did"), max_length=10000, blank=True)
    pupils_response = models.TextField(_("how the pupils responded"), max_length=5000, blank=True)
    evidence = models.TextField(_("evidence"), max_length=5000, blank=True)
    what_i_would_change = models.TextField(_("what I would change"), max_length=5000, blank=True)

    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("topics"))
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="posts", verbose_name=_("subjects")
    )
    phases = models.ManyToManyField(
        Phase, blank=True, related_name="posts", verbose_name=_("phases")
    )

    solution = models.ForeignKey(
        "discussions.Reply",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solution"),
    )
    solved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solved by"),
    )
    shared_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shares",
        verbose_name=_("shared from"),
    )

    # Who sees it: members only (fasilitator and anggota, never the partners), or whoever may
    # see the community (see rules.py and ``visible_to``).
    members_only = models.BooleanField(
        _("members only (no partners)"), default=False, db_default=False
    )
    # Written anonymously: every reader sees "A member"; the facilitators may look up who wrote
    # it, and that look is logged (``actions.do_reveal_author``).
    is_anonymous = models.BooleanField(_("anonymous"), default=False, db_default=False)

    reply_count = models.PositiveIntegerField(default=0, verbose_name=_("reply count"))
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    last_activity_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("last activity at")
    )
    first_reply_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)

    is_featured = models.BooleanField(_("featured"), default=False)
    featured_at = models.DateTimeField(null=True, blank=True, verbose_name=_("featured at"))
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden at"))
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("deleted at"))
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["community", "kind", "-created_at"]),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:post", args=[self.pk])

    # --- what it is

    @property
    def is_solvable(self) -> bool:
        return self.kind in self.SOLVABLE_KINDS

    @property
    def is_good_practice(self) -> bool:
        return self.kind == self.Kind.GOOD_PRACTICE

    @property
    def is_solved(self) -> bool:
        return self.solution_id is not None

    @property
    def shown_author(self):
        """The author as pages, mail and search show them: nobody for an anonymous post (the
        templates then say "A member")."""
        return None if self.is_anonymous else self.author

    def sections(self):
        """The good-practice sections that were written, as (label, text)."""
        return [
            (label, getattr(self, name))
            for name, label in GOOD_PRACTICE_SECTIONS
            if getattr(self, name)
        ]

    # --- its own state changes

    @transaction.atomic
    def edit(self, *, by, files=None, **fields):
        """Change the text, keeping the version before in the edit history.

        ``files`` records a change of attachments in the same revision (see
        ``PostRevision.files`` and ``services.change_attachments``).
        """
        PostRevision.objects.create(
            post=self,
            edited_by=by,
            title=self.title,
            body=self.body,
            sections={name: getattr(self, name) for name, _label in GOOD_PRACTICE_SECTIONS},
            files=files or {},
        )
        for name, value in fields.items():
            setattr(self, name, value)
        self.edited_at = timezone.now()
        self.save(update_fields=[*fields, "edited_at"])

    def replied(self, reply):
        """Count a new reply; the first one stamps the time to the first reply."""
        now = reply.created_at
        updates = {"reply_count": models.F("reply_count") + 1, "last_activity_at": now}
        Post.objects.filter(pk=self.pk).update(**updates)
        Post.objects.filter(pk=self.pk, first_reply_at__isnull=True).exclude(
            author_id=reply.author_id
        ).update(first_reply_at=now)
        self.refresh_from_db(fields=["reply_count", "last_activity_at", "first_reply_at"])

    @transaction.atomic
    def mark_solution(self, reply, *, by):
        if not self.is_solvable:
            raise SolutionError(_("Only a question or a challenge has a solution."))
        if reply.post_id != self.pk:
            raise SolutionError(_("The solution must be a reply to this post."))
        if reply.deleted_at or reply.hidden_at:
            raise SolutionError(_("A deleted or hidden reply cannot be the solution."))
        self.solution, self.solved_by = reply, by
        if self.solved_at is None:
            self.solved_at = timezone.now()
        self.save(update_fields=["solution", "solved_by", "solved_at"])

    @transaction.atomic
    def unmark_solution(self, *, by):
        self.solution, self.solved_by, self.solved_at = None, None, None
        self.save(update_fields=["solution", "solved_by", "solved_at"])

    def soft_delete(self, *, by):
        self.deleted_at, self.deleted_by = timezone.now(), by
        self.save(update_fields=["deleted_at", "deleted_by"])

    def hide(self, *, by, reason):
        self.hidden_at, self.hidden_by, self.hidden_reason = timezone.now(), by, reason
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])

    def unhide(self):
        self.hidden_at, self.hidden_by, self.hidden_reason = None, None, ""
        self.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])

    def set_flag(self, flag: str, value: bool):
        """Lock, pin or feature (``flag`` is "locked", "pinned" or "featured"), or undo."""
        field = f"is_{flag}"
        setattr(self, field, value)
        fields = [field]
        if flag == "featured":
            self.featured_at = timezone.now() if value else None
            fields.append("featured_at")
        self.save(update_fields=fields)

    def move_to(self, community):
        """Into another community; a pin does not travel."""
        self.community = community
        self.is_pinned = False
        self.save(update_fields=["community", "is_pinned"])


class PostRevision(models.Model):
    """The text of a post before one edit: the visible edit history."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    body = models.TextField(blank=True, verbose_name=_("body"))
    sections = models.JSONField(default=dict, blank=True, verbose_name=_("sections"))
    # The attachments before the edit and what the edit added and removed, when it changed them:
    # {"before": [...], "added": [...], "removed": [...]}, each file as {"id": pk, "name": name}
    # (the history shows a removed file's name only to who may open it: views.history).
    files = models.JSONField(default=dict, blank=True, verbose_name=_("files"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self):
        return f"{self.post_id} · {moment(self.created_at)}"
