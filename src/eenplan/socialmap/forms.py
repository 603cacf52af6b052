from django import forms
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin
from eenplan.core.models import Area

from .models import Organization, Service, TargetGroup

DISTANCES = [
    ("", _("Elke afstand")),
    ("1", _("1 km")),
    ("2", _("2 km")),
    ("5", _("5 km")),
    ("10", _("10 km")),
]


class SearchForm(UtrechtFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Wat wil of zoekt de inwoner?"),
        help_text=_("In de woorden van de inwoner, bijvoorbeeld: hij wil graag meerijden en helpen."),
        required=False,
        max_length=300,
    )
    gebied = forms.ModelChoiceField(
        label=_("Wijk of buurt"), queryset=Area.objects.none(), required=False, empty_label=_("Hele gemeente")
    )
    postcode = forms.CharField(label=_("Vanaf postcode"), required=False, max_length=7)
    afstand = forms.TypedChoiceField(
        label=_("Afstand"), choices=DISTANCES, required=False, coerce=float, empty_value=None
    )
    soort = forms.MultipleChoiceField(
        label=_("Soort"), choices=Service.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    kosten = forms.MultipleChoiceField(
        label=_("Kosten"), choices=Service.Cost.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    doelgroep = forms.ModelChoiceField(
        label=_("Doelgroep"),
        queryset=TargetGroup.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        empty_label=_("Alle doelgroepen"),
    )

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.select_related("parent").order_by("code")
        if municipality_id:
            areas = areas.filter(municipality_id=municipality_id)
        self.fields["gebied"].queryset = areas
        self.fields["gebied"].label_from_instance = lambda area: (
            f"{area.parent.name} – {area.name}" if area.parent_id else area.name
        )
        for name in ("soort", "kosten"):
            self.fields[name].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].replace(" ", "").upper()
        if postcode and not (len(postcode) in (4, 6) and postcode[:4].isdigit() and postcode[0] != "0"):
            raise forms.ValidationError(_("Vul een postcode in zoals 8011 of 8011AB."))
        return postcode

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("afstand") and not cleaned.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", _("Vul een postcode in om op afstand te zoeken."))
        return cleaned


class ServiceForm(UtrechtFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organization.objects.none(), required=False
    )
    new_organization = forms.CharField(
        label=_("Of een nieuwe organisatie"),
        required=False,
        max_length=200,
        help_text=_(
            "De naam van een organisatie, vereniging of groep bewoners die nog niet op de kaart staat."
        ),
    )
    new_organization_description = forms.CharField(
        label=_("Wat doet die organisatie?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat gebeurt er, voor wie, wanneer en hoe doe je mee. In gewone taal."),
        max_length=4000,
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=Service.Kind.choices)
    cost = forms.ChoiceField(label=_("Kosten voor de inwoner"), choices=Service.Cost.choices)
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Doelgroepen"),
        queryset=TargetGroup.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Werkgebied"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: de hele gemeente."),
    )
    tags = forms.CharField(
        label=_("Wensen en activiteiten"),
        required=False,
        max_length=500,
        help_text=_("Woorden waarop inwoners zoeken, met komma's: meerijden, helpen, buiten, koken."),
    )
    volunteer_places = forms.IntegerField(label=_("Plekken voor vrijwilligers"), required=False, min_value=0)
    availability = forms.CharField(label=_("Beschikbaarheid"), required=False, max_length=200)
    accessibility = forms.CharField(
        label=_("Toegankelijkheid"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    schedule = forms.CharField(label=_("Wanneer"), required=False, max_length=300)
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=30)
    email = forms.EmailField(label=_("E-mail"), required=False)
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    venue_name = forms.CharField(label=_("Naam van de plek"), required=False, max_length=200)
    street = forms.CharField(label=_("Straat en huisnummer"), required=False, max_length=200)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[1-9][0-9]{3} ?[A-Za-z]{2}$",
        required=False,
        error_messages={"invalid": _("Vul een postcode in zoals 8011AB.")},
    )
    city = forms.CharField(label=_("Plaats"), required=False, max_length=100)

    def __init__(self, *args, organizations, municipality_id=None, may_add_organization=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if not may_add_organization:
            del self.fields["new_organization"], self.fields["new_organization_description"]
        areas = Area.objects.order_by("code")
        self.fields["areas"].queryset = (
            areas.filter(municipality_id=municipality_id) if municipality_id else areas
        )
        for name in ("target_groups", "areas"):
            self.fields[name].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def clean_postcode(self):
        return self.cleaned_data["postcode"].replace(" ", "").upper()

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_organization")
        if not cleaned.get("organization") and not new:
            self.add_error("organization", _("Kies de organisatie, of vul een nieuwe in."))
        if new and not cleaned.get("new_organization_description"):
            self.add_error("new_organization_description", _("Beschrijf in een zin wat de organisatie doet."))
        if (cleaned.get("street") or cleaned.get("postcode")) and not cleaned.get("venue_name"):
            self.add_error("venue_name", _("Geef de plek een naam, bijvoorbeeld het buurthuis."))
        return cleaned

    def values(self) -> dict:
        values = dict(self.cleaned_data)
        values["tags"] = [tag for tag in values["tags"].split(",") if tag.strip()]
        return values


class ImportForm(UtrechtFormMixin, forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "HSDS 3.0: een JSON-bestand (één record, een lijst of een pagina van de HSDS-API) of een zip met "
            "een CSV-datapakket. Tot 20 MB; grotere bestanden leest u in met eenplan manage hsds_import."
        ),
    )
    table = forms.ChoiceField(
        label=_("Wat staat er in een JSON-bestand?"),
        required=False,
        help_text=_("Leeg: afgeleid uit de bestandsnaam, zoals service_list.json."),
    )

    def __init__(self, *args, tables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [("", _("Afleiden uit de bestandsnaam")), *((t, t) for t in tables)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("Dit bestand is groter dan 20 MB. Lees het in met: eenplan manage hsds_import BESTAND.")
            )
        return upload
