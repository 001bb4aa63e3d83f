"""The forms of requests for support: they validate what was typed; the actions store it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Membership, Stakeholder
from komunitas.discussions.models import Post
from komunitas.journeys.models import LearningPlan
from komunitas.lib import choice_fields
from komunitas.lib.widgets import DateInput
from komunitas.meetings.models import Meeting
from komunitas.partnerships.models import SupportRequest


class PartnerChoice(choice_fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} · {obj.get_role_display()}"


def _not_past(value):
    if value and value < timezone.localdate():
        raise forms.ValidationError(_("The date is in the past."))
    return value


class RequestForm(forms.Form):
    partner = PartnerChoice(label=_("Partner"), queryset=User.objects.none(), required=False)
    stakeholder = choice_fields.ModelChoiceField(
        label=_("Or a partner not yet on the platform"),
        queryset=Stakeholder.objects.none(),
        required=False,
        help_text=_(
            "A stakeholder of the district map who supports this community and has no account: "
            "they receive the request by email with an invitation to join as partner."
        ),
    )
    email = forms.EmailField(label=_("Their email address"), required=False)
    kind = forms.ChoiceField(label=_("What is asked"), choices=SupportRequest.Kind.choices)
    meeting = choice_fields.ModelChoiceField(
        label=_("For a meeting"), queryset=Meeting.objects.none(), required=False
    )
    post = choice_fields.ModelChoiceField(
        label=_("For a challenge or question"), queryset=Post.objects.none(), required=False
    )
    plan = choice_fields.ModelChoiceField(
        label=_("For a learning plan"),
        queryset=LearningPlan.objects.none(),
        required=False,
        help_text=_("One of your own learning plans in this community."),
    )
    needed_by = forms.DateField(label=_("Needed by"), widget=DateInput())
    reason = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is for and what it will change for the teachers."),
    )

    def __init__(self, data=None, *, community, user, **kwargs):
        super().__init__(data, **kwargs)
        partners = community.memberships.filter(
            status=Membership.Status.ACTIVE, role=Membership.Role.MITRA
        ).values("user_id")
        self.fields["partner"].queryset = User.objects.filter(pk__in=partners).order_by("full_name")
        self.fields["stakeholder"].queryset = community.stakeholders.alive().filter(
            account__isnull=True
        )
        now = timezone.now()
        self.fields["meeting"].queryset = (
            Meeting.objects.alive()
            .filter(community=community, ends_at__gt=now)
            .order_by("starts_at")
        )
        self.fields["post"].queryset = (
            Post.objects.alive()
            .filter(community=community, kind__in=Post.SOLVABLE_KINDS, hidden_at__isnull=True)
            .order_by("-pk")
        )
        self.fields["plan"].queryset = LearningPlan.objects.filter(
            community=community, owner=user, deleted_at__isnull=True
        ).order_by("-pk")

    def clean_needed_by(self):
        return _not_past(self.cleaned_data.get("needed_by"))

    def clean(self):
        cleaned = super().clean()
        partner, stakeholder = cleaned.get("partner"), cleaned.get("stakeholder")
        if self.errors:
            return cleaned
        if partner and stakeholder:
            self.add_error("stakeholder", _("Choose either a partner or a stakeholder."))
        elif not partner and not stakeholder:
            self.add_error("partner", _("Choose the partner to ask."))
        elif stakeholder and not cleaned.get("email"):
            self.add_error("email", _("Give the email address to send the request to."))
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("I accept")),
            ("counter", _("I propose something else")),
            ("decline", _("I decline")),
        ],
    )
    text = forms.CharField(
        label=_("What you commit to, what you propose, or why you decline"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    on = forms.DateField(
        label=_("By when"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to keep the date asked."),
    )

    def clean_on(self):
        return _not_past(self.cleaned_data.get("on"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "counter" and not cleaned.get("on"):
            self.add_error("on", _("Say by when you could give it."))
        return cleaned


class CloseForm(forms.Form):
    done = forms.ChoiceField(
        label=_("Did it happen?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, done")), ("no", _("No, not done"))],
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
