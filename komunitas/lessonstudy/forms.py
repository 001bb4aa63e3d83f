"""The forms of lesson studies: each checks what was typed and hands plain values to an action."""

import datetime
import zoneinfo

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import Phase, Subject, User
from komunitas.communities.models import Membership
from komunitas.lessonstudy.models import PEERS, LessonStudy
from komunitas.lib import choice_fields, uploads
from komunitas.lib.widgets import DateInput, TimeInput
from komunitas.meetings.models import Meeting

PLAN_FIELDS = [
    "title",
    "subject",
    "phase",
    "class_name",
    "learning_goal",
    "research_question",
    "lesson_plan",
    "zone",
    "duration_minutes",
    "place",
]


def members_of(community, roles=None):
    members = User.objects.filter(
        memberships__community=community, memberships__status=Membership.Status.ACTIVE
    )
    if roles:
        members = members.filter(memberships__role__in=roles)
    return members.order_by("full_name")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("lesson title"), max_length=160)
    subject = choice_fields.ModelChoiceField(
        label=_("subject"), queryset=Subject.objects.all(), required=False
    )
    phase = choice_fields.ModelChoiceField(
        label=_("phase"), queryset=Phase.objects.all(), required=False
    )
    class_name = forms.CharField(
        label=_("class"), max_length=60, required=False, help_text=_("For example: Kelas 4B.")
    )
    learning_goal = forms.CharField(
        label=_("learning goal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    research_question = forms.CharField(
        label=_("research question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the group wants to learn by watching this lesson."),
    )
    lesson_plan = forms.CharField(
        label=_("lesson plan (modul ajar)"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: the steps of the lesson, or attach the plan as a file."),
    )
    lesson_plan_file = uploads.DocumentField(label=_("lesson plan file"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)
    teacher = choice_fields.ModelChoiceField(label=_("who teaches"), queryset=User.objects.none())
    observers = choice_fields.ModelMultipleChoiceField(
        label=_("who observes"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the community; not the teacher."),
    )
    date = forms.DateField(label=_("date"), widget=DateInput())
    time = forms.TimeField(label=_("time"), widget=TimeInput())
    zone = forms.ChoiceField(label=_("time zone"), choices=User.Zone.choices)
    duration_minutes = forms.IntegerField(
        label=_("duration in minutes"), min_value=15, max_value=480, initial=70
    )
    place = forms.CharField(label=_("place"), max_length=200, help_text=_("School and classroom."))

    def __init__(self, *args, community, study=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.community, self.study = community, study
        self.fields["teacher"].queryset = members_of(community, PEERS)
        self.fields["observers"].queryset = members_of(community)
        if study is None:
            del self.fields["remove_file"]
            self.initial.setdefault("zone", community.rhythm_zone)
        else:
            start = study.local_start
            self.initial.update(
                {name: getattr(study, name) for name in PLAN_FIELDS},
                date=start.date(),
                time=start.time(),
                teacher=study.teacher,
                observers=list(study.observations.values_list("observer_id", flat=True)),
            )
            if not study.lesson_plan_file:
                del self.fields["remove_file"]

    def clean(self):
        cleaned = super().clean()
        teacher, observers = cleaned.get("teacher"), cleaned.get("observers") or []
        if teacher is not None and teacher in observers:
            self.add_error("observers", _("The teacher cannot also observe their own lesson."))
        date, time, zone = cleaned.get("date"), cleaned.get("time"), cleaned.get("zone")
        if date and time and zone:
            cleaned["starts_at"] = datetime.datetime.combine(
                date, time, tzinfo=zoneinfo.ZoneInfo(zone)
            )
        return cleaned

    def plan_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in PLAN_FIELDS}
        fields["starts_at"] = self.cleaned_data["starts_at"]
        return fields


class ObservationForm(forms.Form):
    focus = forms.CharField(
        label=_("focus"),
        max_length=200,
        required=False,
        help_text=_("For example: the group by the window, or pupils who need more support."),
    )
    students_did = forms.CharField(
        label=_("What did the students do?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you saw and heard, not a judgement of the teacher."),
    )
    evidence = forms.CharField(
        label=_("What evidence of learning did you see?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    questions = forms.CharField(
        label=_("What questions do you bring to the reflection?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f) for f in ("students_did", "evidence", "questions")):
            raise forms.ValidationError(_("Write at least one of the notes."))
        return cleaned


class LinkMeetingForm(forms.Form):
    meeting = choice_fields.ModelChoiceField(
        label=_("reflection meeting"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args, study: LessonStudy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.alive()
            .scheduled()
            .filter(community=study.community, starts_at__gte=study.starts_at)
            .filter(Q(lesson_studies__isnull=True) | Q(lesson_studies=study))
            .distinct()
            .order_by("starts_at")
        )


class NewMeetingForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=160)
    date = forms.DateField(label=_("date"), widget=DateInput())
    time = forms.TimeField(label=_("time"), widget=TimeInput())
    zone = forms.ChoiceField(label=_("time zone"), choices=User.Zone.choices)
    duration_minutes = forms.IntegerField(
        label=_("duration in minutes"), min_value=15, max_value=720, initial=60
    )
    mode = forms.ChoiceField(label=_("mode"), choices=Meeting.Mode.choices)
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    online_link = forms.URLField(
        label=_("online link"), max_length=500, required=False, assume_scheme="https"
    )

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        if mode in (Meeting.Mode.IN_PERSON, Meeting.Mode.BOTH) and not cleaned.get("place"):
            self.add_error("place", _("Say where the members meet."))
        if mode in (Meeting.Mode.ONLINE, Meeting.Mode.BOTH) and not cleaned.get("online_link"):
            self.add_error("online_link", _("Give the link of the online meeting."))
        date, time, zone = cleaned.get("date"), cleaned.get("time"), cleaned.get("zone")
        if date and time and zone:
            cleaned["starts_at"] = datetime.datetime.combine(
                date, time, tzinfo=zoneinfo.ZoneInfo(zone)
            )
        return cleaned

    def meeting(self, *, facilitator) -> Meeting:
        """The meeting to schedule (unsaved; the action saves it)."""
        data = self.cleaned_data
        return Meeting(
            title=data["title"],
            topic=str(_("Lesson study reflection")),
            step=Meeting.Step.REFLECTION,
            starts_at=data["starts_at"],
            zone=data["zone"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            place=data["place"],
            online_link=data["online_link"],
            facilitator=facilitator,
        )


class ConcludeForm(forms.Form):
    conclusion = forms.CharField(
        label=_("conclusion"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the group learned about its research question, and what it will try."),
    )


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
