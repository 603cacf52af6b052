"""API for households: the same access functions (and processing log) as the screens."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from eenplan.accounts.models import Role
from eenplan.core.api import paged_response
from eenplan.core.validators import validate_bsn

from . import actions
from .models import NetworkMember, Person
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


class NewPersonSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Person.Relation.choices)
    given_name = serializers.CharField(max_length=100)
    surname_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    surname = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField()
    bsn = serializers.CharField(
        max_length=9, required=False, allow_blank=True, default="", validators=[validate_bsn]
    )
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    preferred_language = serializers.CharField(max_length=50, required=False, default="Nederlands")

    def validate_bsn(self, value):
        if value and Person.objects.filter(bsn=value).exists():
            raise serializers.ValidationError("Er is al iemand met dit BSN geregistreerd.")
        return value


class NetworkMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=NetworkMember.Kind.choices)
    is_informal_carer = serializers.BooleanField(default=False)
    contribution = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


ADDITIONS = {
    "member": (NewPersonSerializer, actions.person_add),
    "network": (NetworkMemberSerializer, actions.network_member_add),
}


def _add(request, household_id: int, what: str):
    if request.user.role not in (Role.CONSULTANT, Role.TEAM_LEAD):
        raise Http404
    household = access_household_for(request.user, household_id, channel="api")
    serializer_class, action = ADDITIONS[what]
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    created = action(actor=request.user, household=household, **serializer.validated_data)
    output = PersonSerializer(created) if what == "member" else NetworkMemberSerializer(created)
    return Response(output.data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Een lid aan een huishouden toevoegen",
    request=NewPersonSerializer,
    responses={201: PersonSerializer},
)
@api_view(["POST"])
def member_create(request, household_id: int):
    return _add(request, household_id, "member")


@extend_schema(
    summary="Een netwerklid toevoegen",
    request=NetworkMemberSerializer,
    responses={201: NetworkMemberSerializer},
)
@api_view(["POST"])
def network_member_create(request, household_id: int):
    return _add(request, household_id, "network")
