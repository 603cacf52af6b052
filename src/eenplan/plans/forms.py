"""Forms of the plan: validate and clean input only. Every form carries the plan version the editor
saw, so a stale edit is refused instead of overwriting someone else's change."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import TEAM_ROLES, Partner, User
from eenplan.assessment.models import LifeDomain
from eenplan.core.forms import UtrechtFormMixin
from eenplan.intake.forms import DATE_WIDGET
from eenplan.socialmap.models import Service

from .models import Agreement, Goal, Participant, Plan, ServiceOutcome

RADIO_CLASS = "utrecht-radio-button utrecht-radio-button--html-input"
CHECKBOX_CLASS = "utrecht-checkbox utrecht-checkbox--html-input"


class VersionedForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def values(self) -> dict:
        """The cleaned data without the version: the action's keyword arguments."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class WhatMattersForm(VersionedForm):
    what_matters = forms.CharField(
        label=_("Wat is belangrijk voor de inwoner?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In de woorden van de inwoner zelf."),
        max_length=4000,
    )


class GoalForm(VersionedForm):
    text = forms.CharField(
        label=_("Doel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("In de woorden van de inwoner, bijvoorbeeld: ‘Ik wil weer zelf boodschappen doen.’"),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Leefgebieden"),
        queryset=LifeDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen de leefgebieden waar dit doel over gaat."),
    )
    priority = forms.TypedChoiceField(
        label=_("Wanneer aan de beurt"),
        choices=Goal.Priority.choices,
        coerce=int,
        initial=Goal.Priority.MEDIUM,
        widget=forms.RadioSelect,
    )
    target_date = forms.DateField(label=_("Wanneer bereikt"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        domains = LifeDomain.objects.filter(instrument__code="life-domains", is_active=True).order_by("order")
        if not plan.household.has_children:
            domains = domains.exclude(applies_to=LifeDomain.AppliesTo.HOUSEHOLDS_WITH_CHILDREN)
        self.fields["domains"].queryset = domains
        self.fields["domains"].widget.attrs["class"] = CHECKBOX_CLASS
        self.fields["priority"].widget.attrs["class"] = RADIO_CLASS


class AgreementForm(VersionedForm):
    """Who does what by when. Only the fields that fit the chosen 'who' are needed."""

    kind = forms.ChoiceField(
        label=_("Wie doet het?"),
        widget=forms.RadioSelect,
        choices=[c for c in Agreement.Kind.choices if c[0] != Agreement.Kind.PROVISION],
    )
    description = forms.CharField(
        label=_("Wat wordt er gedaan?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_(
            "Gewone woorden mogen, ook als het geen standaardproduct is. Bijvoorbeeld: "
            "‘Rijdt één dag per week mee met de bezorger.’"
        ),
    )
    goal = forms.ModelChoiceField(label=_("Bij welk doel"), queryset=Goal.objects.none(), required=False)
    person = forms.ModelChoiceField(
        label=_("Welk lid van het huishouden"),
        queryset=None,
        required=False,
        help_text=_("Als de inwoner het zelf doet."),
    )
    network_member = forms.ModelChoiceField(
        label=_("Wie uit het netwerk"),
        queryset=None,
        required=False,
        help_text=_("Als iemand uit het netwerk het doet."),
    )
    community_service = forms.CharField(
        label=_("Welke voorziening in de wijk"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: Buurthuis De Pit, samen eten op dinsdag."),
    )
    partner = forms.ModelChoiceField(label=_("Welke partnerorganisatie"), queryset=None, required=False)
    performer = forms.CharField(
        label=_("Naam van wie het doet"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld de naam van de consulent of van de professional bij de partner."),
    )
    due_on = forms.DateField(label=_("Wanneer"), required=False, widget=DATE_WIDGET)

    REQUIRED_FOR_KIND = {
        Agreement.Kind.RESIDENT: ("person", _("Kies wie in het huishouden het doet.")),
        Agreement.Kind.NETWORK: ("network_member", _("Kies wie uit het netwerk het doet.")),
        Agreement.Kind.COMMUNITY: ("community_service", _("Vul in welke voorziening in de wijk het doet.")),
        Agreement.Kind.PARTNER: ("partner", _("Kies de partnerorganisatie.")),
    }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        household = plan.household
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["goal"].label_from_instance = lambda goal: goal.text[:80]
        self.fields["person"].queryset = household.members.all()
        self.fields["person"].label_from_instance = lambda person: person.full_name
        self.fields["network_member"].queryset = household.network.all()
        self.fields["partner"].queryset = Partner.objects.filter(municipality=household.municipality_id)
        self.fields["kind"].widget.attrs["class"] = RADIO_CLASS

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        field, message = self.REQUIRED_FOR_KIND.get(kind, (None, None))
        if field and not cleaned.get(field):
            self.add_error(field, message)
        # Only keep the link that fits the kind, so a form filled in twice never links two 'who's.
        for name in ("person", "network_member", "community_service", "partner"):
            if name != field:
                cleaned[name] = "" if name == "community_service" else None
        return cleaned


class AgreementStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=Agreement.Status.choices)


class AgreeForm(VersionedForm):
    agreed_on = forms.DateField(label=_("Wanneer gaf de inwoner akkoord?"), widget=DATE_WIDGET)
    how = forms.ChoiceField(
        label=_("Hoe gaf de inwoner akkoord?"), choices=Plan.AgreedHow.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: akkoord, maar wil het doel over werk later nog bespreken."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = timezone.localdate()
        self.fields["how"].widget.attrs["class"] = RADIO_CLASS

    def clean_agreed_on(self):
        agreed_on = self.cleaned_data["agreed_on"]
        if agreed_on > timezone.localdate():
            raise forms.ValidationError(_("Een akkoord kan niet in de toekomst liggen."))
        return agreed_on


class VersionOnlyForm(VersionedForm):
    pass


class CloseForm(VersionedForm):
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Waarom wordt het plan afgesloten?"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class ParticipantForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Wie doet mee?"), choices=Participant.Kind.choices, widget=forms.RadioSelect
    )
    person = forms.ModelChoiceField(label=_("Lid van het huishouden"), queryset=None, required=False)
    network_member = forms.ModelChoiceField(label=_("Iemand uit het netwerk"), queryset=None, required=False)
    user = forms.ModelChoiceField(
        label=_("Professional van het wijkteam of een partner"), queryset=None, required=False
    )
    role = forms.CharField(
        label=_("Rol in het plan"),
        max_length=200,
        help_text=_("Bijvoorbeeld: mantelzorger, budgetcoach, huisarts."),
    )

    FIELD_FOR_KIND = {
        Participant.Kind.MEMBER: "person",
        Participant.Kind.NETWORK: "network_member",
        Participant.Kind.PARTNER: "user",
        Participant.Kind.TEAM: "user",
    }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        household = plan.household
        self.fields["person"].queryset = household.members.all()
        self.fields["person"].label_from_instance = lambda person: person.full_name
        self.fields["network_member"].queryset = household.network.all()
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, municipality=household.municipality_id)
            .filter(role__in=[*TEAM_ROLES, "partner_professional"])
            .select_related("partner", "team")
            .order_by("last_name", "first_name")
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.partner or user.team or ''})"
        )
        self.fields["kind"].widget.attrs["class"] = RADIO_CLASS

    def clean(self):
        cleaned = super().clean()
        field = self.FIELD_FOR_KIND.get(cleaned.get("kind"))
        if field and not cleaned.get(field):
            self.add_error(field, _("Kies wie er meedoet."))
        user = cleaned.get("user")
        if field == "user" and user is not None:
            expected = "partner_professional" if cleaned["kind"] == Participant.Kind.PARTNER else None
            if (expected and user.role != expected) or (not expected and user.role not in TEAM_ROLES):
                self.add_error("user", _("Deze persoon hoort niet bij die soort deelnemer."))
        for name in ("person", "network_member", "user"):
            if name != field:
                cleaned[name] = None
        return cleaned


class CaseDirectorForm(VersionedForm):
    case_director = forms.ModelChoiceField(label=_("Wie krijgt de regie?"), queryset=None)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_director"].queryset = User.objects.filter(
            is_active=True, team=team, role__in=list(TEAM_ROLES)
        ).order_by("last_name", "first_name")
        self.fields["case_director"].label_from_instance = lambda user: user.get_full_name() or user.username


class EvaluationForm(VersionedForm):
    held_on = forms.DateField(label=_("Datum van de evaluatie"), widget=DATE_WIDGET)
    summary = forms.CharField(
        label=_("Samenvatting"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class ServiceOutcomeForm(UtrechtFormMixin, forms.Form):
    """Did the social-map service of this agreement help? Feeds the social map's counts."""

    outcome = forms.ChoiceField(
        choices=[("", _("Weet ik nog niet")), *ServiceOutcome.choices], required=False
    )

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, prefix=f"service-{agreement.pk}", **kwargs)
        self.agreement = agreement
        self.fields["outcome"].label = _("Heeft %(service)s geholpen?") % {"service": agreement.service.name}
        self.fields["outcome"].initial = agreement.service_outcome

    def outcome_data(self) -> dict | None:
        outcome = self.cleaned_data["outcome"]
        return {"agreement": self.agreement, "outcome": outcome} if outcome else None


class GoalEvaluationForm(UtrechtFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Is het doel gehaald?"), choices=Goal.Outcome.choices, widget=forms.RadioSelect
    )
    resident_words = forms.CharField(
        label=_("Wat zegt de inwoner?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    professional_words = forms.CharField(
        label=_("Wat ziet de professional?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, prefix=f"goal-{goal.pk}", **kwargs)
        self.goal = goal
        self.fields["outcome"].widget.attrs["class"] = RADIO_CLASS

    def outcome_data(self) -> dict:
        return {"goal": self.goal, **self.cleaned_data}


class ServiceToPlanForm(VersionedForm):
    service = forms.ModelChoiceField(queryset=Service.objects.all())
    goal = forms.ModelChoiceField(queryset=Goal.objects.none(), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()
