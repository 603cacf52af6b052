"""Forms of the thermometer: validate and clean input only. Choices (teams, partners, services, areas)
are those of the policy advisor's own gemeente."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import Partner, Team
from eenplan.assessment.models import LifeDomain
from eenplan.core.forms import DATE_WIDGET, UtrechtFormMixin
from eenplan.core.models import Area
from eenplan.intake.models import Law
from eenplan.provisions.configuration import taakveld_choices
from eenplan.provisions.models import Product
from eenplan.signals.configuration import DOMAIN_INSTRUMENT
from eenplan.socialmap.models import Service

from .models import Indicator

NAME_LENGTH = 200
TEXT_LENGTH = 4000
MAX_EUROS = Decimal("999999999999")


def _text(label, *, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _order():
    return forms.IntegerField(
        label=_("Volgorde"),
        min_value=0,
        max_value=999,
        required=False,
        initial=0,
        help_text=_("Een lager getal staat hoger in de keten."),
    )


class ChainForm(UtrechtFormMixin, forms.Form):
    def values(self) -> dict:
        """The cleaned data as the action's keyword arguments."""
        values = dict(self.cleaned_data)
        if "order" in values:
            values["order"] = values["order"] or 0
        return values


class EffectForm(ChainForm):
    name = forms.CharField(
        label=_("Effect"),
        max_length=NAME_LENGTH,
        help_text=_(
            "Wat u in de samenleving wilt bereiken, bijvoorbeeld: inwoners wonen langer zelfstandig thuis."
        ),
    )
    description = _text(_("Toelichting"))
    order = _order()


class PolicyGoalForm(ChainForm):
    name = forms.CharField(label=_("Beleidsdoel"), max_length=NAME_LENGTH)
    description = _text(_("Toelichting"))
    life_domain = forms.ModelChoiceField(
        label=_("Leefgebied"),
        queryset=LifeDomain.objects.filter(instrument__code=DOMAIN_INSTRUMENT, is_active=True),
        required=False,
        help_text=_(
            "Het leefgebied waarop dit doel de zelfredzaamheid wil verbeteren. De keten toont dan de "
            "zelfredzaamheid op dat leefgebied."
        ),
    )
    law = forms.ChoiceField(label=_("Wet"), choices=[("", "—"), *Law.choices], required=False)
    order = _order()


class AssignmentForm(ChainForm):
    name = forms.CharField(
        label=_("Opdracht"),
        max_length=NAME_LENGTH,
        help_text=_("Kort: wat de uitvoerder doet, bijvoorbeeld: ontmoeting in de wijk organiseren."),
    )
    team = forms.ModelChoiceField(label=_("Wijkteam"), queryset=Team.objects.none(), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partnerorganisatie"), queryset=Partner.objects.none(), required=False
    )
    executor_name = forms.CharField(
        label=_("Of een andere uitvoerder"),
        max_length=NAME_LENGTH,
        required=False,
        help_text=_("Kies één uitvoerder: een wijkteam, een partner, of vul een naam in."),
    )
    results = _text(_("Afgesproken resultaten"), rows=4, help_text=_("In woorden, zoals in de opdracht."))
    taakveld = forms.ChoiceField(label=_("Taakveld (Iv3)"), choices=taakveld_choices())
    budget = forms.DecimalField(
        label=_("Budget (euro)"),
        min_value=Decimal(0),
        max_value=MAX_EUROS,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": _("Vul een bedrag in, bijvoorbeeld 125000 of 1250,50.")},
    )
    starts_on = forms.DateField(label=_("Vanaf"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Tot en met"), widget=DATE_WIDGET)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(municipality=municipality).order_by("name")
        self.fields["partner"].queryset = Partner.objects.filter(municipality=municipality).order_by("name")

    def clean(self):
        data = super().clean()
        executors = [data.get("team"), data.get("partner"), data.get("executor_name")]
        if sum(1 for executor in executors if executor) != 1:
            raise forms.ValidationError(
                _("Kies één uitvoerder: een wijkteam, een partnerorganisatie of een andere uitvoerder.")
            )
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("De periode eindigt na het begin."))
        return data

    def values(self) -> dict:
        values = super().values()
        values["budget_cents"] = int((values.pop("budget") * 100).to_integral_value())
        return values


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name  # the column: ``str()`` would read the deferred HSDS data of every service


class DeliveryForm(ChainForm):
    service = ServiceChoiceField(
        label=_("Dienst van de sociale kaart"), queryset=Service.objects.none(), required=False
    )
    product = forms.ModelChoiceField(
        label=_("Of een maatwerkvoorziening (product)"),
        queryset=Product.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.filter(municipality=municipality).only("id", "name").order_by("name")
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("service")) == bool(data.get("product")):
            raise forms.ValidationError(
                _("Kies een dienst van de sociale kaart of een product, niet allebei.")
            )
        return data


class AgreedResultForm(ChainForm):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.filter(is_active=True).order_by("order", "name")
    )
    target_value = forms.DecimalField(
        label=_("Streefwaarde"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=_("In de eenheid van de indicator: procent, dagen, euro of aantal."),
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 80 of 12,5.")},
    )


class DeleteForm(UtrechtFormMixin, forms.Form):
    confirm = forms.BooleanField(label=_("Ja, verwijderen"), required=True)


class MeasurementForm(UtrechtFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(is_active=True, kind=Indicator.Kind.MANUAL).order_by(
            "order", "name"
        ),
    )
    area = forms.ModelChoiceField(
        label=_("Gebied"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Leeg: de hele gemeente."),
    )
    period_start = forms.DateField(label=_("Periode vanaf"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Periode tot en met"), widget=DATE_WIDGET)
    value = forms.DecimalField(
        label=_("Waarde"),
        max_digits=12,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": _("Vul een getal in, bijvoorbeeld 42 of 12,5.")},
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=300,
        help_text=_("Waar het cijfer vandaan komt, bijvoorbeeld: GGD Gezondheidsmonitor 2024."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality).order_by("code")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("De periode eindigt na het begin."))
        return data


QUARTER, YEAR = "kwartaal", "jaar"


class MonitorFilterForm(UtrechtFormMixin, forms.Form):
    """What the monitor shows (GET): an area, a team (the policy advisor), per quarter or per year.
    Anything invalid is ignored: the monitor then shows the whole reach per quarter."""

    gebied = forms.TypedChoiceField(label=_("Gebied"), coerce=int, required=False, empty_value=None)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False, empty_value=None)
    per = forms.ChoiceField(
        label=_("Per"), choices=[(QUARTER, _("kwartaal")), (YEAR, _("jaar"))], required=False
    )

    def __init__(self, data=None, *, areas, teams, **kwargs):
        super().__init__(data or None, **kwargs)
        self.fields["gebied"].choices = [
            ("", _("De hele gemeente")),
            *((area.pk, f"{area.name} ({area.get_kind_display()})") for area in areas),
        ]
        if teams:
            self.fields["team"].choices = [("", _("Alle teams")), *((t.pk, t.name) for t in teams)]
        else:
            del self.fields["team"]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"area_id": None, "team_id": None, "per": "quarter"}
        return {
            "area_id": self.cleaned_data.get("gebied"),
            "team_id": self.cleaned_data.get("team"),
            "per": "year" if self.cleaned_data.get("per") == YEAR else "quarter",
        }


class ChainPeriodForm(UtrechtFormMixin, forms.Form):
    """The period of the chain (GET): the last twelve months, or a calendar year."""

    periode = forms.ChoiceField(label=_("Periode"), required=False)

    def __init__(self, data=None, *, today, years=3, **kwargs):
        super().__init__(data or None, **kwargs)
        self.fields["periode"].choices = [
            ("", _("De laatste twaalf maanden")),
            *((str(year), str(year)) for year in range(today.year, today.year - years, -1)),
        ]

    def year(self) -> int | None:
        if self.is_bound and self.is_valid() and self.cleaned_data["periode"]:
            return int(self.cleaned_data["periode"])
        return None
