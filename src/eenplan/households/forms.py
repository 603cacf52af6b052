from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import DATE_WIDGET, UtrechtFormMixin
from eenplan.core.validators import validate_bsn

from .models import NetworkMember, Person, Representation


class PersonForm(UtrechtFormMixin, forms.Form):
    relation = forms.ChoiceField(label=_("Relatie tot het huishouden"), choices=Person.Relation.choices)
    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    surname_prefix = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    surname = forms.CharField(label=_("Achternaam"), max_length=100)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), widget=forms.DateInput(attrs={"type": "date"}))
    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False, validators=[validate_bsn])
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_language = forms.CharField(label=_("Voorkeurstaal"), max_length=50, initial="Nederlands")

    def clean_bsn(self) -> str:
        bsn = self.cleaned_data["bsn"]
        if bsn and Person.objects.filter(bsn=bsn).exists():
            raise forms.ValidationError(
                _("Er is al iemand met dit BSN geregistreerd. Overleg met uw teamleider.")
            )
        return bsn


class NetworkMemberForm(UtrechtFormMixin, forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    kind = forms.ChoiceField(label=_("Wie is het"), choices=NetworkMember.Kind.choices)
    is_informal_carer = forms.BooleanField(label=_("Mantelzorger"), required=False)
    contribution = forms.CharField(
        label=_("Wat doet of kan deze persoon doen?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In gewone woorden, bijvoorbeeld: doet boodschappen op zaterdag."),
    )  # fmt: skip
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)


class RepresentationForm(UtrechtFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Namens wie"), queryset=Person.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Soort vertegenwoordiging"), choices=Representation.Kind.choices)
    representative_name = forms.CharField(label=_("Naam vertegenwoordiger"), max_length=200)
    representative_bsn = forms.CharField(
        label=_("BSN vertegenwoordiger"), max_length=9, required=False, validators=[validate_bsn],
        help_text=_("Met dit BSN kan de vertegenwoordiger inloggen in Mijn plan. Zonder BSN kan dat niet."),
    )  # fmt: skip
    evidence = forms.CharField(
        label=_("Waaruit blijkt het"),
        max_length=300,
        help_text=Representation._meta.get_field("evidence").help_text,
    )
    starts_on = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Tot en met"), required=False, widget=DATE_WIDGET,
        help_text=_("Leeg laten als er geen einddatum is."),
    )  # fmt: skip

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = household.members.order_by("date_of_birth")
        self.fields["person"].label_from_instance = lambda person: person.full_name
        self.fields["starts_on"].initial = timezone.localdate()
