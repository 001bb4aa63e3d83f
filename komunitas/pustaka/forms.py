from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase, Subject
from komunitas.communities.models import Community
from komunitas.lib import choice_fields, uploads
from komunitas.permissions import can
from komunitas.pustaka.links import validate_link
from komunitas.pustaka.models import Collection, Resource

ONLY_COMMUNITY = _("Only a resource of a community can be kept to its members.")
METADATA_FIELDS = [
    "title",
    "kind",
    "description",
    "subject",
    "phase",
    "grade",
    "topic",
    "language",
    "licence",
    "author_name",
    "source",
    "audience",
]


class LinkField(forms.CharField):
    """A web address, checked by its shape and never fetched (see links.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("widget", forms.URLInput(attrs={"inputmode": "url"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return validate_link(value) if value else ""


IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp", "gif"}


class ResourceFileField(uploads.DocumentField):
    """A document (PDF, Office, OpenDocument) or a picture for teaching media, each checked on
    its content by komunitas.lib.uploads; judged by what the name claims, so a message says
    what is wrong with that kind of file."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("PDF, Word, Excel, PowerPoint or OpenDocument, or a picture (JPEG, PNG)."),
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(
            f".{e}" for e in [*uploads.DOCUMENT_TYPES, *sorted(IMAGE_EXTENSIONS)]
        )

    def check(self, upload):
        if uploads._extension(upload.name) in IMAGE_EXTENSIONS:
            return uploads.clean_image(upload)
        uploads.clean_document(upload)
        return upload


class _ContentMixin:
    """A file or a link: exactly one of them, unless ``content_optional``."""

    content_optional = False

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_link = bool(cleaned.get("link"))
        if has_file and has_link:
            raise ValidationError(_("Give a file or a link, not both."))
        if not (has_file or has_link or self.content_optional or self.errors):
            raise ValidationError(_("Upload a file or give a link."))
        return cleaned


class ResourceForm(_ContentMixin, forms.ModelForm):
    """A new resource with its first version."""

    community = choice_fields.ModelChoiceField(
        Community.objects.none(),
        required=False,
        label=_("Community"),
        empty_label=_("None: for every member of Komunitas Praktisi"),
    )
    file = ResourceFileField(label=_("File"), required=False)
    link = LinkField(
        label=_("Or a link"),
        required=False,
        help_text=_("A video, a website or a shared folder. The address is not visited for you."),
    )

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Resource
        fields = ["community", *METADATA_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, user, content_optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.content_optional = content_optional
        allowed = [
            c.pk
            for c in Community.objects.of_member(user).order_by("name")
            if can(user, "resource.create", c)
        ]
        self.fields["community"].queryset = Community.objects.filter(pk__in=allowed).order_by(
            "name"
        )
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["phase"].queryset = Phase.objects.all()
        self.order_fields(["title", "kind", "file", "link", "description", "community"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == Resource.Audience.COMMUNITY and not cleaned.get("community"):
            self.add_error("audience", ONLY_COMMUNITY)
        return cleaned


class SaveFromPostForm(ResourceForm):
    """A resource made from a good practice or a solution: it belongs to the thread's community
    (so no community to choose), and its text may be all it has."""

    def __init__(self, *args, post, **kwargs):
        self.post = post
        super().__init__(*args, content_optional=True, **kwargs)
        del self.fields["community"]
        self.fields["file"].help_text = _("Optional: a worksheet or module that goes with it.")

    def clean(self):
        self.cleaned_data["community"] = self.post.community
        return super().clean()


class ResourceEditForm(forms.ModelForm):
    """The description of a resource; its file or link changes through a new version."""

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Resource
        fields = METADATA_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.RadioSelect,
        }

    def clean_audience(self):
        audience = self.cleaned_data["audience"]
        if audience == Resource.Audience.COMMUNITY and not self.instance.community_id:
            raise ValidationError(ONLY_COMMUNITY)
        return audience


class VersionForm(_ContentMixin, forms.Form):
    file = ResourceFileField(label=_("New file"), required=False)
    link = LinkField(label=_("Or a new link"), required=False)
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “Fixed the answer key of question 4; added a page for Fase C.”"),
    )


class FindForm(forms.Form):
    SORTS = [
        ("", _("Best match, or newest")),
        ("newest", _("Newest")),
        ("most_used", _("Most used")),
        ("most_helpful", _("Most useful")),
        ("most_applied", _("Most applied in class")),
    ]

    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    subject = choice_fields.ModelChoiceField(
        Subject.objects.all(), required=False, label=_("Subject"), empty_label=_("Any subject")
    )
    phase = choice_fields.ModelChoiceField(
        Phase.objects.all(), required=False, label=_("Phase"), empty_label=_("Any phase")
    )
    kind = forms.ChoiceField(
        choices=[("", _("Any type")), *Resource.Kind.choices], required=False, label=_("Type")
    )
    community = choice_fields.ModelChoiceField(
        Community.objects.none(),
        required=False,
        label=_("Community"),
        to_field_name="slug",
        empty_label=_("Any community"),
    )
    sort = forms.ChoiceField(choices=SORTS, required=False, label=_("Order"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            Community.objects.visible_to(user).only("slug", "name").order_by("name")
        )  # the choices need no more than these (every visible community is listed)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "words": data["q"],
            "subject": data["subject"],
            "phase": data["phase"],
            "kind": data["kind"],
            "community": data["community"],
        }

    def ordering(self) -> str:
        """The chosen order; empty for the best match when searching words, else newest."""
        return (self.is_valid() and self.cleaned_data["sort"]) or ""


class CollectionForm(forms.ModelForm):
    community = choice_fields.ModelChoiceField(
        Community.objects.none(),
        required=False,
        label=_("Community"),
        empty_label=_("None: a personal collection only I see"),
    )

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Collection
        fields = ["title", "description", "community"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["community"]  # a collection stays where it was made
            return
        curated = [
            c.pk for c in Community.objects.of_member(user) if can(user, "collection.create", c)
        ]
        self.fields["community"].queryset = Community.objects.filter(pk__in=curated).order_by(
            "name"
        )


class AddToCollectionForm(forms.Form):
    collection = choice_fields.ModelChoiceField(
        Collection.objects.none(), label=_("Add to collection"), empty_label=None
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = Collection.objects.filter(
            pk__in=[c.pk for c in choices]
        )
