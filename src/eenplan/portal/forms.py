"""Forms of Mijn plan: few fields, plain words (B1), nothing a resident does not need to fill in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin

# What a resident's question is about, in their words, mapped to the laws whose terms it starts. A
# resident does not need to know the laws; "weet ik niet" starts the Wmo terms, the widest entry.
TOPICS = {
    "home": (_("Thuis wonen, het huishouden, vervoer of meedoen"), ["wmo"]),
    "child": (_("Een kind of jongere, of opvoeden"), ["jeugdwet"]),
    "money": (_("Werk of inkomen"), ["participatiewet"]),
    "debts": (_("Schulden of geldzorgen"), ["wgs"]),
    "unknown": (_("Dat weet ik niet"), ["wmo"]),
}


class SupportRequestForm(UtrechtFormMixin, forms.Form):
    person = forms.TypedChoiceField(label=_("Voor wie is de vraag?"), coerce=int, widget=forms.RadioSelect)
    question = forms.CharField(
        label=_("Wat is uw vraag?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Schrijf het op in uw eigen woorden. Wat lukt niet meer? Wat wilt u graag?"),
    )
    topic = forms.ChoiceField(
        label=_("Waar gaat uw vraag over?"),
        choices=[(code, label) for code, (label, _laws) in TOPICS.items()],
        widget=forms.RadioSelect,
        initial="unknown",
    )
    urgent = forms.BooleanField(label=_("Het is dringend. Er moet deze week iets gebeuren."), required=False)
    helper_name = forms.CharField(
        label=_("Helpt iemand u met dit formulier? Wat is zijn of haar naam?"), max_length=200, required=False
    )

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = {person.pk: person for person in persons}
        self.fields["person"].choices = [(person.pk, person.full_name) for person in persons]
        if len(self.persons) == 1:
            self.fields["person"].initial = next(iter(self.persons))

    def clean_person(self):
        return self.persons[self.cleaned_data["person"]]

    @property
    def laws(self) -> list[str]:
        return TOPICS[self.cleaned_data["topic"]][1]


class PersonalPlanForm(UtrechtFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw eigen plan"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
        help_text=_("Wat wilt u bereiken? Wat kunt u zelf doen? Wie kan u helpen? Wat heeft u nog nodig?"),
    )


class ResponseForm(UtrechtFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Uw reactie"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Klopt er iets niet? Mist er iets? Schrijf het hier."),
    )


class ReportResponseForm(ResponseForm):
    agrees = forms.TypedChoiceField(
        label=_("Bent u het eens met het verslag?"),
        choices=[("yes", _("Ja")), ("no", _("Nee, niet helemaal"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].help_text = _("Schrijf hier wat er niet klopt of wat er mist.")

    def clean(self):
        data = super().clean()
        if data.get("agrees") is False and not data.get("text"):
            self.add_error("text", _("Schrijf op wat er niet klopt. Dan kan uw consulent het aanpassen."))
        return data


class SelfAssessmentForm(UtrechtFormMixin, forms.Form):
    """One fieldset per life domain: does it matter now, and if so how does it go (the instrument's own
    levels) and in their own words. Only chosen domains are stored (data minimisation)."""

    def __init__(self, *args, domains=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        choices = [(level["value"], level["description"]) for level in levels]
        for domain in self.domains:
            self.fields[f"{domain.code}-matters"] = forms.BooleanField(
                label=_("Dit speelt bij mij"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
            )
            self.fields[f"{domain.code}-score"] = forms.TypedChoiceField(
                label=_("Hoe gaat het?"),
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{domain.code}-situation"] = forms.CharField(
                label=_("Wilt u er iets over vertellen?"),
                widget=forms.Textarea(
                    attrs={"rows": 3, "class": "utrecht-textarea utrecht-textarea--html-textarea"}
                ),
                max_length=2000,
                required=False,
            )

    def clean(self):
        data = super().clean()
        chosen = [domain for domain in self.domains if data.get(f"{domain.code}-matters")]
        for domain in chosen:
            if data.get(f"{domain.code}-score") in (None, ""):
                self.add_error(
                    f"{domain.code}-score", _("Kies hoe het gaat met %(name)s.") % {"name": domain.name}
                )
        if not chosen:
            raise forms.ValidationError(_("Kies minstens één onderwerp dat voor u belangrijk is."))
        return data

    def groups(self):
        """The fields per domain, for the template."""
        return [
            (
                domain,
                self[f"{domain.code}-matters"],
                self[f"{domain.code}-score"],
                self[f"{domain.code}-situation"],
            )
            for domain in self.domains
        ]

    @property
    def domain_scores(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "domain": domain,
                "resident_score": data[f"{domain.code}-score"],
                "situation": data[f"{domain.code}-situation"],
            }
            for domain in self.domains
            if data.get(f"{domain.code}-matters")
        ]


class WithdrawConsentForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom trekt u uw toestemming in?"),
        max_length=300,
        required=False,
        help_text=_("U hoeft dit niet in te vullen."),
    )
