from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin
from eenplan.core.validators import validate_bsn
from eenplan.households.models import Person

from .actions import EDITABLE_FIELDS
from .models import Rectification

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RectificationForm(UtrechtFormMixin, forms.Form):
    """A request for correction (AVG art. 16): what the resident asked, the corrected data as it should
    be, and the outcome. Prefilled with the current data."""

    requested_on = forms.DateField(label=_("Gevraagd op"), widget=DATE_WIDGET)
    request = forms.CharField(
        label=_("Wat vraagt de inwoner?"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In de woorden van de inwoner, bijvoorbeeld: mijn achternaam is verkeerd gespeld."),
    )  # fmt: skip
    relation = forms.ChoiceField(label=_("Relatie tot het huishouden"), choices=Person.Relation.choices)
    given_name = forms.CharField(label=_("Voornaam"), max_length=100)
    surname_prefix = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    surname = forms.CharField(label=_("Achternaam"), max_length=100)
    date_of_birth = forms.DateField(label=_("Geboortedatum"), widget=DATE_WIDGET)
    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False, validators=[validate_bsn])
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_language = forms.CharField(label=_("Voorkeurstaal"), max_length=50)
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=Rectification.Outcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij afwijzen: de inwoner hoort waarom (AVG art. 12 lid 4)."),
    )  # fmt: skip

    def __init__(self, *args, person: Person, **kwargs):
        self.person = person
        initial = {name: getattr(person, name) for name in EDITABLE_FIELDS}
        initial["requested_on"] = timezone.localdate()
        super().__init__(*args, initial=initial, **kwargs)

    def clean_bsn(self) -> str:
        bsn = self.cleaned_data["bsn"]
        if bsn and Person.objects.filter(bsn=bsn).exclude(pk=self.person.pk).exists():
            raise forms.ValidationError(
                _("Er is al iemand met dit BSN geregistreerd. Overleg met uw teamleider.")
            )
        return bsn

    @property
    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome == Rectification.Outcome.REFUSED and not cleaned.get("reason"):
            self.add_error("reason", _("Schrijf op waarom het verzoek is afgewezen."))
        unchanged = not self.errors and all(
            getattr(self.person, name) == value for name, value in self.changes.items()
        )
        if outcome == Rectification.Outcome.DONE and unchanged:
            raise forms.ValidationError(
                _("Er is niets gewijzigd. Pas de gegevens aan, of kies ‘afgewezen’ met een toelichting.")
            )
        return cleaned
