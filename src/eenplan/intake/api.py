"""API for meldingen: the same access functions and actions as the screens."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from eenplan.core.api import paged_response
from eenplan.households.queries import access_household_for

from . import actions
from .models import Law, SupportRequest
from .queries import access_caseload_for, access_support_request_for


class TermSerializer(serializers.Serializer):
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
