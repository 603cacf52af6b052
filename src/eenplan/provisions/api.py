"""API of provisions: the same actions and access functions as the screens.

The team applies and advises, the gemeente decides and allocates; nobody decides on their own advice.
A step the actor's role may not take answers 403, a step that does not fit the application answers
400, both with a Dutch message; an application outside reach answers 404 as if it does not exist."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import escape
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from eenplan.accounts.models import TEAM_ROLES, Partner, Role
from eenplan.core.api import paged_response
from eenplan.households.models import Person
from eenplan.intake import deadlines
from eenplan.intake.models import LegalTerm
from eenplan.plans import actions as plan_actions
from eenplan.plans.api import STATE_ERROR, STATE_MESSAGES, stale_version
from eenplan.plans.models import Goal
from eenplan.plans.queries import access_plan_for

from . import actions, istandaarden
from .models import Application, Product, Recommendation
from .queries import (
    WORKLIST_PAGE_SIZE,
    access_allocation_for,
    access_application_for,
    access_application_page_for,
    access_worklist_for,
)

PAGE_SIZE = WORKLIST_PAGE_SIZE

# The actions speak English to developers; the API answers the client in Dutch. A refusal because of
# the actor's role is 403 (the record is in reach, the step is not theirs); any other refusal is 400.
ROLE_REFUSALS = {
    "Only the team submits an application with the resident.": (
        "Alleen het wijkteam dient een aanvraag in, samen met de inwoner."
    ),
    "Only the team advises.": "Alleen het wijkteam geeft advies. De gemeente besluit.",
    "Only a decision maker of the gemeente decides.": "Alleen een besluitvormer van de gemeente besluit.",
    "Only a decision maker of the gemeente allocates.": (
        "Alleen een besluitvormer van de gemeente wijst een voorziening toe."
    ),
}
PROVISION_MESSAGES = {
    "This product is no longer offered.": "Dit product wordt niet meer aangeboden.",
    "The person belongs to another household.": "Deze persoon hoort niet bij dit huishouden.",
    "The period ends before it starts.": "De einddatum ligt voor de begindatum.",
    "A Wmo application follows the inquiry report (Wmo 2015 art. 2.3.2 lid 9).": (
        "Een Wmo-aanvraag volgt op het verslag van het onderzoek. Reik eerst het verslag uit, of kies "
        "spoed als het niet kan wachten."
    ),
    "A decided or withdrawn application cannot be withdrawn.": (
        "Een aanvraag waarover besloten is of die al is ingetrokken, kan niet meer worden ingetrokken."
    ),
    "Only an application that waits for advice can be advised on.": (
        "Alleen over een aanvraag die op advies wacht, kunt u advies geven."
    ),
    "Nobody decides on their own advice.": (
        "U gaf zelf het advies over deze aanvraag. Een ander moet besluiten."
    ),
    "Only an advised (or urgent) application can be decided.": (
        "Alleen over een aanvraag met advies (of met spoed) kan worden besloten."
    ),
    "A grant needs a volume and a period.": "Bij toekennen horen een omvang en een periode.",
    "Only a granted provision is allocated.": "Alleen een toegekende voorziening wordt toegewezen.",
    "Allocate at most the volume that was granted.": "Wijs hoogstens de toegekende omvang toe.",
    "Allocate within the period that was granted.": "Wijs toe binnen de toegekende periode.",
    "The provider works for another gemeente.": "Deze aanbieder werkt voor een andere gemeente.",
    "The provider needs an AGB code for an allocation message.": (
        "De aanbieder heeft een AGB-code nodig voor het toewijzingsbericht."
    ),
    "This product has no iStandaarden allocation message.": (
        "Voor dit product bestaat geen toewijzingsbericht (iWmo/iJw)."
    ),
    "An allocation message needs the resident's BSN.": (
        "Voor een toewijzingsbericht is het BSN van de inwoner nodig."
    ),
}
PROVISION_ERROR = "Dat kan niet in de huidige stand van de aanvraag. Er is niets gewijzigd."


class Refused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


def refusal(error: ValueError) -> APIException:
    """The API's answer to a refused provision (or plan) action."""
    message = str(error)
    if message in ROLE_REFUSALS:
        return PermissionDenied(ROLE_REFUSALS[message])
    if isinstance(error, plan_actions.PlanStateError):
        return Refused(STATE_MESSAGES.get(message, STATE_ERROR))
    return Refused(PROVISION_MESSAGES.get(message, PROVISION_ERROR))


def days_left(application: Application) -> int | None:
    """Days left on the nearest running term (from the prefetched terms), or None."""
    today = timezone.localdate()
    running = [term for term in application.terms.all() if term.status == LegalTerm.Status.RUNNING]
    return min((deadlines.days_left(term.due_on, today) for term in running), default=None)


# What the API shows


class ProductSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    law = serializers.CharField()
    category = serializers.CharField()
    product_code = serializers.CharField()
    unit = serializers.CharField()
    unit_label = serializers.CharField(source="get_unit_display")
    frequency = serializers.CharField()
    frequency_label = serializers.CharField(source="get_frequency_display")
    tariff_cents = serializers.IntegerField()


class ProductRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    law = serializers.CharField()


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="full_name")


class ApplicantSerializer(PersonRefSerializer):
    date_of_birth = serializers.DateField(allow_null=True)
    bsn = serializers.CharField()


class ApplicationTermSerializer(serializers.Serializer):
    rule = serializers.CharField()
    name = serializers.CharField(source="definition.name")
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    days_left = serializers.SerializerMethodField()

    def get_days_left(self, term) -> int:
        return term.days_left(timezone.localdate())


class AdviceSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
    volume = serializers.IntegerField()
    reasons = serializers.CharField()
    advised_by = serializers.SerializerMethodField()
    advised_on = serializers.DateField()

    def get_advised_by(self, advice) -> str:
        return advice.advised_by.get_full_name() or advice.advised_by.get_username()


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    agb_code = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    application = serializers.IntegerField(source="decision.application_id")
    provider = ProviderSerializer()
    volume = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    allocated_at = serializers.DateTimeField()
    has_message = serializers.BooleanField(source="product.has_allocation_message")


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    volume = serializers.IntegerField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    reasons = serializers.CharField()
    decided_by = serializers.SerializerMethodField()
    decided_on = serializers.DateField()
    objection_ends_on = serializers.DateField()
    allocations = AllocationSerializer(many=True, source="allocations.all")

    def get_decided_by(self, decision) -> str:
        return decision.decided_by.get_full_name() or decision.decided_by.get_username()


class PlanSummarySerializer(serializers.Serializer):
    """What the decision needs from the plan: what matters, the goals and who does what."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    status = serializers.CharField()
    what_matters = serializers.CharField()
    goals = serializers.SerializerMethodField()
    agreements = serializers.SerializerMethodField()

    def get_goals(self, plan) -> list[str]:
        return [goal.text for goal in plan.goals.all()]

    def get_agreements(self, plan) -> list[str]:
        return [f"{agreement.who}: {agreement.description}" for agreement in plan.agreements.all()]


class ApplicationListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    status = serializers.CharField()
    urgent = serializers.BooleanField()
    received_on = serializers.DateField()
    person = PersonRefSerializer()
    product = ProductRefSerializer()
    volume = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    recommendation = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField(
        help_text="Dagen tot het eind van de eerstvolgende termijn."
    )
    terms = ApplicationTermSerializer(many=True, source="terms.all")

    def get_recommendation(self, application) -> str | None:
        advice = application.advice_or_none
        return advice.recommendation if advice else None

    def get_outcome(self, application) -> str | None:
        decision = application.decision_or_none
        return decision.outcome if decision else None

    def get_days_left(self, application) -> int | None:
        return days_left(application)


class ApplicationSerializer(ApplicationListItemSerializer):
    person = ApplicantSerializer()
    goal = serializers.IntegerField(source="agreement.goal_id", allow_null=True, default=None)
    agreement = serializers.IntegerField(source="agreement_id", allow_null=True)
    motivation = serializers.CharField()
    plan = PlanSummarySerializer()
    advice = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()

    @extend_schema_field(AdviceSerializer(allow_null=True))
    def get_advice(self, application):
        advice = application.advice_or_none
        return AdviceSerializer(advice).data if advice else None

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, application):
        decision = application.decision_or_none
        return DecisionSerializer(decision).data if decision else None


class ApplicationCreatedSerializer(ApplicationListItemSerializer):
    plan = serializers.IntegerField(source="plan_id")
    plan_version = serializers.IntegerField(source="plan.version")
    agreement = serializers.IntegerField(source="agreement_id")
    goal = serializers.IntegerField(source="agreement.goal_id", allow_null=True)
    motivation = serializers.CharField()


class ApplicationStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    status = serializers.CharField()
    terms = serializers.SerializerMethodField()

    @extend_schema_field(ApplicationTermSerializer(many=True))
    def get_terms(self, application):
        # Read again: the action changed the terms after they were loaded.
        return ApplicationTermSerializer(application.terms.order_by("due_on"), many=True).data


# What the API accepts (validation only)


def check_period(data: dict, message: str = "De einddatum ligt voor de begindatum.") -> dict:
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise serializers.ValidationError({"ends_on": message})
    return data


class ApplicationPlanSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1)


class ApplicationInputSerializer(ApplicationPlanSerializer):
    version = serializers.IntegerField(min_value=1, help_text="De versie van het plan die u zag.")
    product = serializers.SlugRelatedField(slug_field="code", queryset=Product.objects.filter(is_active=True))
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    goal = serializers.PrimaryKeyRelatedField(queryset=Goal.objects.none(), required=False, allow_null=True)
    volume = serializers.IntegerField(min_value=1, max_value=1_000_000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    motivation = serializers.CharField(max_length=4000)
    urgent = serializers.BooleanField(default=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["person"].queryset = plan.household.members.all()
            self.fields["goal"].queryset = plan.goals.all()

    def validate(self, data):
        return check_period(data)


class AdviceInputSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    volume = serializers.IntegerField(min_value=0, max_value=1_000_000)
    reasons = serializers.CharField(max_length=4000)

    def validate(self, data):
        if data["recommendation"] != Recommendation.REFUSE and not data["volume"]:
            raise serializers.ValidationError({"volume": "Vul de omvang in die u adviseert."})
        return data


@extend_schema_field({"type": "string", "enum": Recommendation.values})
class DecisionOutcomeField(serializers.ChoiceField):
    """The same choices as an advice, described inline (a goal's outcome has other choices)."""


class DecisionInputSerializer(serializers.Serializer):
    outcome = DecisionOutcomeField(choices=Recommendation.choices)
    volume = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    starts_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Standaard de periode van de aanvraag."
    )
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    reasons = serializers.CharField(max_length=4000)

    def validate(self, data):
        if data["outcome"] != Recommendation.REFUSE and not data["volume"]:
            raise serializers.ValidationError({"volume": "Nodig bij toekennen."})
        return check_period(data)


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


PROVIDER_KINDS = [
    Partner.Kind.CARE_PROVIDER,
    Partner.Kind.YOUTH_CARE,
    Partner.Kind.WELFARE,
    Partner.Kind.DEBT_HELP,
]


class AllocationInputSerializer(serializers.Serializer):
    provider = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none())
    volume = serializers.IntegerField(min_value=1, max_value=1_000_000)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipality is not None:
            self.fields["provider"].queryset = Partner.objects.filter(
                municipality=municipality, kind__in=PROVIDER_KINDS
            )

    def validate(self, data):
        return check_period(data)


class XmlRenderer(BaseRenderer):
    """The allocation message as it is; an error as a small XML document."""

    media_type = "application/xml"
    format = "xml"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        detail = data.get("detail", "") if isinstance(data, dict) else data
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<fout>{escape(str(detail))}</fout>\n'.encode()


# Views


@extend_schema(
    summary="De productcatalogus: de maatwerkvoorzieningen die de gemeente kan toekennen",
    parameters=[OpenApiParameter("page", int, description=f"Paginanummer ({PAGE_SIZE} per pagina).")],
    responses=ProductSerializer(many=True),
)
@api_view(["GET"])
def product_list(request):
    items = Product.objects.filter(is_active=True).order_by("law", "name", "pk")
    page = Paginator(items, PAGE_SIZE).get_page(request.query_params.get("page"))
    return paged_response(request, page, ProductSerializer(page.object_list, many=True).data)


@extend_schema(
    summary=("Aanvragen die u mag zien; voor een besluitvormer de werkvoorraad, de kortste termijn bovenaan"),
    parameters=[
        OpenApiParameter("page", int, description=f"Paginanummer ({PAGE_SIZE} per pagina)."),
        OpenApiParameter(
            "show",
            str,
            enum=["to_decide", "to_allocate"],
            description="Alleen voor een besluitvormer: te besluiten (standaard) of nog toe te wijzen.",
        ),
    ],
    responses=ApplicationListItemSerializer(many=True),
    methods=["GET"],
)
@extend_schema(
    summary="Een maatwerkvoorziening aanvragen vanuit het plan; het wordt een afspraak in het plan",
    request=ApplicationInputSerializer,
    responses={201: ApplicationCreatedSerializer},
    methods=["POST"],
)
@api_view(["GET", "POST"])
def application_list(request):
    if request.method == "POST":
        return _application_submit(request)
    user = request.user
    if user.role == Role.DECISION_MAKER:
        page = access_worklist_for(
            user,
            channel="api",
            page_number=request.query_params.get("page"),
            show=request.query_params.get("show"),
        )
    else:
        page = access_application_page_for(user, channel="api", page_number=request.query_params.get("page"))
    return paged_response(request, page, ApplicationListItemSerializer(page.object_list, many=True).data)


def _application_submit(request):
    reference = ApplicationPlanSerializer(data=request.data)
    reference.is_valid(raise_exception=True)
    plan = access_plan_for(request.user, reference.validated_data["plan"], channel="api")
    if request.user.role not in TEAM_ROLES or not plan.is_open:
        raise Http404  # as on the screens: only the team applies, from an open plan
    serializer = ApplicationInputSerializer(data=request.data, plan=plan)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    data.pop("plan")
    try:
        application = actions.application_submit(actor=request.user, plan=plan, via="api", **data)
    except plan_actions.StalePlan as error:
        raise stale_version(error) from None
    except ValueError as error:  # ProvisionError, PlanStateError
        raise refusal(error) from None
    return Response(ApplicationCreatedSerializer(application).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Eén aanvraag met advies, besluit, termijnen, toewijzingen en een samenvatting van het plan",
    responses=ApplicationSerializer,
)
@api_view(["GET"])
def application_detail(request, application_id: int):
    application = access_application_for(request.user, application_id, channel="api")
    return Response(ApplicationSerializer(application).data)


def _validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


def _step(request, application_id: int, serializer_class, do):
    """Access → validate → one action; a refused action changes nothing."""
    application = access_application_for(request.user, application_id, channel="api")
    kwargs = {}
    if serializer_class is AllocationInputSerializer:
        kwargs["municipality"] = application.household.municipality_id
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    try:
        return do(application, serializer.validated_data)
    except ValueError as error:  # ProvisionError
        raise refusal(error) from None
    except DjangoValidationError as error:
        raise _validation_error(error) from None


@extend_schema(
    summary="Het advies van het wijkteam (het wijkteam adviseert, de gemeente besluit)",
    request=AdviceInputSerializer,
    responses={201: AdviceSerializer},
)
@api_view(["POST"])
def advice_create(request, application_id: int):
    def do(application, data):
        return actions.advice_give(actor=request.user, application=application, via="api", **data)

    advice = _step(request, application_id, AdviceInputSerializer, do)
    return Response(AdviceSerializer(advice).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Het besluit van de gemeente (nooit door wie adviseerde); de bezwaartermijn begint",
    request=DecisionInputSerializer,
    responses={201: DecisionSerializer},
)
@api_view(["POST"])
def decision_create(request, application_id: int):
    def do(application, data):
        return actions.decision_make(actor=request.user, application=application, via="api", **data)

    decision = _step(request, application_id, DecisionInputSerializer, do)
    return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Een aanvraag intrekken; haar termijnen stoppen",
    request=WithdrawInputSerializer,
    responses=ApplicationStatusSerializer,
)
@api_view(["POST"])
def application_withdraw(request, application_id: int):
    def do(application, data):
        return actions.application_withdraw(actor=request.user, application=application, via="api", **data)

    application = _step(request, application_id, WithdrawInputSerializer, do)
    return Response(ApplicationStatusSerializer(application).data)


@extend_schema(
    summary="Een toegekende voorziening toewijzen aan een aanbieder, binnen het besluit",
    request=AllocationInputSerializer,
    responses={201: AllocationSerializer},
)
@api_view(["POST"])
def allocation_create(request, application_id: int):
    def do(application, data):
        decision = application.decision_or_none
        if decision is None:
            raise Refused("Over deze aanvraag is nog niet besloten.")
        return actions.allocation_make(actor=request.user, decision=decision, via="api", **data)

    allocation = _step(request, application_id, AllocationInputSerializer, do)
    return Response(AllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="Eén toewijzing", responses=AllocationSerializer)
@api_view(["GET"])
def allocation_detail(request, allocation_id: int):
    allocation = access_allocation_for(request.user, allocation_id, channel="api")
    return Response(AllocationSerializer(allocation).data)


@extend_schema(
    summary="Het toewijzingsbericht voor de aanbieder (iWmo WMO301 of iJw JW301); een verstrekking",
    responses={(200, "application/xml"): OpenApiTypes.STR},
)
@api_view(["GET"])
@renderer_classes([JSONRenderer, XmlRenderer])
def allocation_message(request, allocation_id: int):
    allocation = access_allocation_for(request.user, allocation_id, channel="api")
    try:
        xml = actions.allocation_message_export(actor=request.user, allocation=allocation, via="api")
    except actions.ProvisionError as error:
        message = str(error)
        if message.startswith("The message does not validate: "):
            detail = "Het toewijzingsbericht voldoet niet aan de iStandaarden: " + message.split(": ", 1)[1]
        else:
            detail = PROVISION_MESSAGES.get(message, PROVISION_ERROR)
        raise Refused(detail) from None
    except istandaarden.SchemaNotFound:
        raise Refused("De iStandaarden-schema's zijn niet gevonden; het bericht is niet gemaakt.") from None
    except ValueError as error:  # istandaarden.build: the data does not fit the message (Dutch text)
        raise Refused(f"Het toewijzingsbericht kon niet worden gemaakt: {error}") from None
    code = istandaarden.message_code(allocation.product.law)
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{code}-{allocation.number}.xml"'
    return response


urlpatterns = [
    path("products/", product_list, name="product-list"),
    path("applications/", application_list, name="application-list"),
    path("applications/<int:application_id>/", application_detail, name="application-detail"),
    path("applications/<int:application_id>/advice/", advice_create, name="application-advice"),
    path("applications/<int:application_id>/decision/", decision_create, name="application-decision"),
    path("applications/<int:application_id>/withdraw/", application_withdraw, name="application-withdraw"),
    path("applications/<int:application_id>/allocations/", allocation_create, name="application-allocate"),
    path("allocations/<int:allocation_id>/", allocation_detail, name="allocation-detail"),
    path("allocations/<int:allocation_id>/message/", allocation_message, name="allocation-message"),
]
