"""Form helpers shared by every app: NL Design System classes and accessible error wiring."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .models import ProcessingLogEntry, Purpose
from .queries import ProcessingLogFilters
from .validators import validate_bsn

WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEFAULT_WIDGET_CLASS = "utrecht-textbox utrecht-textbox--html-input"


class UtrechtFormMixin:
    """Adds the Utrecht component classes to every widget, and marks invalid fields for assistive
    technology (``aria-invalid`` and ``aria-describedby`` pointing at the error message)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = WIDGET_CLASSES.get(type(field.widget), DEFAULT_WIDGET_CLASS)
            field.widget.attrs.setdefault("class", css)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}-description"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " utrecht-textbox--invalid"
                described = [f"{self.auto_id % name}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self.auto_id % name}-description")
                widget.attrs["aria-describedby"] = " ".join(described)


class ProcessingLogSearchForm(UtrechtFormMixin, forms.Form):
    """The filters of the processing-log search (GET)."""

    huishouden = forms.IntegerField(label=gettext_lazy("Huishoudnummer"), required=False, min_value=1)
    persoon = forms.IntegerField(label=gettext_lazy("Persoonsnummer"), required=False, min_value=1)
    bsn = forms.CharField(
        label=gettext_lazy("BSN"),
        required=False,
        max_length=9,
        validators=[validate_bsn],
        help_text=gettext_lazy(
            "Verwerkingen over deze persoon en over het hele huishouden waar die bij hoort."
        ),
    )
    uitvoerder = forms.CharField(label=gettext_lazy("Wie (naam bevat)"), required=False, max_length=100)
    handeling = forms.ChoiceField(label=gettext_lazy("Handeling"), required=False)
    kanaal = forms.ChoiceField(label=gettext_lazy("Kanaal"), required=False)
    doel = forms.ChoiceField(label=pgettext_lazy("purpose", "Doel"), required=False)
    van = forms.DateField(
        label=gettext_lazy("Vanaf datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["handeling"].choices = everything + list(ProcessingLogEntry.Action.choices)
        self.fields["kanaal"].choices = everything + list(ProcessingLogEntry.Channel.choices)
        self.fields["doel"].choices = everything + list(Purpose.objects.values_list("code", "name"))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("Kies een datum op of na de begindatum."))
        return data

    def filters(self) -> ProcessingLogFilters:
        data = self.cleaned_data
        return ProcessingLogFilters(
            household_id=data["huishouden"],
            person_id=data["persoon"],
            bsn=data["bsn"],
            actor=data["uitvoerder"].strip(),
            action=data["handeling"],
            channel=data["kanaal"],
            purpose=data["doel"],
            date_from=data["van"],
            date_to=data["tot"],
        )
