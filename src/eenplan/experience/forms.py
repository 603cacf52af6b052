"""The questionnaire as a form: one radio group per statement, never free text (free text could carry
personal data into the anonymous answers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scale

DONT_KNOW = "x"
RADIO_CLASS = "utrecht-radio-button utrecht-radio-button--html-input"


class ExperienceForm(forms.Form):
    """A field per statement, named by its code; every field may be skipped."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in Scale.choices] + [(DONT_KNOW, _("Weet ik niet"))]
        for question in questions:
            self.fields[question.code] = forms.ChoiceField(
                label=question.statement,
                choices=choices,
                required=False,
                widget=forms.RadioSelect(attrs={"class": RADIO_CLASS}),
            )

    def answers(self) -> dict[str, int | None]:
        """The answered statements: a scale value, or None for "weet ik niet"; skipped ones left out."""
        return {
            code: None if value == DONT_KNOW else int(value)
            for code, value in self.cleaned_data.items()
            if value
        }
