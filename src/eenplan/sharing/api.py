"""API for sharing: the partner's shared file (exactly the arrangement's categories) and the team's
arrangements, through the same access functions and actions as the screens."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from eenplan.accounts.models import Partner, Role
from eenplan.core.api import paged_response
from eenplan.core.models import DataCategory, LegalBasis, Purpose

from . import actions
from .forms import partner_purposes
from .queries import (
    access_arrangement_for,
    access_shared_household_for,
    access_shared_household_page_for,
    access_sharing_for,
    may_manage_sharing,
)


class ArrangementSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    partner = serializers.CharField(source="partner.name")
    purpose = serializers.CharField(source="purpose.code")
    categories = serializers.SerializerMethodField()
    legal_basis = serializers.CharField(source="legal_basis.code")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    consent_given_by = serializers.CharField()
    consent_form = serializers.CharField()
    consent_document = serializers.CharField()
    state = serializers.CharField(source="state_label")
    withdrawn_at = serializers.DateTimeField(allow_null=True)

    def get_categories(self, arrangement) -> list[str]:
        return sorted(category.code for category in arrangement.categories.all())


class SharedPersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="full_name")
    relation = serializers.CharField(source="get_relation_display")
    date_of_birth = serializers.DateField()


class SharedFileSerializer(serializers.Serializer):
    """Only the sections of the shared categories are present in a response."""

    household = serializers.CharField(source="household.reference")
    categories = serializers.ListField(child=serializers.CharField())
    arrangements = ArrangementSerializer(many=True)
    members = serializers.ListField(child=serializers.DictField(), required=False)
    address = serializers.CharField(required=False)
    network = serializers.ListField(child=serializers.DictField(), required=False)
    questions = serializers.ListField(child=serializers.DictField(), required=False)
    scores = serializers.DictField(required=False)
    conversations = serializers.ListField(child=serializers.DictField(), required=False)
    plan = serializers.DictField(required=False, allow_null=True)


def shared_file_data(shared) -> dict:
    """The shared file as JSON: a key exists only when its category is shared."""
    data = {
        "household": shared.household.reference,
        "categories": sorted(shared.categories),
        "arrangements": ArrangementSerializer(shared.arrangements, many=True).data,
    }
    identity = shared.allows("identity-contact")
    if shared.members:
        data["members"] = [
            {"name": member.full_name}
            | ({"date_of_birth": member.date_of_birth, "bsn": member.bsn, "phone": member.phone,
                "email": member.email} if identity else {})
            | ({"relation": member.relation} if shared.allows("household-network") else {})
            for member in shared.members
        ]  # fmt: skip
    if identity:
        data["address"] = shared.household.address
    if shared.allows("household-network"):
        data["network"] = [
            {"name": member.name, "kind": member.kind, "contribution": member.contribution}
            for member in shared.network
        ]
    if shared.allows("situation-assessment"):
        data["questions"] = [
            {"received_on": item.received_on, "question": item.question} for item in shared.support_requests
        ]
    if shared.scores:
        data["scores"] = {
            name: [
                {"assessed_on": score.assessment.assessed_on, "domain": score.domain.name,
                 "resident_score": score.resident_score, "professional_score": score.professional_score,
                 "situation": score.situation}
                for score in rows
            ]
            for name, rows in shared.scores
        }  # fmt: skip
    if shared.allows("conversation-notes"):
        data["conversations"] = [
            {"held_on": item.held_on, "what_matters": item.what_matters,
             "question_behind": item.question_behind, "own_actions": item.own_actions, "ideas": item.ideas}
            for item in shared.conversations
        ]  # fmt: skip
    if shared.allows("plan-agreements"):
        plan = shared.plan
        data["plan"] = plan and {
            "reference": plan.reference, "status": plan.status, "what_matters": plan.what_matters,
            "goals": [goal.text for goal in plan.goals.all()],
            "agreements": [
                {"who": item.who if identity or not item.person_id else _("de inwoner"),
                 "description": item.description, "due_on": item.due_on}
                for item in plan.agreements.all()
            ],
        }  # fmt: skip
    return data


class SharedRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    names = serializers.ListField(
        child=serializers.CharField(), help_text="Alleen bij de categorie identiteit."
    )
    arrangements = ArrangementSerializer(many=True)


@extend_schema(
    summary="Huishoudens die met uw organisatie zijn gedeeld",
    parameters=[OpenApiParameter("page", int, description="Paginanummer (25 per pagina).")],
    responses=SharedRowSerializer(many=True),
)
@api_view(["GET"])
def shared_household_list(request):
    if request.user.role != Role.PARTNER_PROFESSIONAL:
        raise Http404
    page = access_shared_household_page_for(
        request.user, channel="api", page_number=request.query_params.get("page")
    )
    rows = [
        {"id": row["household"].pk, "reference": row["household"].reference, "names": row["names"],
         "arrangements": ArrangementSerializer(row["arrangements"], many=True).data}
        for row in page.rows
    ]  # fmt: skip
    return paged_response(request, page, rows)


@extend_schema(summary="Het gedeelde dossier van één huishouden", responses=SharedFileSerializer)
@api_view(["GET"])
def shared_household_detail(request, household_id: int):
    if request.user.role != Role.PARTNER_PROFESSIONAL:
        raise Http404
    shared = access_shared_household_for(request.user, household_id, channel="api")
    return Response(shared_file_data(shared))


class NewArrangementSerializer(serializers.Serializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    purpose = serializers.SlugRelatedField(slug_field="code", queryset=Purpose.objects.filter(is_active=True))
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=DataCategory.objects.filter(is_active=True)
    )
    legal_basis = serializers.SlugRelatedField(
        slug_field="code", queryset=LegalBasis.objects.filter(is_active=True)
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    consent_given_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    consent_form = serializers.ChoiceField(choices=["", "verbal", "written"], required=False, default="")
    consent_document = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate_purpose(self, value):
        if value not in partner_purposes():
            raise serializers.ValidationError("Dit doel is niet ingesteld voor partners.")
        return value


@extend_schema(
    methods=["GET"],
    summary="De afspraken over delen van een huishouden",
    responses=ArrangementSerializer(many=True),
)
@extend_schema(
    methods=["POST"], summary="Een afspraak over delen maken", request=NewArrangementSerializer,
    responses={201: ArrangementSerializer},
)  # fmt: skip
@api_view(["GET", "POST"])
def arrangement_list(request, household_id: int):
    household = access_sharing_for(request.user, household_id, channel="api")
    if request.method == "GET":
        return Response(ArrangementSerializer(household.arrangements.all(), many=True).data)
    serializer = NewArrangementSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    if not may_manage_sharing(request.user, household):
        raise PermissionDenied("Alleen de regisseur of de teamleider maakt afspraken over delen.")
    try:
        arrangement = actions.arrangement_grant(
            actor=request.user, household=household, **serializer.validated_data
        )
    except actions.SharingError as error:
        raise serializers.ValidationError({"detail": str(error)}) from None
    return Response(ArrangementSerializer(arrangement).data, status=status.HTTP_201_CREATED)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


@extend_schema(summary="Een afspraak over delen intrekken (geldt meteen)", request=WithdrawSerializer,
               responses=ArrangementSerializer)  # fmt: skip
@api_view(["POST"])
def arrangement_withdraw(request, arrangement_id: int):
    arrangement = access_arrangement_for(request.user, arrangement_id, channel="api")
    if not actions.may_withdraw(request.user, arrangement):
        raise Http404
    serializer = WithdrawSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        arrangement = actions.arrangement_withdraw(
            actor=request.user, arrangement=arrangement, reason=serializer.validated_data["reason"]
        )
    except actions.SharingError as error:
        raise serializers.ValidationError({"detail": str(error)}) from None
    return Response(ArrangementSerializer(arrangement).data)


urlpatterns = [
    path("shared/households/", shared_household_list, name="shared-household-list"),
    path("shared/households/<int:household_id>/", shared_household_detail, name="shared-household-detail"),
    path("households/<int:household_id>/arrangements/", arrangement_list, name="arrangement-list"),
    path("arrangements/<int:arrangement_id>/withdraw/", arrangement_withdraw, name="arrangement-withdraw"),
]
