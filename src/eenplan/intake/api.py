"""API for meldingen: the same access functions and actions as the screens."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from eenplan.assessment.models import Instrument, LifeDomain
from eenplan.core.api import paged_response
from eenplan.households.queries import access_household_for

from . import actions
from .models import Law, SupportRequest
from .queries import access_caseload_for, access_inquiry_for, access_support_request_for, access_term_for


class TermSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    rule = serializers.CharField()
    name = serializers.CharField(source="definition.name")
    starts_on = serializers.DateField()
    due_on = serializers.DateField()
    status = serializers.CharField()


class SupportRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    reference = serializers.CharField(read_only=True)
    household = serializers.IntegerField(source="household_id")
    person = serializers.IntegerField(source="person_id")
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=SupportRequest.Channel.choices)
    reporter = serializers.ChoiceField(choices=SupportRequest.Reporter.choices)
    reporter_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    question = serializers.CharField(max_length=4000)
    laws = serializers.ListField(child=serializers.ChoiceField(choices=Law.choices), min_length=1)
    urgency = serializers.ChoiceField(choices=SupportRequest.Urgency.choices, default="normal")
    status = serializers.CharField(read_only=True)
    terms = TermSerializer(many=True, read_only=True, source="terms.all")

    def validate_received_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError("De datum van ontvangst kan niet in de toekomst liggen.")
        return value


@extend_schema(
    summary="Caseload: meldingen die u mag zien, meest urgent eerst",
    parameters=[
        OpenApiParameter("page", int, description="Paginanummer (25 per pagina)."),
        OpenApiParameter("status", str, enum=["open", "closed", "all"], description="Standaard open."),
        OpenApiParameter("area", int, description="Alleen meldingen uit deze buurt."),
    ],
    responses=SupportRequestSerializer(many=True),
    methods=["GET"],
)
@extend_schema(
    summary="Een melding registreren voor een bekend huishouden",
    request=SupportRequestSerializer,
    responses={201: SupportRequestSerializer},
    methods=["POST"],
)
@api_view(["GET", "POST"])
def support_request_list(request):
    if request.method == "POST":
        serializer = SupportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household = access_household_for(request.user, data.pop("household_id"), channel="api")
        person = get_object_or_404(household.members.all(), pk=data.pop("person_id"))
        support_request = actions.support_request_register(
            actor=request.user, household=household, person=person, via="api", **data
        )
        return Response(SupportRequestSerializer(support_request).data, status=status.HTTP_201_CREATED)
    area = request.query_params.get("area")
    page = access_caseload_for(
        request.user,
        channel="api",
        page_number=request.query_params.get("page"),
        area_id=int(area) if area and area.isdigit() else None,
        status=request.query_params.get("status", "open"),
    )
    return paged_response(request, page, SupportRequestSerializer(page.object_list, many=True).data)


@extend_schema(summary="Eén melding met haar termijnen", responses=SupportRequestSerializer)
@api_view(["GET"])
def support_request_detail(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="api")
    return Response(SupportRequestSerializer(support_request).data)


class DomainScoreSerializer(serializers.Serializer):
    domain = serializers.SlugRelatedField(
        slug_field="code", queryset=LifeDomain.objects.filter(is_active=True)
    )
    situation = serializers.CharField(required=False, allow_blank=True, default="")
    own_strength = serializers.CharField(required=False, allow_blank=True, default="")
    network = serializers.CharField(required=False, allow_blank=True, default="")
    resident_score = serializers.IntegerField(required=False, allow_null=True, default=None)
    professional_score = serializers.IntegerField(required=False, allow_null=True, default=None)


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    participants = serializers.CharField(max_length=500)
    interpreter_offered = serializers.BooleanField(default=False)
    client_support_offered = serializers.BooleanField(default=False)
    what_matters = serializers.CharField()
    question_behind = serializers.CharField(required=False, allow_blank=True, default="")
    instrument = serializers.SlugRelatedField(
        slug_field="code", queryset=Instrument.objects.filter(is_active=True), write_only=True, required=False
    )
    scores = DomainScoreSerializer(many=True, required=False, default=list, source="assessment.scores.all")
    own_actions = serializers.CharField(required=False, allow_blank=True, default="")
    ideas = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_held_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(
                "Een gesprek dat nog moet plaatsvinden, kunt u nog niet vastleggen."
            )
        return value

    def validate(self, data):
        instrument = data.get("instrument") or Instrument.objects.get(code="life-domains")
        data["instrument"] = instrument
        for score in data.get("assessment", {}).get("scores", {}).get("all", []):
            if score["domain"].instrument_id != instrument.pk:
                raise serializers.ValidationError(
                    {"scores": "Dit leefgebied hoort niet bij het gekozen instrument."}
                )
        return data


class ReportSerializer(serializers.Serializer):
    text = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    resident_response = serializers.CharField()
    resident_agrees = serializers.BooleanField(allow_null=True)


class InquirySerializer(serializers.Serializer):
    started_on = serializers.DateField()
    status = serializers.CharField()
    personal_plan = serializers.CharField(source="support_request.personal_plan")
    personal_plan_received_on = serializers.DateField(
        source="support_request.personal_plan_received_on", allow_null=True
    )
    conversations = ConversationSerializer(many=True, source="conversations.all")
    report = ReportSerializer(allow_null=True, source="report_or_none")


@extend_schema(
    summary="Het onderzoek bij een melding: gesprekken, scores en verslag", responses=InquirySerializer
)
@api_view(["GET"])
def inquiry_detail(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="api")
    return Response(InquirySerializer(support_request.inquiry).data)


@extend_schema(
    summary="Een keukentafelgesprek vastleggen (alleen de leefgebieden die ertoe doen)",
    request=ConversationSerializer,
    responses={201: ConversationSerializer},
)
@api_view(["POST"])
def conversation_create(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="api")
    serializer = ConversationSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    scores = data.pop("assessment", {}).get("scores", {}).get("all", [])
    try:
        conversation = actions.conversation_record(
            actor=request.user, inquiry=support_request.inquiry, domain_scores=scores, **data
        )
    except DjangoValidationError as error:
        return Response({"scores": error.messages}, status=status.HTTP_400_BAD_REQUEST)
    return Response(ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="Het onderzoek starten", request=None, responses={201: InquirySerializer})
@api_view(["POST"])
def inquiry_start(request, support_request_id: int):
    support_request = access_support_request_for(request.user, support_request_id, channel="api")
    inquiry = actions.inquiry_start(actor=request.user, support_request=support_request)
    return Response(InquirySerializer(inquiry).data, status=status.HTTP_201_CREATED)


class ReportStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["draft", "text", "issue", "response"])
    text = serializers.CharField(required=False)
    issued_on = serializers.DateField(required=False)
    response = serializers.CharField(required=False, allow_blank=True, default="")
    agrees = serializers.BooleanField(required=False, allow_null=True, default=None)

    REQUIRED = {"text": "text", "issue": "issued_on"}

    def validate(self, data):
        needed = self.REQUIRED.get(data["step"])
        if needed and needed not in data:
            raise serializers.ValidationError({needed: "Dit veld is vereist bij deze stap."})
        return data


@extend_schema(
    summary="Het verslag: opstellen uit de gesprekken, tekst aanpassen, uitreiken, reactie vastleggen",
    request=ReportStepSerializer,
    responses=ReportSerializer,
)
@api_view(["POST"])
def report_step(request, support_request_id: int):
    support_request = access_inquiry_for(request.user, support_request_id, channel="api")
    serializer = ReportStepSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    inquiry = support_request.inquiry
    report = getattr(inquiry, "report", None)
    if data["step"] != "draft" and report is None:
        return Response({"detail": "Stel eerst het verslag op."}, status=status.HTTP_409_CONFLICT)
    try:
        if data["step"] == "draft":
            report = actions.report_draft(actor=request.user, inquiry=inquiry)
        elif data["step"] == "text":
            report = actions.report_update(actor=request.user, report=report, text=data["text"])
        elif data["step"] == "issue":
            report = actions.report_issue(actor=request.user, report=report, issued_on=data["issued_on"])
        else:
            report = actions.report_response_record(
                actor=request.user, report=report, response=data["response"], agrees=data["agrees"]
            )
    except ValueError:
        return Response(
            {"detail": "Een uitgereikt verslag verandert niet meer."}, status=status.HTTP_409_CONFLICT
        )
    return Response(ReportSerializer(report).data)


class TermChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=["suspend", "resume", "extend"])
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    days = serializers.IntegerField(required=False, min_value=1, max_value=365)
    reason = serializers.CharField(required=False, max_length=300)

    REQUIRED = {"suspend": ("starts_on", "reason"), "resume": ("ends_on",), "extend": ("days", "reason")}

    def validate(self, data):
        missing = [name for name in self.REQUIRED[data["change"]] if name not in data]
        if missing:
            raise serializers.ValidationError(
                {name: "Dit veld is vereist bij deze wijziging." for name in missing}
            )
        return data


@extend_schema(summary="Een termijn opschorten, laten doorlopen of verlengen", request=TermChangeSerializer,
               responses=TermSerializer)  # fmt: skip
@api_view(["POST"])
def term_change(request, term_id: int):
    term = access_term_for(request.user, term_id, channel="api")
    serializer = TermChangeSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    change = data.pop("change")
    try:
        {"suspend": actions.term_suspend, "resume": actions.term_resume, "extend": actions.term_extend}[
            change
        ](actor=request.user, term=term, **data)
    except ValueError:
        return Response(
            {"detail": "Dat kan niet bij deze termijn in deze toestand."}, status=status.HTTP_409_CONFLICT
        )
    term.refresh_from_db()
    return Response(TermSerializer(term).data)
