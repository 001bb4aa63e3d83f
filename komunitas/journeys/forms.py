from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community, Membership
from komunitas.discussions.models import Post
from komunitas.journeys.models import (
    CheckIn,
    Goal,
    LearningPlan,
    Reflection,
    Step,
    Training,
    TrainingChallenge,
    Visibility,
    mentors_of,
)
from komunitas.journeys.models.visibility import HELP_TEXT as VISIBILITY_HELP
from komunitas.lib import choice_fields, uploads
from komunitas.lib.widgets import DateInput

DATE = DateInput()
POSTING_ROLES = (Membership.Role.FASILITATOR, Membership.Role.ANGGOTA)


def my_communities(user):
    return Community.objects.of_member(user).order_by("name")


class _Shared(forms.ModelForm):
    """Visibility with a community: sharing with "my community" needs one."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["community"].queryset = my_communities(user)
        self.fields["visibility"].widget = forms.RadioSelect(choices=Visibility.choices)
        self.fields["visibility"].help_text = VISIBILITY_HELP

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == Visibility.COMMUNITY and not cleaned.get("community"):
            self.add_error("community", _("Choose the community that may see it."))
        return cleaned


class PlanForm(_Shared):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = LearningPlan
        fields = [
            "title",
            "community",
            "support_needed",
            "pendamping",
            "checkin_every",
            "visibility",
        ]
        widgets = {
            "support_needed": forms.Textarea(attrs={"rows": 3}),
            "checkin_every": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pendamping = self.fields["pendamping"]
        pendamping.queryset = mentors_of(self.user).order_by("full_name")
        pendamping.help_text = _(
            "One of your pendamping. To ask someone, open the community's “Learning together” page."
        )


class FirstGoalForm(forms.ModelForm):
    """The first goal, asked together with a new plan."""

    prefix = "goal"

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Goal
        fields = ["practice", "why", "success_indicators", "concern"]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "success_indicators": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        concerns = Post.objects.visible_to(user).filter(
            author=user, kind=Post.Kind.CONCERN, is_anonymous=False
        )  # an anonymous concern linked to a plan would name its author
        self.fields["concern"].queryset = concerns.order_by("-created_at")
        if not concerns.exists():
            del self.fields["concern"]


class GoalForm(FirstGoalForm):
    prefix = None


class BagjaForm(_Shared):
    """The guided way (BAGJA): five questions that become a plan, its goal and its steps."""

    class Meta:
        formfield_callback = choice_fields.formfield
        model = LearningPlan
        fields = [
            "title",
            "community",
            "bagja_question",
            "bagja_lessons",
            "bagja_dream",
            "bagja_plan",
            "bagja_execution",
            "pendamping",
            "checkin_every",
            "visibility",
        ]
        help_texts = {
            "bagja_question": _(
                "B — the main question you want to answer in your class, asked as a positive "
                "change: “How can every pupil …?”"
            ),
            "bagja_lessons": _(
                "A — take lessons from what already works: your strengths, your pupils’ and "
                "colleagues’ good experiences."
            ),
            "bagja_dream": _(
                "G — dig for the dream: what will your pupils do and show when it has worked? "
                "These become the success indicators."
            ),
            "bagja_plan": _("J — spell out the plan: one step per line. Each line becomes a step."),
            "bagja_execution": _(
                "A — organise the execution: who does what and when, who supports you, what "
                "you need."
            ),
        }
        widgets = {
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in ("bagja_question", "bagja_lessons", "bagja_dream", "bagja_execution")
            },
            "bagja_plan": forms.Textarea(attrs={"rows": 5}),
            "checkin_every": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pendamping"].queryset = mentors_of(self.user).order_by("full_name")
        for name in ("bagja_question", "bagja_dream", "bagja_plan"):
            self.fields[name].required = True

    def bagja_goal(self) -> Goal:
        """The plan's goal, unsaved, from the BAGJA answers."""
        data = self.cleaned_data
        return Goal(
            practice=data["bagja_question"].strip().splitlines()[0][:300],
            why=data["bagja_lessons"],
            success_indicators=data["bagja_dream"],
        )

    def step_lines(self) -> list[str]:
        text = self.cleaned_data.get("bagja_plan", "")
        return [line.strip(" -•*\t")[:300] for line in text.splitlines() if line.strip(" -•*\t")]


class StepForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = Step
        fields = ["description", "target_on"]
        widgets = {"target_on": DATE}


class CheckInForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How is it going?"), choices=CheckIn.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you tried, what happened for your pupils, where you are stuck."),
    )
    evidence = uploads.ImageField(label=_("Evidence photo (optional)"), required=False)


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your response"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MentorChoice(choice_fields.ModelChoiceField):
    def label_from_instance(self, obj):
        school = f" · {obj.school.name}" if obj.school_id else ""
        return f"{obj.full_name}{school}"


def posting_members(community):
    return (
        User.objects.filter(
            memberships__community=community,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=POSTING_ROLES,
            is_active=True,
        )
        .select_related("school")
        .order_by("full_name")
    )


class AskMentorForm(forms.Form):
    mentor = MentorChoice(User.objects.none(), label=_("Pendamping"))
    message = forms.CharField(
        label=_("A few words to them (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, community, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = posting_members(community).exclude(pk=user.pk)


class ProposePairForm(forms.Form):
    mentor = MentorChoice(User.objects.none(), label=_("Pendamping"))
    mentee = MentorChoice(User.objects.none(), label=_("Member to accompany"))

    def __init__(self, *args, community, **kwargs):
        # Shown beside AskMentorForm, whose "mentor" field would otherwise share the id.
        kwargs.setdefault("auto_id", "id_propose_%s")
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = posting_members(community)
        self.fields["mentee"].queryset = posting_members(community)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mentor") and cleaned.get("mentor") == cleaned.get("mentee"):
            raise ValidationError(_("Choose two different people."))
        return cleaned


class StallForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Stalled after"),
        coerce=int,
        choices=[(n, _("%(n)s weeks without a check-in") % {"n": n}) for n in range(1, 13)],
        initial=3,
        required=False,
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("no_plan", _("No learning plan")),
            ("stalled", _("Stalled plans")),
        ],
    )


class ReflectionForm(_Shared):
    about = forms.ChoiceField(label=_("About"), required=False)

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Reflection
        fields = [
            "title",
            "written_on",
            "template",
            "facts",
            "feelings",
            "findings",
            "future",
            "body",
            "visibility",
            "community",
        ]
        widgets = {
            "written_on": DATE,
            "template": forms.RadioSelect,
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in ("facts", "feelings", "findings", "future")
            },
            "body": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, about_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([*self._meta.fields[:-2], "about"])
        self.fields["about"].choices = [("", _("Nothing in particular")), *about_choices]
        self.fields["community"].help_text = _("Needed when your community may see it.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("template") == Reflection.Template.FOUR_F:
            parts = ("facts", "feelings", "findings", "future")
            if not any(cleaned.get(p) for p in parts):
                raise ValidationError(_("Write at least one of the four parts."))
        elif cleaned.get("template") == Reflection.Template.FREE and not cleaned.get("body"):
            self.add_error("body", _("Write your reflection."))
        return cleaned


class TrainingForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = Training
        fields = ["name", "organiser", "started_on", "ended_on", "topics", "notes"]
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The training cannot end before it starts."))
        return cleaned


class ChallengeForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = TrainingChallenge
        fields = ["title", "detail"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 4})}


def posting_communities(user):
    return my_communities(user).filter(
        memberships__user=user,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=POSTING_ROLES,
    )


class CommunityChoiceForm(forms.Form):
    """Where to post a reflection or a challenge: a community the member posts in."""

    community = choice_fields.ModelChoiceField(Community.objects.none(), label=_("Community"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = posting_communities(user)
