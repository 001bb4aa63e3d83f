import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.insights.links import link_choices
from komunitas.insights.models import Story
from komunitas.lib import choice_fields
from komunitas.lib.widgets import DateInput

MAX_REPORT_DAYS = 3 * 366


class StoryForm(forms.ModelForm):
    links = forms.MultipleChoiceField(
        label=_("What the story tells of"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Posts, meetings and “applied in class” records of yours in this community."),
    )

    class Meta:
        formfield_callback = choice_fields.formfield
        model = Story
        fields = ["title", "activity", "gained", "applied", "changed", "shared_with_partners"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 4})
            for f in ("activity", "gained", "applied", "changed")
        }

    def __init__(self, *args, community, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.community, self.author = community, author
        self.fields["links"].choices = link_choices(author, community)
        if self.instance.pk:
            self.fields["links"].initial = [
                f"{link.target_type_id}:{link.target_id}" for link in self.instance.links.all()
            ]
        if not self.fields["links"].choices:
            del self.fields["links"]

    def chosen_links(self) -> list[str] | None:
        """The chosen links (insights.actions.do_save_story), or None when there is nothing to
        choose from."""
        return self.cleaned_data["links"] if "links" in self.fields else None


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        if period:
            self.fields["start"].initial = period.start
            self.fields["end"].initial = period.end

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end comes before the start."))
            if end > timezone.localdate():
                raise forms.ValidationError(_("The period cannot end in the future."))
            if end - start > datetime.timedelta(days=MAX_REPORT_DAYS):
                raise forms.ValidationError(_("A report covers at most three years."))
        return data
