"""The browser's date and time pickers, which read and write ISO values whatever the language:
a value in the Indonesian format (``21-12-2026``, ``14.00``) leaves the picker empty."""

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")
