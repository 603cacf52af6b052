from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from eenplan.accounts.models import Partner, Role
from eenplan.core.forms import DATE_WIDGET, UtrechtFormMixin
from eenplan.core.models import DataCategory, LegalBasis, Purpose
from eenplan.core.validators import validate_bsn

from .models import Arrangement


def partner_purposes():
    """Active purposes partner professionals may process for (roles is a JSON list: filtered here, as
    SQLite has no JSON containment lookup)."""
    purposes = Purpose.objects.filter(is_active=True)
    return purposes.filter(pk__in=[item.pk for item in purposes if Role.PARTNER_PROFESSIONAL in item.roles])


class TermsForm(UtrechtFormMixin, forms.Form):
    """What an arrangement allows. The legal basis has no default: it must be chosen on purpose (the AP
    found gemeenten wrongly rely on consent where the basis is their public task)."""

    purpose = forms.ModelChoiceField(
        label=pgettext_lazy("purpose", "Doel"), queryset=Purpose.objects.none(), empty_label=None
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Welke gegevens"), queryset=DataCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Alleen wat de partner voor dit doel nodig heeft. Gezondheid is een bijzonder persoonsgegeven."
        ),
    )  # fmt: skip
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag"), queryset=LegalBasis.objects.filter(is_active=True), widget=forms.RadioSelect,
        help_text=_("Kies bewust. Is het delen nodig voor de wettelijke taak van de gemeente, dan is de "
                    "grondslag publieke taak, niet toestemming."),
    )  # fmt: skip
    starts_on = forms.DateField(label=_("Geldig vanaf"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Geldig tot en met"), widget=DATE_WIDGET)
    consent_given_by = forms.CharField(
        label=_("Toestemming gegeven door"), max_length=200, required=False,
        help_text=_("Alleen bij toestemming: de inwoner, of wie namens de inwoner beslist."),
    )  # fmt: skip
    consent_form = forms.ChoiceField(
        label=_("Vorm van de toestemming"), required=False,
        choices=[c for c in Arrangement.ConsentForm.choices if c[0] != Arrangement.ConsentForm.PORTAL],
        widget=forms.RadioSelect,
    )  # fmt: skip
    consent_document = forms.CharField(
        label=_("Waar is het formulier bewaard?"), max_length=300, required=False,
        help_text=_("Alleen bij schriftelijke toestemming, bijvoorbeeld het kenmerk in het archief."),
    )  # fmt: skip
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = partner_purposes()
        self.fields["legal_basis"].empty_label = None

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        basis = data.get("legal_basis")
        if basis and basis.code == "consent":
            if not data.get("consent_given_by"):
                self.add_error("consent_given_by", _("Vul in wie toestemming gaf."))
            if not data.get("consent_form"):
                self.add_error("consent_form", _("Kies hoe de toestemming is gegeven."))
            elif data["consent_form"] == Arrangement.ConsentForm.WRITTEN and not data.get("consent_document"):
                self.add_error("consent_document", _("Vul in waar het ondertekende formulier is bewaard."))
        return data


class ArrangementForm(TermsForm):
    partner = forms.ModelChoiceField(label=_("Partnerorganisatie"), queryset=Partner.objects.none())

    field_order = ["partner"]

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(municipality=household.municipality_id)
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())


class GrantRequestForm(TermsForm):
    """Granting a request: the purpose is the one asked for; the categories at most those asked for."""

    def __init__(self, *args, request_item, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["purpose"]
        self.fields["categories"].queryset = request_item.categories.all()
        if not self.is_bound:
            self.initial.update(
                starts_on=timezone.localdate(), categories=list(request_item.categories.all())
            )


class WithdrawForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekken"), max_length=300,
        help_text=_("Bijvoorbeeld: de inwoner trekt de toestemming in, of het doel is bereikt."),
    )  # fmt: skip


class RefuseForm(UtrechtFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Waarom geweigerd"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De partner leest deze uitleg."),
    )  # fmt: skip


class RequestForm(UtrechtFormMixin, forms.Form):
    resident_name = forms.CharField(label=_("Naam van de inwoner"), max_length=200)
    bsn = forms.CharField(label=_("BSN van de inwoner"), max_length=9, validators=[validate_bsn])
    purpose = forms.ModelChoiceField(
        label=pgettext_lazy("purpose", "Doel"), queryset=Purpose.objects.none(), empty_label=None
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Welke gegevens heeft u nodig?"), queryset=DataCategory.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Waarom heeft u deze gegevens nodig?"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De regisseur van het huishouden leest dit en beslist."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].queryset = partner_purposes()


class BreakGlassForm(UtrechtFormMixin, forms.Form):
    bsn = forms.CharField(label=_("BSN van de inwoner"), max_length=9, validators=[validate_bsn])
    reason = forms.CharField(
        label=_("Waarom is dit nodig om iemands leven of gezondheid te beschermen?"),
        widget=forms.Textarea(attrs={"rows": 4}), min_length=20,
        help_text=_("Minstens 20 tekens. Uw teamleider beoordeelt dit achteraf."),
    )  # fmt: skip


class ReviewForm(UtrechtFormMixin, forms.Form):
    was_justified = forms.TypedChoiceField(
        label=_("Was de noodtoegang terecht?"), choices=[("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)
