"""API of the integral budget: the same access functions and figures as the screens. Amounts are whole
eurocents; a household outside the caller's reach, or a gemeente budget the caller may not see, is 404."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .forms import FIRST_YEAR, LAST_YEAR
from .queries import access_household_budget_for, access_municipality_budget_for

YEAR_PARAMETER = OpenApiParameter(
    "year", int, description=f"Begrotingsjaar ({FIRST_YEAR}–{LAST_YEAR}); standaard het huidige jaar."
)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)


def _year(request) -> int:
    """The ?year= of the request (400 when it is not a year), or the current year."""
    serializer = YearSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data.get("year") or timezone.localdate().year


class FiguresSerializer(serializers.Serializer):
    granted_cents = serializers.IntegerField(source="granted", help_text="Toegekend, in eurocent.")
    committed_cents = serializers.IntegerField(source="committed", help_text="Verplicht, in eurocent.")
    spent_cents = serializers.IntegerField(source="spent", help_text="Besteed, in eurocent.")
    forecast_cents = serializers.IntegerField(
        source="forecast", help_text="Prognose tot het einde van het jaar, in eurocent."
    )


class BudgetLineSerializer(serializers.Serializer):
    taakveld = serializers.CharField(help_text="Iv3-taakveld, bijvoorbeeld 6.711.")
    taakveld_name = serializers.CharField()
    law = serializers.CharField()
    law_label = serializers.CharField()
    figures = FiguresSerializer()


class LawBudgetSerializer(serializers.Serializer):
    law = serializers.CharField()
    law_label = serializers.CharField()
    lines = BudgetLineSerializer(many=True)
    total = FiguresSerializer()


class ProvisionSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    reference = serializers.CharField(source="application.reference")
    product = serializers.CharField(source="application.product.code")
    product_name = serializers.CharField(source="application.product.name")
    person = serializers.IntegerField(source="application.person_id")
    law = serializers.CharField()
    taakveld = serializers.CharField()
    outcome = serializers.CharField(source="decision.outcome", allow_null=True, default=None)
    volume = serializers.IntegerField(source="decision.volume", allow_null=True, default=None)
    starts_on = serializers.DateField(source="decision.starts_on", allow_null=True, default=None)
    ends_on = serializers.DateField(source="decision.ends_on", allow_null=True, default=None)
    providers = serializers.ListField(child=serializers.CharField())
    figures = FiguresSerializer()


class HouseholdBudgetSerializer(serializers.Serializer):
    household = serializers.IntegerField(source="household.pk")
    year = serializers.IntegerField()
    forecast_on = serializers.DateField(source="today")
    laws = LawBudgetSerializer(many=True)
    total = FiguresSerializer()
    provisions = ProvisionSerializer(many=True)


class GroupLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    persons = serializers.IntegerField(
        allow_null=True, help_text="Inwoners met een voorziening; null als het er minder zijn dan de drempel."
    )
    figures = FiguresSerializer(allow_null=True, help_text="null bij minder inwoners dan de drempel.")


class MunicipalityBudgetSerializer(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.code")
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    year = serializers.IntegerField()
    forecast_on = serializers.DateField(source="today")
    small_cell_threshold = serializers.IntegerField(source="threshold")
    lines = BudgetLineSerializer(many=True)
    laws = LawBudgetSerializer(many=True)
    teams = GroupLineSerializer(many=True)
    districts = GroupLineSerializer(many=True)
    neighbourhoods = GroupLineSerializer(many=True)
    total = FiguresSerializer()


@extend_schema(
    summary="Het budget van een huishouden: per wet en per taakveld, toegekend, verplicht, besteed, prognose",
    parameters=[YEAR_PARAMETER],
    responses=HouseholdBudgetSerializer,
)
@api_view(["GET"])
def household_budget(request, household_id: int):
    year = _year(request)
    budget = access_household_budget_for(request.user, household_id, channel="api", year=year)
    return Response(HouseholdBudgetSerializer(budget).data)


@extend_schema(
    summary="Het integraal budget van de gemeente (voor een teamleider: van het eigen team)",
    parameters=[YEAR_PARAMETER],
    responses=MunicipalityBudgetSerializer,
)
@api_view(["GET"])
def municipality_budget(request):
    year = _year(request)
    budget = access_municipality_budget_for(request.user, year=year)
    return Response(MunicipalityBudgetSerializer(budget).data)


urlpatterns = [
    path("households/<int:household_id>/budget/", household_budget, name="household-budget"),
    path("budget/", municipality_budget, name="budget"),
]
