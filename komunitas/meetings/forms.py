import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.discussions.models import Post
from komunitas.lib import choice_fields
from komunitas.lib.widgets import DateInput, TimeInput
from komunitas.meetings.models import ActionItem, Feedback, Meeting, Rsvp


def member_choices(community, *roles):
    members = User.objects.filter(
        memberships__community=community, memberships__status=Membership.Status.ACTIVE
    )
    if roles:
        members = members.filter(memberships__role__in=roles)
    return members.order_by("full_name")


POSTS_OFFERED = 30


def discussable_posts(community, meeting=None):
    """The community's latest open questions, challenges and concerns (and those already
    chosen), so a fasilitator can put them on the agenda."""
    posts = Post.objects.alive().listed().filter(community=community)
    open_ones = posts.filter(
        kind__in=[Post.Kind.QUESTION, Post.Kind.CHALLENGE, Post.Kind.CONCERN],
        solution__isnull=True,
    ).order_by("-created_at")
    ids = list(open_ones.values_list("pk", flat=True)[:POSTS_OFFERED])
    if meeting is not None and meeting.pk:
        ids += list(meeting.posts.values_list("pk", flat=True))
    return posts.filter(pk__in=ids).order_by("-created_at")


class WhereMixin:
    """A meeting in person needs a place, an online one a link, a hybrid one both."""

    def clean_where(self, cleaned):
        mode = cleaned.get("mode")
        if mode in (Meeting.Mode.IN_PERSON, Meeting.Mode.BOTH) and not cleaned.get("place"):
            self.add_error("place", _("Say where the members meet."))
        if mode in (Meeting.Mode.ONLINE, Meeting.Mode.BOTH) and not cleaned.get("online_link"):
            self.add_error("online_link", _("Give the link of the online meeting."))


class MeetingForm(WhereMixin, forms.ModelForm):
    online_link = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    time = forms.TimeField(label=_("time"), widget=TimeInput())

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Meeting
        fields = [
            "title",
            "topic",
            "step",
            "date",
            "time",
            "zone",
            "duration_minutes",
            "mode",
            "place",
            "online_link",
            "agenda",
            "facilitator",
            "speaker",
            "speaker_name",
            "speaker_affiliation",
            "capacity",
            "posts",
        ]
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "posts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        members = member_choices(community)
        self.fields["facilitator"].queryset = members
        self.fields["speaker"].queryset = members
        self.fields["posts"].queryset = discussable_posts(community, self.instance)
        if self.instance.pk:
            start = self.instance.local_start
            self.initial.setdefault("date", start.date())
            self.initial.setdefault("time", start.time())
        else:
            self.initial.setdefault("zone", community.rhythm_zone)
            if community.rhythm_time:
                self.initial.setdefault("time", community.rhythm_time)

    def clean(self):
        cleaned = super().clean()
        self.clean_where(cleaned)
        date, time, zone = cleaned.get("date"), cleaned.get("time"), cleaned.get("zone")
        if date and time and zone:
            starts_at = datetime.datetime.combine(date, time, tzinfo=zoneinfo.ZoneInfo(zone))
            if not self.instance.pk and starts_at < timezone.now():
                self.add_error("date", _("Choose a time in the future."))
            self.instance.starts_at = starts_at
        if cleaned.get("speaker") and cleaned.get("speaker_name"):
            self.add_error(
                "speaker_name", _("Choose a speaker from the platform or name one from outside.")
            )
        return cleaned

    def changed_fields(self) -> list[str]:
        changed = list(self.changed_data)
        if {"date", "time", "zone"} & set(changed):
            changed.append("starts_at")
        return changed


class RhythmForm(WhereMixin, forms.Form):
    """Schedule the coming meetings that the community's rhythm gives."""

    dates = forms.MultipleChoiceField(
        label=_("dates"), widget=forms.CheckboxSelectMultiple, required=True
    )
    title = forms.CharField(label=_("title"), max_length=160)
    duration_minutes = forms.IntegerField(
        label=_("duration in minutes"), min_value=15, max_value=720, initial=90
    )
    mode = forms.ChoiceField(label=_("mode"), choices=Meeting.Mode.choices)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        free = [p for p in plan if p.meeting is None and p.starts_at > timezone.now()]
        self.fields["dates"].choices = [
            (p.date.isoformat(), date_format(p.starts_at, "l, j F Y · H.i")) for p in free
        ]
        self.initial.setdefault("dates", [p.date.isoformat() for p in free])

    def clean(self):
        cleaned = super().clean()
        self.clean_where(cleaned)
        cleaned["dates"] = [datetime.date.fromisoformat(d) for d in cleaned.get("dates", [])]
        return cleaned

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        fields = ("title", "duration_minutes", "mode", "place", "online_link")
        return {name: data[name] for name in fields}


class HorizonForm(forms.Form):
    count = forms.TypedChoiceField(
        label=_("how many coming dates"),
        choices=[(n, n) for n in (3, 6, 9, 12)],
        coerce=int,
        initial=6,
        required=False,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("why is it cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The members will read this."),
    )


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("the code shown at the meeting"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


class MinutesForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = Meeting
        fields = ["notes", "agreements"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 10}),
            "agreements": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"notes": _("Markdown. What was discussed, in short.")}


class ActionItemForm(forms.ModelForm):
    class Meta:
        formfield_callback = choice_fields.formfield
        model = ActionItem
        fields = ["description", "owner", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_choices(community)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class FeedbackForm(forms.ModelForm):
    PARTS = {
        Feedback.Form.STB: ["sampaikan", "tanyakan", "berikan"],
        Feedback.Form.FOUR_F: ["facts", "feelings", "findings", "future"],
    }

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Feedback
        fields = [
            "usefulness",
            "form",
            "sampaikan",
            "tanyakan",
            "berikan",
            "facts",
            "feelings",
            "findings",
            "future",
        ]
        widgets = {
            "usefulness": forms.RadioSelect(
                choices=[
                    (5, _("5 · very useful")),
                    (4, "4"),
                    (3, "3"),
                    (2, "2"),
                    (1, _("1 · not useful")),
                ]
            ),
            "form": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "sampaikan",
                    "tanyakan",
                    "berikan",
                    "facts",
                    "feelings",
                    "findings",
                    "future",
                )
            },
        }

    def clean(self):
        cleaned = super().clean()
        parts = self.PARTS.get(cleaned.get("form"), [])
        if parts and not any((cleaned.get(name) or "").strip() for name in parts):
            raise forms.ValidationError(_("Write at least one part of the reflection."))
        for form, names in self.PARTS.items():  # keep only the chosen model's answers
            if form != cleaned.get("form"):
                for name in names:
                    cleaned[name] = ""
        return cleaned
