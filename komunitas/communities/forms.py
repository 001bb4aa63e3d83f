import re
import secrets
import string

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from komunitas.accounts.models import District, Phase, Province, Regency, School, Subject, User
from komunitas.accounts.widgets import CompactCheckboxes
from komunitas.communities.models import (
    Community,
    LogEntry,
    MapEntry,
    Membership,
    Report,
    Stakeholder,
    SupportCommitment,
)
from komunitas.communities.models.community import WEEKS_OF_MONTH
from komunitas.communities.models.partners import PARTNER_ACCOUNT_ROLES
from komunitas.communities.models.stakeholders import Level
from komunitas.communities.rules import district_codes
from komunitas.lib import choice_fields
from komunitas.lib.widgets import DateInput, TimeInput
from komunitas.permissions import can

RESERVED_SLUGS = {
    "baru",
    "undangan",
    "peta",
    "new",
    "admin",
    "wilayah",
    "moderasi",
    "pilih-wilayah",
}
REGION_FIELDS = ("province", "regency", "district")
REGION_CODE = re.compile(r"\d{2}(\.\d{2}){0,2}")


def region_fields():
    """Province → regency or city → kecamatan: three selects, each narrowed to the one above
    (see ``narrow_regions``), so a phone never gets 7,000 options."""
    return (
        choice_fields.ModelChoiceField(Province.objects.all(), required=False, label=_("Province")),
        choice_fields.ModelChoiceField(
            Regency.objects.none(),
            required=False,
            label=_("Regency or city"),
            error_messages={
                "invalid_choice": _("This regency or city is not in the chosen province.")
            },
        ),
        choice_fields.ModelChoiceField(
            District.objects.none(),
            required=False,
            label=_("Kecamatan"),
            error_messages={
                "invalid_choice": _("This kecamatan is not in the chosen regency or city.")
            },
        ),
    )


def region_code(value) -> str:
    """A Kemendagri code as typed (``34``, ``34.04``, ``34.04.07``), or "" for anything else."""
    value = str(getattr(value, "pk", value) or "")
    return value if REGION_CODE.fullmatch(value) else ""


def _chosen_code(form, name) -> str:
    """The code chosen for a region field: typed (bound form), initial, or the instance's."""
    if form.is_bound:
        value = form.data.get(form.add_prefix(name))
    elif name in form.initial:
        value = form.initial[name]
    else:
        value = getattr(getattr(form, "instance", None), f"{name}_id", None)
    return region_code(value)


def narrow_regions(form):
    """Offer the regencies of the chosen province and the kecamatan of the chosen regency."""
    province, regency = _chosen_code(form, "province"), _chosen_code(form, "regency")
    form.fields["regency"].queryset = (
        Regency.objects.filter(province_id=province) if province else Regency.objects.none()
    )
    form.fields["district"].queryset = (
        District.objects.filter(regency_id=regency, regency__province_id=province)
        if regency and province
        else District.objects.none()
    )
    if not province:
        form.fields["regency"].help_text = _("Choose the province first.")
    if not regency:
        form.fields["district"].help_text = _("Choose the regency or city first.")


def consistent_regions(province: str, regency: str, district: str) -> dict:
    """The three codes with every one dropped that does not lie in the one above it."""
    province, regency, district = (region_code(v) for v in (province, regency, district))
    province = province if Province.objects.filter(pk=province).exists() else ""
    regency = regency if Regency.objects.filter(pk=regency, province_id=province).exists() else ""
    district = district if District.objects.filter(pk=district, regency_id=regency).exists() else ""
    return {"province": province, "regency": regency, "district": district}


def region_of(user) -> dict:
    """Where a new community of this person probably is: their school's place."""
    school = user.school
    if school is None:
        return {}
    return {
        "province": school.regency.province_id,
        "regency": school.regency_id,
        "district": school.district_id or "",
    }


class RegionForm(forms.Form):
    """The region selects alone, for the htmx partial that refreshes them."""

    province, regency, district = region_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_regions(self)


def typed_initial(form_class, data) -> dict:
    """What was typed into a form, as initial values (to show it again without validating)."""
    initial = {}
    for name, field in form_class.base_fields.items():
        if name in data:
            multiple = isinstance(field.widget, forms.SelectMultiple | forms.CheckboxSelectMultiple)
            initial[name] = data.getlist(name) if multiple else data.get(name)
    return initial


def unguessable_slug(slug: str) -> str:
    """``slug`` with six random letters and digits at the end (about 31 bits), free to use."""
    alphabet = string.ascii_lowercase + string.digits
    while True:
        suffix = "".join(secrets.choice(alphabet) for _ in range(6))
        candidate = f"{slug[:53].rstrip('-')}-{suffix}"
        if not Community.objects.filter(slug=candidate).exists():
            return candidate


class CommunityForm(forms.ModelForm):
    rhythm_weeks = forms.MultipleChoiceField(
        label=_("Weeks of the month"),
        choices=WEEKS_OF_MONTH,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “on given weeks of the month”, e.g. the second and fourth."),
    )
    school_npsns = forms.CharField(
        label=_("Schools (NPSN)"),
        required=False,
        max_length=500,
        help_text=_("The 8-digit NPSN of each school in the community, separated by commas."),
    )
    subjects = choice_fields.ModelMultipleChoiceField(
        Subject.objects.all(),
        required=False,
        widget=CompactCheckboxes,
        label=_("Subjects"),
    )
    phases = choice_fields.ModelMultipleChoiceField(
        Phase.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Phases"),
    )
    province, regency, district = region_fields()

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Community
        fields = [
            "name",
            "slug",
            "domain",
            "description",
            "visi",
            "misi",
            "tujuan",
            "nilai",
            "kesepakatan",
            "kind",
            "scope",
            "place_name",
            "province",
            "regency",
            "district",
            "subjects",
            "phases",
            "visibility",
            "join_policy",
            "stage",
            "rhythm_frequency",
            "rhythm_interval",
            "rhythm_weeks",
            "rhythm_weekday",
            "rhythm_time",
            "rhythm_zone",
            "rhythm_start",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            **{
                f: forms.Textarea(attrs={"rows": 2})
                for f in ("visi", "misi", "tujuan", "nilai", "kesepakatan")
            },
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
            "rhythm_time": TimeInput(),
            "rhythm_start": DateInput(),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["slug"].help_text = _(
            "Lower-case letters, digits and hyphens; it becomes part of the link. A private "
            "community's address ends in a few random letters, so that only those invited find it."
        )
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("rhythm_weeks", [str(w) for w in self.instance.weeks_of_month])
            self.initial.setdefault(
                "school_npsns", ", ".join(s.npsn for s in self.instance.schools.all())
            )
        narrow_regions(self)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("This address is reserved. Choose another one."))
        taken = Community.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        seen = Community.objects.visible_to(self.user).values("pk") if self.user else None
        if (taken if seen is None else taken.filter(pk__in=seen)).exists():
            raise ValidationError(_("Another community already uses this address."))
        # Taken by a community hidden from this person: no message may say so; clean() gives
        # the new address random letters instead, as it does for every private community.
        self.hidden_clash = taken.exists()
        return slug

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug")
        private = cleaned.get("visibility") == Community.Visibility.PRIVATE
        was = self.instance if self.instance.pk else None
        hides = private and (was is None or slug != was.slug)
        if slug and (hides or getattr(self, "hidden_clash", False)):
            cleaned["slug"] = unguessable_slug(slug)
        return cleaned

    def clean_rhythm_weeks(self):
        return ",".join(sorted(self.cleaned_data["rhythm_weeks"]))

    def clean_school_npsns(self):
        npsns = [n.strip() for n in self.cleaned_data["school_npsns"].split(",") if n.strip()]
        bad = [n for n in npsns if not (n.isascii() and n.isdigit() and len(n) == 8)]
        if bad:
            raise ValidationError(
                _("An NPSN is exactly 8 digits: %(bad)s") % {"bad": ", ".join(bad[:5])}
            )
        schools = list(School.objects.filter(npsn__in=npsns))
        missing = sorted(set(npsns) - {s.npsn for s in schools})
        if missing:
            raise ValidationError(
                _("No school is registered with NPSN %(npsn)s.") % {"npsn": ", ".join(missing[:5])}
            )
        return schools

    def related(self) -> dict:
        """The many-to-many choices, for actions.do_start_community and do_update_community."""
        return {
            "subjects": self.cleaned_data["subjects"],
            "phases": self.cleaned_data["phases"],
            "schools": self.cleaned_data.get("school_npsns") or [],
        }


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("A few words to the fasilitators (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person will see this reason."),
        error_messages={"required": _("Say why; the person will see the reason.")},
    )


class EmailInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("As"), choices=Membership.Role.choices, initial=Membership.Role.ANGGOTA
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community

    def clean(self):
        cleaned = super().clean()
        email, role = cleaned.get("email", "").lower(), cleaned.get("role")
        invitee = User.objects.filter(email__iexact=email).first() if email else None
        if (
            invitee
            and self.community.memberships.filter(
                user=invitee, status=Membership.Status.ACTIVE
            ).exists()
        ):
            self.add_error("email", _("This person is already a member."))
        elif (
            invitee and role == Membership.Role.MITRA and invitee.role not in PARTNER_ACCOUNT_ROLES
        ):
            self.add_error(
                "role",
                _(
                    "Partners are principals, school supervisors or district "
                    "officers; this account is none of them."
                ),
            )
        return cleaned


class InvitationLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)
    max_uses = forms.IntegerField(
        label=_("Use limit"),
        min_value=1,
        max_value=1000,
        required=False,
        initial=30,
        help_text=_("How many people may join with it. Empty: no limit."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class MemberFilterForm(forms.Form):
    school = choice_fields.ModelChoiceField(
        School.objects.none(), required=False, label=_("School")
    )
    role = forms.ChoiceField(
        choices=[("", _("All roles")), *Membership.Role.choices], required=False, label=_("Role")
    )
    subject = choice_fields.ModelChoiceField(
        Subject.objects.all(), required=False, label=_("Subject")
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(
            people__memberships__community=community,
            people__memberships__status=Membership.Status.ACTIVE,
        ).distinct()


class DiscoverForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    region = choice_fields.ModelChoiceField(
        Regency.objects.all(), required=False, label=_("Regency or city")
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *Community.Kind.choices], required=False, label=_("Kind")
    )
    subject = choice_fields.ModelChoiceField(
        Subject.objects.all(), required=False, label=_("Subject")
    )
    phase = choice_fields.ModelChoiceField(Phase.objects.all(), required=False, label=_("Phase"))
    mine = forms.BooleanField(required=False, label=_("Only my communities"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the districts that have a community this person can see: a short list, and one
        # that never hints at a private community elsewhere.
        self.fields["region"].queryset = Regency.objects.filter(
            pk__in=Community.objects.visible_to(user).values("regency_id")
        )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "words": data.get("q", ""),
            "region": data["region"].code if data.get("region") else "",
            "kind": data.get("kind", ""),
            "subject": data["subject"].pk if data.get("subject") else "",
            "phase": data["phase"].pk if data.get("phase") else "",
        }


class CommitmentForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = SupportCommitment
        fields = ["partner", "kind", "description", "status", "due_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
        }

    def __init__(self, *args, community, user, **kwargs):
        super().__init__(*args, **kwargs)
        partners = User.objects.filter(
            memberships__community=community,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role=Membership.Role.MITRA,
        )
        self.fields["partner"].queryset = partners
        if not can(user, "community.manage", community):
            # A partner records their own support; a fasilitator may record any partner's.
            self.fields["partner"].queryset = partners.filter(pk=user.pk)
            self.fields["partner"].initial = user.pk
        self.fields["partner"].empty_label = None


class MapEntryForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = MapEntry
        fields = [
            "name",
            "pic",
            "target",
            "purpose",
            "activities",
            "frequency",
            "my_role",
            "benefit",
            "influence",
            "regency",
            "shared",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2}) for f in ("purpose", "activities", "benefit")
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The district is one of those whose map this person shares in (usually one or two).
        codes = district_codes(user)
        self.fields["regency"].queryset = Regency.objects.filter(pk__in=codes)
        self.fields["regency"].label = _("District (kabupaten/kota)")
        if not self.instance.pk and len(codes) == 1:
            self.initial.setdefault("regency", next(iter(codes)))
        if not codes:
            # Nobody to share with: the entry stays in the private notebook.
            del self.fields["regency"], self.fields["shared"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("shared") and not cleaned.get("regency"):
            self.add_error("regency", _("Choose the district whose map it is shared on."))
        return cleaned


class ReportForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = Report
        fields = ["reason", "details"]
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "details": _(
                "What did you see, and where? Only the operators read this; the community does "
                "not learn who reported it."
            )
        }


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the accountability log with your name."),
        error_messages={"required": _("Say why; every moderation decision is logged.")},
    )


class StakeholderForm(forms.ModelForm):
    communities = choice_fields.ModelMultipleChoiceField(
        Community.objects.none(),
        required=False,
        widget=CompactCheckboxes,
        label=_("Communities they support"),
    )

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Stakeholder
        fields = [
            "name",
            "kind",
            "institution",
            "influence",
            "interest",
            "support",
            "engagement",
        ]
        widgets = {
            "influence": forms.RadioSelect,
            "interest": forms.RadioSelect,
            "support": forms.Textarea(attrs={"rows": 3}),
            "engagement": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, regency, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only communities of this district that the person may see; a private community of
        # others is never offered (and an already linked one stays linked, unseen).
        self.visible = Community.objects.visible_to(user).filter(regency=regency)
        self.fields["communities"].queryset = self.visible.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["communities"] = list(
                self.instance.communities.filter(pk__in=self.visible.values("pk")).values_list(
                    "pk", flat=True
                )
            )

    def chosen_communities(self) -> list:
        """The visible links as chosen, and the links to communities this person can't see."""
        chosen = list(self.cleaned_data["communities"])
        if self.instance.pk is None:
            return chosen
        return [*self.instance.communities.exclude(pk__in=self.visible.values("pk")), *chosen]


LINK_CHOICES_SHOWN = 30


def link_candidates(user, regency, words: str = ""):
    """The accounts a person may link a stakeholder of ``regency`` to, without learning of anyone
    they could not see already: the partners (mitra) of the district's communities they may see,
    the principals of those communities' schools and their pengawas, and the Dinas accounts of
    the district. Narrowed by words in the name."""
    visible = Community.objects.visible_to(user).filter(regency=regency)
    schools = School.objects.filter(communities__in=visible).values("pk")
    mitra = Membership.objects.filter(
        community__in=visible, role=Membership.Role.MITRA, status=Membership.Status.ACTIVE
    ).values("user_id")
    supervisors = User.supervised_schools.through.objects.filter(school__in=schools).values(
        "user_id"
    )
    people = User.objects.filter(is_active=True).filter(
        Q(pk__in=mitra)
        | Q(role=User.Role.KEPALA_SEKOLAH, school__in=schools)
        | Q(role=User.Role.PENGAWAS, pk__in=supervisors)
        | Q(role=User.Role.DINAS, regency=regency)
    )
    for word in words.split()[:5]:
        people = people.filter(full_name__icontains=word)
    return people.select_related("school").order_by("full_name", "pk")


class _FirstChoices(forms.models.ModelChoiceIterator):
    """Render only the first choices; validation still accepts any of the queryset."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = self.queryset[:LINK_CHOICES_SHOWN]


class _AccountChoiceField(choice_fields.ModelChoiceField):
    iterator = _FirstChoices

    def label_from_instance(self, user):
        parts = [user.full_name, user.get_role_display()]
        if user.school_id:
            parts.append(user.school.name)
        return " · ".join(parts)


class StakeholderLinkForm(forms.Form):
    """Choose the account of a stakeholder: among the people suggested, or by e-mail address
    (the whole address: the form never lists accounts by part of one)."""

    account = _AccountChoiceField(
        User.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
        label=_("People of this district's communities"),
    )
    email = forms.EmailField(
        label=_("Or their e-mail address"),
        required=False,
        max_length=254,
        help_text=_("The whole address they use on the platform."),
    )

    def __init__(self, *args, candidates, stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholder = stakeholder
        self.fields["account"].queryset = candidates

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        account, email = data.get("account"), data.get("email")
        if bool(account) == bool(email):
            raise ValidationError(_("Choose one person, or give one e-mail address."))
        if email:
            account = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
            if account is None:
                self.add_error(
                    "email",
                    _(
                        "No account uses this address. The stakeholder stays on the map as "
                        "written; link them once they have signed up."
                    ),
                )
                return data
        if account.pk == self.stakeholder.declined_by_id:
            raise ValidationError(
                _("%(name)s asked not to be linked to this entry.") % {"name": account}
            )
        if account.pk == self.stakeholder.account_id:
            raise ValidationError(
                _("%(name)s is already linked to this entry.") % {"name": account}
            )
        data["account"] = account
        return data


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    kind = forms.ChoiceField(
        choices=[("", _("Everyone")), *Stakeholder.Kind.choices], required=False, label=_("Who")
    )
    influence = forms.TypedChoiceField(
        choices=[("", _("Any")), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Influence"),
    )
    interest = forms.TypedChoiceField(
        choices=[("", _("Any")), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Interest"),
    )

    def filter(self, stakeholders):
        if not self.is_valid():
            return stakeholders
        data = self.cleaned_data
        for word in data["q"].split()[:8]:
            stakeholders = stakeholders.filter(
                Q(name__icontains=word)
                | Q(institution__icontains=word)
                | Q(support__icontains=word)
            )
        if data["kind"]:
            stakeholders = stakeholders.filter(kind=data["kind"])
        if data["influence"]:
            stakeholders = stakeholders.filter(influence=data["influence"])
        if data["interest"]:
            stakeholders = stakeholders.filter(interest=data["interest"])
        return stakeholders


class LogFilterForm(forms.Form):
    community = forms.CharField(label=_("Community address"), required=False, max_length=60)
    kind = forms.ChoiceField(
        choices=[("", _("Everything")), *LogEntry.Kind.choices],
        required=False,
        label=pgettext_lazy("kind of event", "What"),
    )
    q = forms.CharField(label=_("Words in the reason"), required=False, max_length=100)

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["community"]:
            events = events.filter(community__slug=data["community"].strip().lower())
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        for word in data["q"].split()[:8]:
            events = events.filter(reason__icontains=word)
        return events
