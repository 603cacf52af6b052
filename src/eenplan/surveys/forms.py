"""The survey forms: a new round, links for a layer, and the answers (one radio group per statement,
never free text: free text could carry personal data into the anonymous answers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import DATE_WIDGET, UtrechtFormMixin

from .actions import MAX_INVITATIONS
from .models import Layer, Score, Statement

DONT_KNOW = "x"
RADIO_CLASS = "utrecht-radio-button utrecht-radio-button--html-input"
CHECKBOX_CLASS = "utrecht-checkbox utrecht-checkbox--html-input"


class SurveyForm(UtrechtFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Titel"), max_length=200, help_text=_("Bijvoorbeeld: Thermometer voorjaar 2026.")
    )
    opens_on = forms.DateField(label=_("Open vanaf"), widget=DATE_WIDGET)
    closes_on = forms.DateField(label=_("Open tot en met"), widget=DATE_WIDGET)
    statements = forms.ModelMultipleChoiceField(
        label=_("Stellingen"),
        queryset=Statement.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX_CLASS}),
        help_text=_("Alle stellingen in gebruik staan aan. Zet uit wat u deze keer niet vraagt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statements = Statement.objects.filter(is_active=True, theme__is_active=True).select_related("theme")
        self.fields["statements"].queryset = statements
        self.fields["statements"].label_from_instance = lambda statement: (
            f"{statement.theme.name}: {statement.text}"
        )
        if not self.is_bound:
            self.initial.setdefault("statements", [statement.pk for statement in statements])

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("De enquête moet sluiten op of na de dag dat hij opengaat."))
        return cleaned


class InvitationsForm(UtrechtFormMixin, forms.Form):
    layer = forms.ChoiceField(label=_("Laag"), choices=Layer.choices)
    count = forms.IntegerField(
        label=_("Aantal links"),
        min_value=1,
        max_value=MAX_INVITATIONS,
        help_text=_("Eén link per persoon. Elke link werkt één keer."),
    )


class TokensForm(forms.Form):
    """The links just made, posted back from the page that shows them, to download them as CSV."""

    tokens = forms.CharField(widget=forms.HiddenInput)

    def token_list(self) -> list[str]:
        return [token for token in self.cleaned_data["tokens"].split() if token]


class AnswerForm(forms.Form):
    """A required radio group per statement, named by its code: a score from "helemaal oneens" to
    "helemaal eens", or "weet ik niet"."""

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in Score.choices] + [(DONT_KNOW, _("Weet ik niet"))]
        for statement in statements:
            self.fields[statement.code] = forms.ChoiceField(
                label=statement.text,
                choices=choices,
                widget=forms.RadioSelect(attrs={"class": RADIO_CLASS}),
                error_messages={
                    "required": _("Kies een antwoord. Weet u het niet? Kies dan “Weet ik niet”.")
                },
            )

    def answers(self) -> dict[str, int | None]:
        return {code: None if value == DONT_KNOW else int(value) for code, value in self.cleaned_data.items()}
