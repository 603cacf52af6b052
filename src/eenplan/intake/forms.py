from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin
from eenplan.core.validators import validate_bsn
from eenplan.households.models import Person

from .models import Law, SupportRequest

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
