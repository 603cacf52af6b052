from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import DATE_WIDGET, UtrechtFormMixin
from eenplan.core.validators import validate_bsn
from eenplan.households.models import Person

from .models import Law, SupportRequest


class SupportRequestForm(UtrechtFormMixin, forms.Form):
    """The melding itself: what the resident asks, in their own words, and how it came in."""

    question = forms.CharField(
        label=_("Wat is de vraag?"),
        help_text=_("Schrijf op wat de inwoner zegt, zo veel mogelijk in diens eigen woorden."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    laws = forms.MultipleChoiceField(
        label=_("Welke wetten spelen mee?"),
        help_text=_("Kies alles wat van toepassing is. Bij de Wmo starten de wettelijke termijnen."),
        choices=Law.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DATE_WIDGET)
    channel = forms.ChoiceField(
        label=_("Hoe kwam de melding binnen?"), choices=SupportRequest.Channel.choices
    )
    reporter = forms.ChoiceField(label=_("Wie meldde?"), choices=SupportRequest.Reporter.choices)
    reporter_name = forms.CharField(
        label=_("Naam van de melder"), required=False, max_length=200,
        help_text=_("Alleen als iemand anders dan de inwoner meldde."),
    )  # fmt: skip
    urgency = forms.ChoiceField(
        label=_("Urgentie"), choices=SupportRequest.Urgency.choices, initial=SupportRequest.Urgency.NORMAL
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["laws"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("De datum van ontvangst kan niet in de toekomst liggen."))
        return received_on

    def request_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class ExistingHouseholdRequestForm(SupportRequestForm):
    person = forms.ModelChoiceField(label=_("Voor wie is de melding?"), queryset=Person.objects.none())

    field_order = ["person"]

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.members.all()
        self.fields["person"].label_from_instance = lambda person: person.full_name

    def request_data(self) -> dict:
        data = super().request_data()
        data.pop("person")
        return data


class NewHouseholdRequestForm(SupportRequestForm):
    """Registration of someone not yet known, with the melding, in one form."""

    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    surname_prefix = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    surname = forms.CharField(label=_("Achternaam"), max_length=100)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), widget=DATE_WIDGET)
    bsn = forms.CharField(
        label=_("BSN"), max_length=9, required=False, validators=[validate_bsn],
        help_text=_("Negen cijfers. Niet verplicht; wel handig om dubbele registratie te voorkomen."),
    )  # fmt: skip
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_language = forms.CharField(label=_("Voorkeurstaal"), max_length=50, initial="Nederlands")
    postcode = forms.RegexField(
        label=_("Postcode"), regex=r"^\s*[1-9][0-9]{3}\s*[a-zA-Z]{2}\s*$",
        error_messages={"invalid": _("Vul een postcode in zoals 8011 AB.")},
    )  # fmt: skip
    house_number = forms.IntegerField(label=_("Huisnummer"), min_value=1)
    house_number_addition = forms.CharField(label=_("Toevoeging"), max_length=10, required=False)
    street = forms.CharField(label=_("Straat"), max_length=100)
    city = forms.CharField(label=_("Plaats"), max_length=100)
    area = forms.ModelChoiceField(label=_("Buurt"), queryset=None)
    confirm_new = forms.BooleanField(
        label=_("Dit is echt een nieuwe persoon"), required=False,
        help_text=_("Alleen nodig als hierboven een mogelijke match staat."),
    )  # fmt: skip

    field_order = [
        "given_name", "surname_prefix", "surname", "date_of_birth", "bsn", "phone", "email",
        "preferred_language", "postcode", "house_number", "house_number_addition", "street", "city", "area",
    ]  # fmt: skip

    PERSON_FIELDS = ("given_name", "surname_prefix", "surname", "date_of_birth", "bsn", "phone", "email",
                     "preferred_language")  # fmt: skip
    HOUSEHOLD_FIELDS = ("postcode", "house_number", "house_number_addition", "street", "city", "area")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    def clean_postcode(self) -> str:
        return self.cleaned_data["postcode"].replace(" ", "").upper()

    def person_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PERSON_FIELDS}

    def household_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.HOUSEHOLD_FIELDS}

    def request_data(self) -> dict:
        data = super().request_data()
        for name in (*self.PERSON_FIELDS, *self.HOUSEHOLD_FIELDS, "confirm_new"):
            data.pop(name)
        return data


class SuspendForm(UtrechtFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("Opgeschort vanaf"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reden"), max_length=300, help_text=_("Bijvoorbeeld: de inwoner vroeg om meer tijd.")
    )


class ResumeForm(UtrechtFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("Loopt weer vanaf"), widget=DATE_WIDGET)


class ExtendForm(UtrechtFormMixin, forms.Form):
    days = forms.IntegerField(label=_("Aantal dagen verlenging"), min_value=1, max_value=365)
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        help_text=_("De inwoner krijgt deze reden en de nieuwe datum te horen."),
    )


class CaseloadFilterForm(UtrechtFormMixin, forms.Form):
    STATUS_CHOICES = [("open", _("Open")), ("closed", _("Afgesloten")), ("all", _("Alle"))]

    area = forms.ModelChoiceField(
        label=_("Buurt"), queryset=None, required=False, empty_label=_("Alle buurten")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False, initial="open")
    mine = forms.BooleanField(label=_("Alleen mijn meldingen"), required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class ConversationForm(UtrechtFormMixin, forms.Form):
    """The conversation in its own order; the life domains follow as separate small forms."""

    held_on = forms.DateField(label=_("Datum van het gesprek"), widget=DATE_WIDGET)
    place = forms.CharField(
        label=_("Waar"), max_length=200, initial=_("Bij de inwoner thuis, aan de keukentafel")
    )
    participants = forms.CharField(
        label=_("Wie waren erbij"),
        max_length=500,
        help_text=_("Bijvoorbeeld: de inwoner, haar dochter en de consulent."),
    )
    interpreter_offered = forms.BooleanField(label=_("Tolk aangeboden"), required=False)
    client_support_offered = forms.BooleanField(
        label=_("Gratis cliëntondersteuning aangeboden"), required=False
    )
    what_matters = forms.CharField(
        label=_("Wat is belangrijk voor u? Waar wordt u gelukkig van?"),
        help_text=_("In de woorden van de inwoner."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    question_behind = forms.CharField(
        label=_("De vraag achter de vraag"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    own_actions = forms.CharField(
        label=_("Wat gaan de inwoner en het netwerk zelf doen?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    ideas = forms.CharField(
        label=_("Ideeën voor oplossingen buiten de standaardproducten"), required=False,
        help_text=_("Bijvoorbeeld: een dag per week meerijden met de bezorger."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    BEFORE_DOMAINS = ("held_on", "place", "participants", "interpreter_offered", "client_support_offered",
                      "what_matters", "question_behind")  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(
                _("Een gesprek dat nog moet plaatsvinden, kunt u nog niet vastleggen.")
            )
        return held_on


class DomainScoreForm(UtrechtFormMixin, forms.Form):
    """One life domain: left empty unless it matters to this request (data minimisation)."""

    situation = forms.CharField(
        label=_("Hoe gaat het nu?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    own_strength = forms.CharField(
        label=_("Wat lukt zelf?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    network = forms.CharField(
        label=_("Wat doet het netwerk?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    resident_score = forms.TypedChoiceField(
        label=_("Score van de inwoner"), required=False, coerce=int, empty_value=None
    )
    professional_score = forms.TypedChoiceField(
        label=_("Score van de professional"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, domain, **kwargs):
        super().__init__(*args, prefix=domain.code, **kwargs)
        self.domain = domain
        instrument = domain.instrument
        choices = [("", _("geen score"))] + [
            (value, f"{value} {(instrument.level(value) or {}).get('label', '')}".strip())
            for value in range(instrument.scale_min, instrument.scale_max + 1)
        ]
        for name in ("resident_score", "professional_score"):
            self.fields[name].choices = choices

    def is_filled(self) -> bool:
        return any(value not in ("", None) for value in self.cleaned_data.values())

    def score_data(self) -> dict:
        return {"domain": self.domain, **self.cleaned_data}


class ReportTextForm(UtrechtFormMixin, forms.Form):
    text = forms.CharField(label=_("Tekst van het verslag"), widget=forms.Textarea(attrs={"rows": 24}))


class ReportIssueForm(UtrechtFormMixin, forms.Form):
    issued_on = forms.DateField(label=_("Uitgereikt op"), widget=DATE_WIDGET)


class ReportResponseForm(UtrechtFormMixin, forms.Form):
    AGREES = [("", _("nog niet bekend")), ("yes", _("ja")), ("no", _("nee"))]

    response = forms.CharField(
        label=_("Reactie van de inwoner"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In de eigen woorden van de inwoner."),
    )  # fmt: skip
    agrees = forms.ChoiceField(
        label=_("Is de inwoner het eens met het verslag?"), choices=AGREES, required=False
    )

    def agrees_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data["agrees"])


class PersonalPlanForm(UtrechtFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Persoonlijk plan van de inwoner"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Neem over wat de inwoner zelf heeft opgeschreven, of vat het samen in diens woorden."),
    )  # fmt: skip
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DATE_WIDGET)

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("De datum van ontvangst kan niet in de toekomst liggen."))
        return received_on


class ReferralForm(NewHouseholdRequestForm):
    """A partner's referral: who, where and the question; the wijkteam takes it from there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_on", "channel", "reporter", "reporter_name", "confirm_new"):
            del self.fields[name]
        self.fields["question"].label = _("Wat is de vraag van de inwoner?")

    def request_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("question", "laws", "urgency")}


class CloseForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom wordt de melding afgesloten?"), max_length=300,
        help_text=_("Bijvoorbeeld: de vraag is meteen beantwoord met informatie over de buurtbus."),
    )  # fmt: skip
