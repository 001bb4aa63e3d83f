"""The poll forms: a new poll, a vote, and the meeting whose agenda a poll fills."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.lib import choice_fields
from komunitas.lib.widgets import DateInput, TimeInput
from komunitas.meetings.models import Meeting
from komunitas.polls.models import MAX_OPTIONS, MIN_OPTIONS, Poll


class PollForm(forms.Form):
    question = forms.CharField(label=_("question"), max_length=200)
    description = forms.CharField(
        label=_("more about it (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    options = forms.CharField(
        label=_("options, one per line"),
        max_length=MAX_OPTIONS * 201,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("From %(min)d to %(max)d options, each different.")
        % {"min": MIN_OPTIONS, "max": MAX_OPTIONS},
    )
    multiple = forms.BooleanField(label=_("members may choose several options"), required=False)
    anonymous = forms.BooleanField(
        label=_("anonymous votes: nobody, not even the fasilitators, sees who chose what"),
        required=False,
    )
    results = forms.ChoiceField(
        label=_("show the results"),
        choices=Poll.Results.choices,
        initial=Poll.Results.AFTER_VOTE,
        widget=forms.RadioSelect,
    )
    closes_date = forms.DateField(
        label=_("closing date (optional)"), required=False, widget=DateInput()
    )
    closes_time = forms.TimeField(
        label=_("closing time"),
        required=False,
        widget=TimeInput(),
        help_text=_("In your time zone. Without a time the poll closes at the end of the day."),
    )

    def clean_options(self):
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) < MIN_OPTIONS:
            raise forms.ValidationError(_("Give at least two options, one per line."))
        if len(lines) > MAX_OPTIONS:
            raise forms.ValidationError(
                _("A poll has at most %(max)d options.") % {"max": MAX_OPTIONS}
            )
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("Keep each option under 200 characters."))
        seen = set()
        for line in lines:
            if line.casefold() in seen:
                raise forms.ValidationError(
                    _("“%(option)s” is there twice: each option must be different.")
                    % {"option": line}
                )
            seen.add(line.casefold())
        return lines

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("closes_date"), cleaned.get("closes_time")
        if time and not day:
            self.add_error("closes_date", _("Give the closing date too."))
        if day:
            moment = datetime.datetime.combine(day, time or datetime.time(23, 59))
            closes_at = timezone.make_aware(moment, timezone.get_current_timezone())
            if closes_at <= timezone.now():
                self.add_error("closes_date", _("The closing date has already passed."))
            cleaned["closes_at"] = closes_at
        else:
            cleaned["closes_at"] = None
        return cleaned

    def poll_fields(self) -> dict:
        data = self.cleaned_data
        names = ("question", "description", "options", "multiple", "anonymous", "results")
        return {name: data[name] for name in names} | {"closes_at": data["closes_at"]}


class OneChoice(forms.RadioSelect):
    """Radio buttons that hand the field a list, as the check boxes do, so one field takes both
    kinds of poll (and a tampered form that sends two values is refused by the field)."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class VoteForm(forms.Form):
    """The options of one poll as radio buttons, or check boxes when it takes several."""

    choice = forms.TypedMultipleChoiceField(label=_("your choice"), coerce=int)

    def __init__(self, *args, poll: Poll, options, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        field.choices = [(option.pk, option.text) for option in options]
        field.widget = forms.CheckboxSelectMultiple() if poll.multiple else OneChoice()
        field.widget.choices = field.choices
        field.error_messages["required"] = _("Choose an option.")
        field.error_messages["invalid_choice"] = _("That option is not one of this poll's.")
        self.poll = poll

    def clean_choice(self):
        chosen = self.cleaned_data["choice"]
        if len(chosen) > 1 and not self.poll.multiple:
            raise forms.ValidationError(_("This poll takes one choice only."))
        return chosen


class AgendaForm(forms.Form):
    meeting = choice_fields.ModelChoiceField(
        label=_("meeting"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the community's coming meetings.")},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.title} · {timezone.localtime(meeting.starts_at):%d-%m-%Y %H.%M}"
        )
