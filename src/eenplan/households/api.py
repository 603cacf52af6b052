"""API for households: the same access functions (and processing log) as the screens."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from eenplan.core.api import paged_response

from .queries import access_household_for, access_household_page_for


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    relation = serializers.CharField()
    given_name = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField()


class HouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    area = serializers.CharField(source="area.code")
    members = PersonSerializer(many=True, source="members.all")


@extend_schema(
    summary="Huishoudens die u mag zien",
    parameters=[OpenApiParameter("page", int, description="Paginanummer (25 per pagina).")],
    responses=HouseholdSerializer(many=True),
)
@api_view(["GET"])
def household_list(request):
    page = access_household_page_for(
        request.user, channel="api", page_number=request.query_params.get("page")
    )
    return paged_response(request, page, HouseholdSerializer(page.object_list, many=True).data)


@extend_schema(summary="Eén huishouden", responses=HouseholdSerializer)
@api_view(["GET"])
def household_detail(request, household_id: int):
    household = access_household_for(request.user, household_id, channel="api")
    return Response(HouseholdSerializer(household).data)
