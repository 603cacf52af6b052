"""API of plans: the same actions and access functions as the screens.

Every write carries the plan ``version`` the client saw. When someone changed the plan in the meantime
the action refuses (StalePlan) and the API answers 409 Conflict with the current version; nothing was
saved. A step that does not fit the plan's state answers 400 with a Dutch message."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from eenplan.accounts.models import Partner
from eenplan.assessment.models import Instrument, LifeDomain
from eenplan.core.api import paged_response
from eenplan.households.models import NetworkMember, Person
from eenplan.intake.queries import access_support_request_for
from eenplan.socialmap.models import Service

from . import actions
from .models import Agreement, Goal, Plan, ServiceOutcome
from .queries import access_plan_for, access_plan_history_for, access_plan_page_for, open_plan_id

PAGE_SIZE = 25

# The actions speak English to developers; the API answers the client in Dutch.
STATE_MESSAGES = {
    "A closed plan does not change.": "Een afgesloten plan verandert niet meer.",
    "This household already has an open plan.": "Dit huishouden heeft al een plan. Eén huishouden, één plan.",
    "The goal belongs to another plan.": "Dit doel hoort bij een ander plan.",
    "The person belongs to another household.": "Deze persoon hoort niet bij dit huishouden.",
    "The network member belongs to another household.": "Dit netwerklid hoort niet bij dit huishouden.",
    "The agreement belongs to another plan.": "Deze afspraak hoort bij een ander plan.",
    "An agreement about a tailored provision stays one.": (
        "Een afspraak over een maatwerkvoorziening blijft dat. Wijzig zo nodig de aanvraag."
    ),
    "A plan without goals cannot be agreed.": (
        "Een plan zonder doelen kan geen akkoord krijgen. Voeg eerst een doel toe."
    ),
    "Only an agreed or evaluated plan can start.": (
        "Alleen een plan met het akkoord van de inwoner, of een geëvalueerd plan, kan starten."
    ),
    "Only a running plan is evaluated.": "Alleen een plan dat loopt, kan worden geëvalueerd.",
    "Evaluate the goals of this plan.": "Evalueer de doelen van dit plan.",
}
STATE_ERROR = "Dat kan niet in de huidige stand van het plan. Er is niets gewijzigd."


class StaleVersion(APIException):
    """409: the plan changed since the client read it; the answer says which version is current."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"

    def __init__(self, current_version: int):
        super().__init__(
            f"Iemand anders heeft dit plan intussen gewijzigd (nu versie {current_version}). "
            "Uw wijziging is niet opgeslagen. Haal het plan opnieuw op."
        )
        self.detail = {"detail": self.detail, "version": current_version}


class Refused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


def stale_version(error: actions.StalePlan) -> StaleVersion:
    return StaleVersion(error.current_version)


@contextmanager
def plan_errors():
    """Turn a refused plan action into the API's answer: 409 for a stale version, else 400."""
    try:
        yield
    except actions.StalePlan as error:
        raise stale_version(error) from None
    except actions.PlanStateError as error:
        raise Refused(STATE_MESSAGES.get(str(error), STATE_ERROR)) from None
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise serializers.ValidationError(detail) from None


def user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def not_in_future(value, message: str):
    if value > timezone.localdate():
        raise serializers.ValidationError(message)
    return value


# What the API shows


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user_name(user)


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    text = serializers.CharField()
    domains = serializers.SerializerMethodField()
    priority = serializers.IntegerField()
    target_date = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()

    def get_domains(self, goal) -> list[str]:
        return [domain.code for domain in goal.domains.all()]


class GoalChangedSerializer(GoalSerializer):
    plan_version = serializers.IntegerField(source="plan.version")


class ApplicationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    status = serializers.CharField()
    decision = serializers.SerializerMethodField()

    def get_decision(self, application) -> str | None:
        decision = application.decision_or_none
        return decision.outcome if decision else None


class AgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    goal = serializers.IntegerField(source="goal_id", allow_null=True)
    kind = serializers.CharField()
    description = serializers.CharField()
    who = serializers.CharField()
    performer = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    network_member = serializers.IntegerField(source="network_member_id", allow_null=True)
    partner = serializers.IntegerField(source="partner_id", allow_null=True)
    community_service = serializers.CharField()
    service = serializers.CharField(
        source="service_id", allow_null=True, help_text="De dienst van de sociale kaart (HSDS-id)."
    )
    service_outcome = serializers.CharField(help_text="Bij de evaluatie: hielp de dienst?")
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    application = serializers.SerializerMethodField()

    @extend_schema_field(ApplicationRefSerializer(allow_null=True))
    def get_application(self, agreement):
        if agreement.kind != Agreement.Kind.PROVISION:
            return None
        application = getattr(agreement, "application", None)
        return ApplicationRefSerializer(application).data if application else None


class AgreementChangedSerializer(AgreementSerializer):
    plan_version = serializers.IntegerField(source="plan.version")


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()


class GoalEvaluationSerializer(serializers.Serializer):
    goal = serializers.IntegerField(source="goal_id")
    outcome = serializers.CharField()
    resident_words = serializers.CharField()
    professional_words = serializers.CharField()


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    held_on = serializers.DateField()
    summary = serializers.CharField()
    goals = GoalEvaluationSerializer(many=True, source="goals.all")
    assessment = serializers.IntegerField(source="assessment_id", allow_null=True)


class EvaluationCreatedSerializer(EvaluationSerializer):
    plan_version = serializers.IntegerField(source="plan.version")


class PlanListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    household = serializers.IntegerField(source="household_id")
    support_request = serializers.IntegerField(source="support_request_id", allow_null=True)
    status = serializers.CharField()
    case_director = UserRefSerializer()
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


class PlanSerializer(PlanListItemSerializer):
    what_matters = serializers.CharField()
    agreed_on = serializers.DateField(allow_null=True)
    agreed_how = serializers.CharField()
    agreed_note = serializers.CharField()
    agreed_version = serializers.IntegerField(allow_null=True)
    changed_since_agreement = serializers.BooleanField()
    closed_on = serializers.DateField(allow_null=True)
    closed_reason = serializers.CharField()
    participants = ParticipantSerializer(many=True, source="participants.all")
    goals = GoalSerializer(many=True, source="goals.all")
    agreements = AgreementSerializer(many=True, source="agreements.all")
    evaluations = EvaluationSerializer(many=True, source="evaluations.all")


class PlanVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    change = serializers.CharField()
    changed_by = UserRefSerializer()
    changed_at = serializers.DateTimeField()
    snapshot = serializers.JSONField()


# What the API accepts (validation only)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="De versie van het plan die u zag.")

    def validate(self, data):
        # Also a partial change (PATCH) says which version it changes.
        if "version" not in data:
            raise serializers.ValidationError({"version": "Geef de versie van het plan mee die u zag."})
        return data


class PlanCreateSerializer(serializers.Serializer):
    support_request = serializers.IntegerField(min_value=1, help_text="De melding waaruit het plan ontstaat.")


class WhatMattersSerializer(VersionSerializer):
    what_matters = serializers.CharField(max_length=4000)


def life_domains(plan: Plan):
    domains = LifeDomain.objects.filter(instrument__code="life-domains", is_active=True)
    if not plan.household.has_children:
        domains = domains.exclude(applies_to=LifeDomain.AppliesTo.HOUSEHOLDS_WITH_CHILDREN)
    return domains


class GoalInputSerializer(VersionSerializer):
    text = serializers.CharField(max_length=1000)
    domains = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=LifeDomain.objects.none(), required=False
    )
    priority = serializers.ChoiceField(choices=Goal.Priority.choices, default=Goal.Priority.MEDIUM)
    target_date = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["domains"].child_relation.queryset = life_domains(plan)


WHO_FOR_KIND = {
    Agreement.Kind.RESIDENT: ("person", "Kies wie in het huishouden het doet."),
    Agreement.Kind.NETWORK: ("network_member", "Kies wie uit het netwerk het doet."),
    Agreement.Kind.COMMUNITY: (
        "community_service",
        "Vul in welke voorziening in de wijk het doet, of kies een dienst van de sociale kaart.",
    ),
    Agreement.Kind.PARTNER: ("partner", "Kies de partnerorganisatie."),
}
WHO_FIELDS = ("person", "network_member", "community_service", "service", "partner")
CONTENT_FIELDS = ("kind", "description", "goal", *WHO_FIELDS, "performer", "due_on")


class AgreementInputSerializer(VersionSerializer):
    """Who does what by when. Only the 'who' that fits the kind is kept. A tailored provision is not
    agreed here but applied for (POST /applications/)."""

    kind = serializers.ChoiceField(
        choices=[choice for choice in Agreement.Kind.choices if choice[0] != Agreement.Kind.PROVISION]
    )
    description = serializers.CharField(max_length=2000)
    goal = serializers.PrimaryKeyRelatedField(queryset=Goal.objects.none(), required=False, allow_null=True)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True
    )
    network_member = serializers.PrimaryKeyRelatedField(
        queryset=NetworkMember.objects.none(), required=False, allow_null=True
    )
    community_service = serializers.CharField(max_length=200, required=False, allow_blank=True)
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(),
        required=False,
        allow_null=True,
        help_text="Bij een voorziening in de wijk: de dienst van de sociale kaart (HSDS-id).",
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.none(), required=False, allow_null=True
    )
    performer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=Agreement.Status.choices,
        required=False,
        help_text="Alleen bij wijzigen, en dan zonder andere velden dan de versie.",
    )

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is None:  # the API description
            return
        household = plan.household
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["person"].queryset = household.members.all()
        self.fields["network_member"].queryset = household.network.all()
        self.fields["partner"].queryset = Partner.objects.filter(municipality=household.municipality_id)

    def validate(self, data):
        data = super().validate(data)
        agreement = self.instance
        if "status" in data:
            if agreement is None:
                raise serializers.ValidationError({"status": "Een nieuwe afspraak begint als afgesproken."})
            if data.keys() - {"status", "version"}:
                raise serializers.ValidationError(
                    {"status": "Wijzig de status los van de rest van de afspraak."}
                )
            return data
        if agreement is not None and agreement.kind == Agreement.Kind.PROVISION:
            raise serializers.ValidationError(
                {
                    "kind": "Een afspraak over een maatwerkvoorziening wijzigt u via de aanvraag; "
                    "hier kan alleen de status."
                }
            )
        if agreement is not None:
            # A change: what is not sent stays as it was.
            current = {name: getattr(agreement, name) for name in CONTENT_FIELDS}
            data = {**current, **data}
        field, message = WHO_FOR_KIND.get(data["kind"], (None, None))
        if field == "community_service" and data.get("service") and not data.get(field):
            data[field] = data["service"].name[:200]
        if field and not data.get(field):
            raise serializers.ValidationError({field: message})
        kept = {field, "service"} if field == "community_service" else {field}
        for name in WHO_FIELDS:
            if name not in kept:
                data[name] = "" if name == "community_service" else None
        return data


class AgreeSerializer(VersionSerializer):
    agreed_on = serializers.DateField()
    how = serializers.ChoiceField(choices=Plan.AgreedHow.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_agreed_on(self, value):
        return not_in_future(value, "Een akkoord kan niet in de toekomst liggen.")


class CloseSerializer(VersionSerializer):
    closed_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)


class GoalOutcomeSerializer(serializers.Serializer):
    goal = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Goal.Outcome.choices)
    resident_words = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    professional_words = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ScoreSerializer(serializers.Serializer):
    domain = serializers.SlugRelatedField(
        slug_field="code", queryset=LifeDomain.objects.filter(is_active=True)
    )
    situation = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    own_strength = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    network = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    resident_score = serializers.IntegerField(required=False, allow_null=True, default=None)
    professional_score = serializers.IntegerField(required=False, allow_null=True, default=None)


class ServiceOutcomeInputSerializer(serializers.Serializer):
    agreement = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=ServiceOutcome.choices)


class EvaluateSerializer(VersionSerializer):
    """Every goal of the plan once, with its outcome; scores on the instrument are optional."""

    held_on = serializers.DateField()
    summary = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    goals = GoalOutcomeSerializer(many=True, allow_empty=False)
    instrument = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Instrument.objects.filter(is_active=True),
        required=False,
        help_text="Standaard het instrument van de leefgebieden bij de doelen.",
    )
    scores = ScoreSerializer(many=True, required=False, default=list)
    services = ServiceOutcomeInputSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Per afspraak met een dienst van de sociale kaart: hielp die? Niet verplicht.",
    )

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def validate_services(self, items):
        agreements = {a.pk: a for a in self.plan.agreements.all() if a.service_id}
        given = [item["agreement"] for item in items]
        if len(set(given)) != len(given) or set(given) - set(agreements):
            raise serializers.ValidationError(
                "Geef alleen bij afspraken met een dienst van de sociale kaart aan of die hielp, "
                "elk één keer."
            )
        return [{**item, "agreement": agreements[item["agreement"]]} for item in items]

    def validate_held_on(self, value):
        return not_in_future(value, "Een evaluatie die nog moet plaatsvinden, kunt u nog niet vastleggen.")

    def validate_goals(self, items):
        goals = {goal.pk: goal for goal in self.plan.goals.all()}
        given = [item["goal"] for item in items]
        if len(set(given)) != len(given) or set(given) != set(goals):
            raise serializers.ValidationError(
                "Geef bij elk doel van dit plan één keer aan of het gehaald is."
            )
        return [{**item, "goal": goals[item["goal"]]} for item in items]

    def validate(self, data):
        data = super().validate(data)
        instrument = data.get("instrument")
        if instrument is None:
            domains = sorted(
                {domain for goal in self.plan.goals.all() for domain in goal.domains.all()},
                key=lambda domain: (domain.order, domain.code),
            )
            instrument = domains[0].instrument if domains else Instrument.objects.get(code="life-domains")
        data["instrument"] = instrument
        seen = set()
        for score in data["scores"]:
            domain = score["domain"]
            if domain.instrument_id != instrument.pk:
                raise serializers.ValidationError({"scores": "Dit leefgebied hoort niet bij het instrument."})
            if domain.pk in seen:
                raise serializers.ValidationError({"scores": "Elk leefgebied krijgt één score."})
            seen.add(domain.pk)
            for name in ("resident_score", "professional_score"):
                value = score[name]
                if value is not None and not instrument.scale_min <= value <= instrument.scale_max:
                    raise serializers.ValidationError(
                        {"scores": f"Een score ligt tussen {instrument.scale_min} en {instrument.scale_max}."}
                    )
        return data


# Views


def _find(items, item_id: int):
    """One of the plan's goals or agreements (already loaded by the access function), or 404."""
    found = next((item for item in items if item.pk == item_id), None)
    if found is None:
        raise Http404
    return found


@extend_schema(
    summary="Plannen die u mag zien, nieuwste eerst",
    parameters=[OpenApiParameter("page", int, description=f"Paginanummer ({PAGE_SIZE} per pagina).")],
    responses=PlanListItemSerializer(many=True),
    methods=["GET"],
)
@extend_schema(
    summary="Een plan maken vanuit een melding (wat belangrijk is komt mee)",
    request=PlanCreateSerializer,
    responses={201: PlanSerializer},
    methods=["POST"],
)
@api_view(["GET", "POST"])
def plan_list(request):
    if request.method == "POST":
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        support_request = access_support_request_for(
            request.user, serializer.validated_data["support_request"], channel="api"
        )
        try:
            plan = actions.plan_create(actor=request.user, support_request=support_request, via="api")
        except actions.PlanStateError:
            existing = open_plan_id(support_request.household_id)
            return Response(
                {"detail": STATE_MESSAGES["This household already has an open plan."], "plan": existing},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)
    page = access_plan_page_for(request.user, channel="api", page_number=request.query_params.get("page"))
    return paged_response(request, page, PlanListItemSerializer(page.object_list, many=True).data)


@extend_schema(
    summary="Eén plan: doelen, afspraken (met de stand van een aanvraag), deelnemers, evaluaties",
    responses=PlanSerializer,
    methods=["GET"],
)
@extend_schema(
    summary="Wat belangrijk is aanpassen, in de woorden van de inwoner",
    request=WhatMattersSerializer,
    responses={200: PlanSerializer},
    methods=["PATCH"],
)
@api_view(["GET", "PATCH"])
def plan_detail(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    if request.method == "PATCH":
        serializer = WhatMattersSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with plan_errors():
            actions.plan_update(actor=request.user, plan=plan, via="api", **serializer.validated_data)
    return Response(PlanSerializer(plan).data)


@extend_schema(
    summary="De geschiedenis van een plan: elke versie met wat er veranderde, nieuwste eerst",
    parameters=[OpenApiParameter("page", int, description=f"Paginanummer ({PAGE_SIZE} per pagina).")],
    responses=PlanVersionSerializer(many=True),
)
@api_view(["GET"])
def plan_versions(request, plan_id: int):
    plan = access_plan_history_for(request.user, plan_id, channel="api")
    page = Paginator(plan.versions.all(), PAGE_SIZE).get_page(request.query_params.get("page"))
    return paged_response(request, page, PlanVersionSerializer(page.object_list, many=True).data)


@extend_schema(
    summary="Een doel toevoegen", request=GoalInputSerializer, responses={201: GoalChangedSerializer}
)
@api_view(["POST"])
def goal_create(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    serializer = GoalInputSerializer(data=request.data, plan=plan)
    serializer.is_valid(raise_exception=True)
    with plan_errors():
        goal = actions.goal_add(actor=request.user, plan=plan, via="api", **serializer.validated_data)
    return Response(GoalChangedSerializer(goal).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Een doel aanpassen (wat u niet meestuurt, blijft zoals het was)",
    request=GoalInputSerializer(partial=True),
    responses={200: GoalChangedSerializer},
    methods=["PATCH"],
)
@extend_schema(
    summary="Een doel verwijderen (de afspraken erbij blijven staan)",
    request=VersionSerializer,
    parameters=[OpenApiParameter("version", int, description="Of de versie in de body.")],
    responses={200: VersionSerializer},
    methods=["DELETE"],
)
@api_view(["PATCH", "DELETE"])
def goal_detail(request, plan_id: int, goal_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    goal = _find(plan.goals.all(), goal_id)
    if request.method == "DELETE":
        serializer = VersionSerializer(data=request.data or request.query_params)
        serializer.is_valid(raise_exception=True)
        with plan_errors():
            actions.goal_remove(
                actor=request.user, plan=plan, goal=goal, via="api", **serializer.validated_data
            )
        return Response({"version": plan.version})
    serializer = GoalInputSerializer(data=request.data, plan=plan, partial=True)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    with plan_errors():
        goal = actions.goal_update(
            actor=request.user,
            plan=plan,
            version=data["version"],
            goal=goal,
            text=data.get("text", goal.text),
            domains=data["domains"] if "domains" in data else list(goal.domains.all()),
            priority=data.get("priority", goal.priority),
            target_date=data.get("target_date", goal.target_date),
            via="api",
        )
    return Response(GoalChangedSerializer(goal).data)


@extend_schema(
    summary="Een afspraak toevoegen: wie doet wat, en wanneer",
    request=AgreementInputSerializer,
    responses={201: AgreementChangedSerializer},
)
@api_view(["POST"])
def agreement_create(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    serializer = AgreementInputSerializer(data=request.data, plan=plan)
    serializer.is_valid(raise_exception=True)
    with plan_errors():
        agreement = actions.agreement_add(
            actor=request.user, plan=plan, via="api", **serializer.validated_data
        )
    return Response(AgreementChangedSerializer(agreement).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Een afspraak aanpassen, of alleen haar status (gedaan, gestopt)",
    request=AgreementInputSerializer(partial=True),
    responses={200: AgreementChangedSerializer},
)
@api_view(["PATCH"])
def agreement_detail(request, plan_id: int, agreement_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    agreement = _find(plan.agreements.all(), agreement_id)
    serializer = AgreementInputSerializer(agreement, data=request.data, plan=plan, partial=True)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    version = data.pop("version")
    with plan_errors():
        if "status" in data:
            agreement = actions.agreement_status_set(
                actor=request.user,
                plan=plan,
                version=version,
                agreement=agreement,
                status=data["status"],
                via="api",
            )
        else:
            agreement = actions.agreement_update(
                actor=request.user, plan=plan, version=version, agreement=agreement, via="api", **data
            )
    return Response(AgreementChangedSerializer(agreement).data)


@extend_schema(
    summary="Het akkoord van de inwoner vastleggen: wanneer en hoe",
    request=AgreeSerializer,
    responses=PlanSerializer,
)
@api_view(["POST"])
def plan_agree(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    serializer = AgreeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with plan_errors():
        actions.plan_agree(actor=request.user, plan=plan, via="api", **serializer.validated_data)
    return Response(PlanSerializer(plan).data)


@extend_schema(summary="Het plan laten lopen", request=VersionSerializer, responses=PlanSerializer)
@api_view(["POST"])
def plan_activate(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    serializer = VersionSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with plan_errors():
        actions.plan_activate(actor=request.user, plan=plan, via="api", **serializer.validated_data)
    return Response(PlanSerializer(plan).data)


@extend_schema(
    summary="Het plan evalueren: per doel gehaald, deels of niet, met (naar keuze) nieuwe scores",
    request=EvaluateSerializer,
    responses={201: EvaluationCreatedSerializer},
)
@api_view(["POST"])
def plan_evaluate(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    serializer = EvaluateSerializer(data=request.data, plan=plan)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    with plan_errors():
        evaluation = actions.plan_evaluate(
            actor=request.user,
            plan=plan,
            version=data["version"],
            held_on=data["held_on"],
            summary=data["summary"],
            goal_outcomes=data["goals"],
            instrument=data["instrument"],
            domain_scores=data["scores"],
            service_outcomes=data["services"],
            via="api",
        )
    return Response(EvaluationCreatedSerializer(evaluation).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="Het plan afsluiten", request=CloseSerializer, responses=PlanSerializer)
@api_view(["POST"])
def plan_close(request, plan_id: int):
    plan = access_plan_for(request.user, plan_id, channel="api")
    serializer = CloseSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    with plan_errors():
        actions.plan_close(actor=request.user, plan=plan, via="api", **serializer.validated_data)
    return Response(PlanSerializer(plan).data)


urlpatterns = [
    path("plans/", plan_list, name="plan-list"),
    path("plans/<int:plan_id>/", plan_detail, name="plan-detail"),
    path("plans/<int:plan_id>/versions/", plan_versions, name="plan-versions"),
    path("plans/<int:plan_id>/goals/", goal_create, name="plan-goal-create"),
    path("plans/<int:plan_id>/goals/<int:goal_id>/", goal_detail, name="plan-goal-detail"),
    path("plans/<int:plan_id>/agreements/", agreement_create, name="plan-agreement-create"),
    path(
        "plans/<int:plan_id>/agreements/<int:agreement_id>/", agreement_detail, name="plan-agreement-detail"
    ),
    path("plans/<int:plan_id>/agree/", plan_agree, name="plan-agree"),
    path("plans/<int:plan_id>/activate/", plan_activate, name="plan-activate"),
    path("plans/<int:plan_id>/evaluate/", plan_evaluate, name="plan-evaluate"),
    path("plans/<int:plan_id>/close/", plan_close, name="plan-close"),
]
