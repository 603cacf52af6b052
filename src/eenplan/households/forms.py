from django import forms
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin
from eenplan.core.validators import validate_bsn

from .models import NetworkMember, Person


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
