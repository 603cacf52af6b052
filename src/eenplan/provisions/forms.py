"""Forms of tailored provisions: validate and clean input only."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import Partner
from eenplan.core.forms import UtrechtFormMixin
from eenplan.intake.forms import DATE_WIDGET
from eenplan.plans.forms import RADIO_CLASS, VersionedForm

from .models import Product, Recommendation


class ApplicationForm(VersionedForm):
    product = forms.ModelChoiceField(label=_("Welke voorziening"), queryset=Product.objects.none())
    person = forms.ModelChoiceField(label=_("Voor wie"), queryset=None)
    goal = forms.ModelChoiceField(label=_("Bij welk doel"), queryset=None, required=False)
    volume = forms.IntegerField(
        label=_("Omvang"),
        min_value=1,
        max_value=1_000_000,
        help_text=_(
            "Het aantal eenheden per periode, zoals bij het product staat (bijvoorbeeld 3 uur per week)."
        ),
    )
    starts_on = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Tot en met"), widget=DATE_WIDGET)
    motivation = forms.CharField(
        label=_("Waarom is dit nodig?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Wat lukt niet zelf, met het netwerk of met een voorziening in de wijk?"),
    )
    urgent = forms.BooleanField(
        label=_("Spoed: direct een tijdelijke voorziening nodig (Wmo art. 2.3.3)"), required=False
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(is_active=True).order_by("law", "name")
        self.fields["product"].label_from_instance = lambda p: (
            f"{p.name} ({p.get_law_display()}; {p.get_unit_display()} {p.get_frequency_display()})"
        )
        self.fields["person"].queryset = plan.household.members.all()
        self.fields["person"].label_from_instance = lambda person: person.full_name
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["goal"].label_from_instance = lambda goal: goal.text[:80]
        today = timezone.localdate()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = today.replace(year=today.year + 1) - timezone.timedelta(days=1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("starts_on") and cleaned.get("ends_on") and cleaned["ends_on"] < cleaned["starts_on"]:
            self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        return cleaned


class AdviceForm(UtrechtFormMixin, forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Advies"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    volume = forms.IntegerField(label=_("Geadviseerde omvang"), min_value=0, max_value=1_000_000)
    reasons = forms.CharField(
        label=_("Onderbouwing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Wat de inwoner nodig heeft en waarom; wat zelf, met het netwerk of in de wijk kan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].widget.attrs["class"] = RADIO_CLASS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recommendation") in ("grant", "partly") and not cleaned.get("volume"):
            self.add_error("volume", _("Vul de omvang in die u adviseert."))
        return cleaned


class DecisionForm(UtrechtFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Besluit"), choices=Recommendation.choices, widget=forms.RadioSelect)
    volume = forms.IntegerField(
        label=_("Toegekende omvang"), min_value=0, max_value=1_000_000, required=False
    )
    starts_on = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET, required=False)
    ends_on = forms.DateField(label=_("Tot en met"), widget=DATE_WIDGET, required=False)
    reasons = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("In gewone taal: wat is besloten en waarom. Bij afwijzen: wat kan wel."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs["class"] = RADIO_CLASS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") in ("grant", "partly"):
            for name in ("volume", "starts_on", "ends_on"):
                if not cleaned.get(name):
                    self.add_error(name, _("Nodig bij toekennen."))
            if (
                cleaned.get("starts_on")
                and cleaned.get("ends_on")
                and cleaned["ends_on"] < cleaned["starts_on"]
            ):
                self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        return cleaned


class AllocationForm(UtrechtFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label=_("Aanbieder"), queryset=Partner.objects.none())
    volume = forms.IntegerField(label=_("Omvang"), min_value=1, max_value=1_000_000)
    starts_on = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Tot en met"), widget=DATE_WIDGET)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Partner.objects.filter(
            municipality=municipality,
            kind__in=[
                Partner.Kind.CARE_PROVIDER,
                Partner.Kind.YOUTH_CARE,
                Partner.Kind.WELFARE,
                Partner.Kind.DEBT_HELP,
            ],
        ).order_by("name")
        self.fields["provider"].label_from_instance = lambda p: (
            f"{p.name}{f' (AGB {p.agb_code})' if p.agb_code else ''}"
        )


class WithdrawForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(label=_("Waarom wordt de aanvraag ingetrokken?"), max_length=300)


class WorklistFilterForm(forms.Form):
    toon = forms.ChoiceField(
        choices=[("to_decide", _("te besluiten")), ("to_allocate", _("toe te wijzen"))], required=False
    )
