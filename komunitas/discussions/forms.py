"""Forms of discussions: one post form that takes the shape of each kind, replies, reports,
moderation, filters and "applied in class"."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase, Subject
from komunitas.accounts.widgets import SuggestedCheckboxes
from komunitas.discussions.limits import too_many_files
from komunitas.discussions.models import (
    GOOD_PRACTICE_SECTIONS,
    MAX_ATTACHMENTS,
    Attachment,
    ClassroomApplication,
    Post,
    Reaction,
    Reply,
    Report,
    Tag,
)
from komunitas.lib import choice_fields
from komunitas.lib.uploads import AttachmentField, ImageField, content_type_for
from komunitas.lib.widgets import DateInput

MARKDOWN_HELP = _("Markdown works: **bold**, lists, links.")
MAX_TAGS = 8

#: How each kind asks for its text: (label of the body, help text of the body, body required).
KIND_TEXT = {
    Post.Kind.QUESTION: (
        _("Your question"),
        _("What do you want to know? Say what you teach and what you already tried."),
        True,
    ),
    Post.Kind.CHALLENGE: (
        _("The challenge"),
        _(
            "What happened in class, for example after a training: what you tried, what did not "
            "work, what you need."
        ),
        True,
    ),
    Post.Kind.CONCERN: (
        _("Your concern"),
        _("What worries you in your practice, with pupils or parents?"),
        True,
    ),
    Post.Kind.GOOD_PRACTICE: (
        _("Summary"),
        _("Optional: one or two sentences that say what the practice is."),
        False,
    ),
    Post.Kind.REFLECTION: (
        _("Your reflection"),
        _(
            "You may follow Refleksi 4F: Facts (what happened), Feelings, Findings (what you "
            "learned), Future (what you will do)."
        ),
        True,
    ),
    Post.Kind.ANNOUNCEMENT: (
        _("Announcement"),
        _("Every member of the community hears of it."),
        True,
    ),
}
SECTION_HELP = {
    "context": _("Your school, class, phase and subject; the pupils and what they needed."),
    "what_i_did": _("The steps, so a colleague can try it tomorrow."),
    "pupils_response": _("What the pupils did and said."),
    "evidence": _("Work samples, results, observations (attach photos or documents below)."),
    "what_i_would_change": _("What you would do differently next time."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(AttachmentField):
    """Up to MAX_ATTACHMENTS pictures or documents, each checked by komunitas.lib.uploads.

    Cleans to a list of ``(kind, file)`` pairs for ``services.add_attachments``.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Attach at most %(max)d files."), params={"max": MAX_ATTACHMENTS}, code="max"
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                checked = super().clean(upload, initial)
            except ValidationError as error:
                errors.extend(error.error_list)
                continue
            kind = "image" if content_type_for(checked.name).startswith("image/") else "document"
            cleaned.append((kind, checked))
        if errors:
            raise ValidationError(errors)
        return cleaned


class AttachedFilesField(choice_fields.ModelMultipleChoiceField):
    """The files on a post, to tick for removal; each named with its size."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({filesizeformat(obj.size)})"


class TagsField(forms.CharField):
    """Topics as words separated by commas; cleans to a list of names."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault(
            "help_text", _("Separated by commas, e.g. asesmen diagnostik, literasi, kelas awal.")
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        names = [" ".join(n.split()) for n in value.split(",") if n.strip()]
        if len(names) > MAX_TAGS:
            raise ValidationError(
                _("Give at most %(max)d topics."), params={"max": MAX_TAGS}, code="max"
            )
        if any(len(n) > 40 for n in names):
            raise ValidationError(_("A topic is at most 40 characters long."), code="long")
        return names


class MentionsMixin:
    """Text fields that suggest the community's members after "@" (discussions/mentions.js
    asks ``mention_url``, the view ``mention_suggestions``); without JavaScript nothing
    changes."""

    def __init__(self, *args, mention_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.mention_url = mention_url
        self.offer_mentions()

    def offer_mentions(self):
        if not self.mention_url:
            return
        for name in ("body", *(n for n, _l in GOOD_PRACTICE_SECTIONS)):
            if name in self.fields:
                self.fields[name].widget.attrs["data-mention-url"] = self.mention_url


class EditAttachmentsMixin:
    """Editing a post or a reply: its files may be removed (boxes) and new ones added, with the
    limit of MAX_ATTACHMENTS counted on what the item would carry after the edit (the service,
    ``change_attachments``, holds it too)."""

    files_of = None  # the post or the reply whose files are edited

    def edit_attachments(self, item):
        self.files_of = item
        current = Attachment.objects.of(item).current()
        self.attached_count = current.count()
        field = self.fields["attachments"]
        field.label = _("Add photos and documents")
        if isinstance(item, Reply):
            field.help_text = _("A reply carries at most %(max)d files, pictures or documents.")
        else:
            field.help_text = _("A post carries at most %(max)d files, pictures or documents.")
        field.help_text %= {"max": MAX_ATTACHMENTS}
        if self.attached_count:
            self.fields["remove_attachments"] = AttachedFilesField(
                current,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Remove files"),
                help_text=_(
                    "The edit history keeps the names of removed files; only you and the "
                    "moderators see them."
                ),
            )
        self.order_fields([n for n in self.fields if n != "attachments"] + ["attachments"])

    def removed_ids(self) -> list[int]:
        return [a.pk for a in self.cleaned_data.get("remove_attachments") or []]

    def clean(self):
        cleaned = super().clean()
        if self.files_of is not None and "attachments" in cleaned:
            removed = cleaned.get("remove_attachments") or []
            total = self.attached_count - len(removed) + len(cleaned["attachments"])
            if total > MAX_ATTACHMENTS:
                is_reply = isinstance(self.files_of, Reply)
                message = too_many_files(total, is_reply=is_reply)
                self.add_error("attachments", ValidationError(message, code="max"))
        return cleaned


class PostForm(EditAttachmentsMixin, MentionsMixin, forms.Form):
    """The form of one kind of post: the body's label and the good-practice sections depend on
    the kind."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, required=False
    )
    tags = TagsField()
    subjects = choice_fields.ModelMultipleChoiceField(
        Subject.objects.all(),
        required=False,
        widget=SuggestedCheckboxes,
        label=_("Subjects"),
    )
    phases = choice_fields.ModelMultipleChoiceField(
        Phase.objects.all(),
        required=False,
        widget=SuggestedCheckboxes,
        label=_("Phases"),
    )
    attachments = AttachmentsField(label=_("Photos and documents"))

    def __init__(self, *args, kind, post=None, community=None, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.post = post
        label, help_text, required = KIND_TEXT[kind]
        body = self.fields["body"]
        body.label, body.required = label, required
        body.help_text = format_lazy("{} {}", help_text, MARKDOWN_HELP)
        if kind == Post.Kind.GOOD_PRACTICE:
            for name, section_label in GOOD_PRACTICE_SECTIONS:
                self.fields[name] = forms.CharField(
                    label=section_label,
                    help_text=SECTION_HELP[name],
                    required=name in ("context", "what_i_did"),
                    max_length=10000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            # Sections come right after the summary.
            order = ["title", "body", *(n for n, _l in GOOD_PRACTICE_SECTIONS)]
            self.order_fields(order)
        if kind == Post.Kind.ANNOUNCEMENT:
            for name in ("subjects", "phases"):
                del self.fields[name]
        elif community is not None and author is not None:
            self.suggest_subjects_and_phases(community, author, prefill=post is None)
        if post is not None:
            self.edit_attachments(post)
        self.offer_mentions()  # the sections of a good practice, too

    def offer_safe_space(self, *, members_only: bool, anonymous: bool):
        """A new post's "who sees it" choice (starting as the community's default for the kind)
        and, where the author may, "post anonymously"."""
        self.fields["members_only"] = forms.TypedChoiceField(
            label=_("Who sees this post"),
            choices=[
                ("1", _("Members only (no partners)")),
                ("0", _("Everyone who may see the community")),
            ],
            coerce=lambda value: value == "1",
            empty_value=None,  # not sent: the community's default for the kind
            required=False,
            widget=forms.RadioSelect,
            initial="1" if members_only else "0",
            help_text=_(
                "Members only: the community's fasilitator and anggota read it and its replies; "
                "its partners (kepala sekolah, pengawas, Dinas) never do."
            ),
        )
        if anonymous:
            self.fields["anonymous"] = forms.BooleanField(
                label=_("Post anonymously"),
                required=False,
                help_text=_(
                    "Readers see “A member” instead of your name. Only the community's "
                    "facilitators can look up who wrote it, and each look is logged."
                ),
            )

    def suggest_subjects_and_phases(self, community, author, *, prefill):
        """Show the subjects and phases of the community and of the author's profile, the rest
        folded away; a new post starts with those both share (else the community's, else the
        author's own)."""
        for name in ("subjects", "phases"):
            ours = set(getattr(community, name).values_list("pk", flat=True))
            theirs = set(getattr(author, name).values_list("pk", flat=True))
            self.fields[name].widget.suggested = {str(pk) for pk in ours | theirs}
            if prefill and name not in self.initial:
                self.initial[name] = sorted((ours & theirs) or ours or theirs)

    @classmethod
    def initial_for(cls, post) -> dict:
        initial = {
            "title": post.title,
            "body": post.body,
            "tags": ", ".join(t.name for t in post.tags.all()),
            "subjects": list(post.subjects.all()),
            "phases": list(post.phases.all()),
        }
        initial.update({name: getattr(post, name) for name, _l in GOOD_PRACTICE_SECTIONS})
        return initial

    def sections(self) -> dict:
        return {
            name: self.cleaned_data.get(name, "")
            for name, _l in GOOD_PRACTICE_SECTIONS
            if name in self.fields
        }

    def draft_data(self) -> dict:
        """What to keep in a draft when the form cannot be saved (the typed text)."""
        data = self.data
        return {
            "tags": data.get("tags", ""),
            **{name: data.get(name, "") for name, _l in GOOD_PRACTICE_SECTIONS},
        }

    def safe_space(self) -> dict:
        """The chosen "who sees it" and "anonymous" as ``do_create_post`` arguments."""
        return {
            "members_only": self.cleaned_data.get("members_only"),
            "anonymous": self.cleaned_data.get("anonymous", False),
        }


class ReplyForm(MentionsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("Markdown works. Write @ and a member's full name to mention them."),
    )
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachments = AttachmentsField(label=_("Photos and documents"))


class ReplyEditForm(EditAttachmentsMixin, MentionsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("Markdown works. Write @ and a member's full name to mention them."),
    )
    attachments = AttachmentsField(label=_("Photos and documents"))

    def __init__(self, *args, reply, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_attachments(reply)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The author and the other facilitators see the reason."),
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class ReportForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = Report
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": _("What is wrong?"), "note": _("Tell the facilitators more")}


class MoveForm(forms.Form):
    community = choice_fields.ModelChoiceField(queryset=None, label=_("Move to"))
    reason = forms.CharField(label=_("Why"), max_length=1000, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class ShareForm(forms.Form):
    community = choice_fields.ModelChoiceField(queryset=None, label=_("Share into"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.Kind.choices)
    reply = forms.IntegerField(required=False)


class FeedFilterForm(forms.Form):
    """Filters of a community's or a member's feed (all optional, read from the query string)."""

    STATUS_CHOICES = [
        ("", _("All")),
        ("unanswered", _("Unanswered")),
        ("unsolved", _("Unsolved")),
        ("solved", _("Solved")),
        ("featured", _("Featured")),
    ]
    ORDER_CHOICES = [
        ("", _("Newest")),
        ("help", _("Needs help first")),
        ("activity", _("Latest activity")),
    ]

    urut = forms.ChoiceField(label=_("Order"), choices=ORDER_CHOICES, required=False)
    jenis = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Post.Kind.choices], required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    topik = choice_fields.ModelChoiceField(
        Tag.objects.all(), to_field_name="slug", required=False, label=_("Topic")
    )
    mapel = choice_fields.ModelChoiceField(
        Subject.objects.all(), required=False, label=_("Subject"), empty_label=_("All subjects")
    )
    fase = choice_fields.ModelChoiceField(
        Phase.objects.all(), required=False, label=_("Phase"), empty_label=_("All phases")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topik"].widget = forms.HiddenInput()

    def is_filtering(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def apply(self, posts):
        if not self.is_valid():
            return posts.order_by("-is_pinned", "-created_at", "-pk")
        data = self.cleaned_data
        if data["jenis"]:
            posts = posts.filter(kind=data["jenis"])
        status = data["status"]
        if status == "unanswered":
            posts = posts.unanswered()
        elif status == "unsolved":
            posts = posts.unsolved()
        elif status == "solved":
            posts = posts.solved()
        elif status == "featured":
            posts = posts.filter(is_featured=True)
        if data["topik"]:
            posts = posts.filter(tags=data["topik"])
        if data["mapel"]:
            posts = posts.filter(subjects=data["mapel"])
        if data["fase"]:
            posts = posts.filter(phases=data["fase"])
        if data["urut"] == "help":
            return posts.needs_help_first()
        if data["urut"] == "activity":
            return posts.order_by("-last_activity_at", "-pk")
        return posts.order_by("-is_pinned", "-created_at", "-pk")


class ApplicationForm(forms.ModelForm):
    """ "Saya terapkan di kelas": when, which class and phase, what happened, the outcome."""

    photo = ImageField(label=_("Photo (optional)"), required=False)

    class Meta:
        formfield_callback = choice_fields.formfield
        model = ClassroomApplication
        fields = ["applied_on", "class_name", "phase", "what_happened", "outcome", "note"]
        widgets = {
            "applied_on": DateInput(),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "what_happened": _("What you did in class and what the pupils did."),
            "note": _("Why you judge the outcome so: what you saw in the pupils' work or talk."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = ClassroomApplication.Outcome.choices  # no blank choice
        self.fields["applied_on"].initial = timezone.localdate

    def clean_applied_on(self):
        applied_on = self.cleaned_data["applied_on"]
        if applied_on > timezone.localdate():
            raise ValidationError(_("That date is still to come; report it after the lesson."))
        return applied_on


class DiscussionSettingsForm(forms.Form):
    """A facilitator's choices for the community's discussions (``DiscussionSettings``)."""

    members_only_kinds = forms.MultipleChoiceField(
        label=_("New posts of these kinds start as members only"),
        choices=[(k, label) for k, label in Post.Kind.choices if k != Post.Kind.ANNOUNCEMENT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The author can still choose, post by post."),
    )
    anonymous_allowed = forms.BooleanField(
        label=_("Members may ask a question or share a concern anonymously"), required=False
    )
