from django import forms
from django.utils.translation import gettext_lazy as _

from eenplan.socialmap.models import Service

from .models import Theme

MAX_TEXT = 2000


class SignalForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.filter(is_active=True), empty_label=None
    )
    text = forms.CharField(
        label=_("Wat ziet u?"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Beschrijf wat u ziet dat meer mensen in de buurt raakt. Namen, adressen, telefoonnummers, "
            "BSN's en datums halen we eruit; u ziet de tekst eerst zoals hij wordt bewaard."
        ),
    )


class PreventionLinkForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Activiteit uit de sociale kaart"), queryset=Service.objects.none()
    )
    linked_on = forms.DateField(label=_("Gestart op"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Prevention is what anyone can use: no tailored providers or businesses.
        not_prevention = [Service.Kind.PROVIDER, Service.Kind.BUSINESS]
        services = Service.objects.exclude(kind__in=not_prevention).order_by("name")
        self.fields["service"].queryset = (
            services.filter(municipality=municipality) if municipality else services
        )
