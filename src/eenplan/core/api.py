"""API helpers shared by every app's api.py, and the processing log in the shape of the VNG
Verwerkingenlogging API (``/api/v1/processing-log/verwerkingsacties/``)."""

from django.core.paginator import Page
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import ProcessingLogEntry
from .processing_log_vng import sequence_from_actie_id, verwerkingsacties
from .queries import (
    ProcessingLogFilters,
    access_processing_log_entry_for,
    access_processing_log_for,
    require_processing_log_reach,
)
from .validators import validate_bsn


def paged_response(request, page: Page, results) -> Response:
    """The paging shape of every list endpoint (count, next, previous, results)."""

    def link(number: int | None) -> str | None:
        if number is None:
            return None
        query = request.query_params.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return Response(
        {
            "count": page.paginator.count,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "results": results,
        }
    )


# --- The processing log as VNG Verwerkingsacties, for the privacy officer and the team lead ---------


class ProcessingLogQuerySerializer(serializers.Serializer):
    """The search filters of the API (the same as the screen's); every field is optional."""

    household_id = serializers.IntegerField(required=False, min_value=1)
    person_id = serializers.IntegerField(required=False, min_value=1)
    bsn = serializers.CharField(required=False, max_length=9, validators=[validate_bsn])
    actor = serializers.CharField(required=False, max_length=100)
    action = serializers.ChoiceField(required=False, choices=ProcessingLogEntry.Action.choices)
    channel = serializers.ChoiceField(required=False, choices=ProcessingLogEntry.Channel.choices)
    purpose = serializers.SlugField(required=False, max_length=50)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)

    def filters(self) -> ProcessingLogFilters:
        data = self.validated_data
        return ProcessingLogFilters(
            household_id=data.get("household_id"),
            person_id=data.get("person_id"),
            bsn=data.get("bsn", ""),
            actor=data.get("actor", "").strip(),
            action=data.get("action", ""),
            channel=data.get("channel", ""),
            purpose=data.get("purpose", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


# The field names are those of the VNG standard.
class VerwerktSoortGegevenSerializer(serializers.Serializer):
    soortGegeven = serializers.CharField(max_length=242)


class VerwerktObjectSerializer(serializers.Serializer):
    url = serializers.URLField()
    verwerktObjectId = serializers.UUIDField()
    objecttype = serializers.ChoiceField(choices=["persoon"])
    soortObjectId = serializers.CharField(max_length=242)
    objectId = serializers.CharField(max_length=40)
    betrokkenheid = serializers.CharField(max_length=242)
    verwerkteSoortenGegevens = VerwerktSoortGegevenSerializer(many=True)


class VerwerkingsactieSerializer(serializers.Serializer):
    """Een verwerkingsactie in de vorm van de VNG Verwerkingenlogging API (VerwerkingsactieUitgebreid),
    met onder ``eenplan`` wat de standaard niet kent."""

    url = serializers.URLField()
    actieId = serializers.UUIDField()
    actieNaam = serializers.CharField(max_length=242)
    handelingNaam = serializers.CharField(max_length=242)
    verwerkingNaam = serializers.CharField(max_length=242)
    verwerkingId = serializers.UUIDField()
    verwerkingsactiviteitId = serializers.UUIDField()
    vertrouwelijkheid = serializers.ChoiceField(choices=["normaal", "vertrouwelijk", "opgeheven"])
    systeem = serializers.CharField(max_length=242)
    gebruiker = serializers.CharField(max_length=40, required=False)
    gegevensbron = serializers.CharField(max_length=242)
    tijdstip = serializers.DateTimeField()
    tijdstipRegistratie = serializers.DateTimeField()
    verwerkteObjecten = VerwerktObjectSerializer(many=True)
    eenplan = serializers.DictField(
        help_text="Eén Plan: volgnummer, grondslag, kanaal, naam, rol en organisatie van de gebruiker, hash."
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@extend_schema(
    summary="Verwerkingsacties zoeken (VNG Verwerkingenlogging)",
    description=(
        "Het verwerkingenlog in de vorm van de VNG Verwerkingenlogging API. De privacyfunctionaris "
        "ziet alles, een teamleider de huishoudens van het team en wat de teamleden deden; anderen "
        "krijgen 404. Elke opvraging wordt vastgelegd (doel: toezicht op verwerkingen)."
    ),
    parameters=[ProcessingLogQuerySerializer],
    responses=VerwerkingsactieSerializer(many=True),
)
@api_view(["GET"])
def verwerkingsactie_list(request):
    require_processing_log_reach(request.user)
    query = ProcessingLogQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    page = access_processing_log_for(
        request.user, query.filters(), channel="api", page_number=query.validated_data.get("page", 1)
    )
    return paged_response(request, page, verwerkingsacties(page.object_list, base_url=_base_url(request)))


@extend_schema(
    summary="Eén verwerkingsactie (VNG Verwerkingenlogging)",
    parameters=[OpenApiParameter("actie_id", str, OpenApiParameter.PATH, description="actieId (UUID).")],
    responses=VerwerkingsactieSerializer,
)
@api_view(["GET"])
def verwerkingsactie_detail(request, actie_id: str):
    sequence = sequence_from_actie_id(actie_id)
    if sequence is None:
        raise Http404
    entry = access_processing_log_entry_for(request.user, sequence, channel="api")
    return Response(verwerkingsacties([entry], base_url=_base_url(request))[0])


urlpatterns = [
    path("processing-log/verwerkingsacties/", verwerkingsactie_list, name="processing-log-list"),
    path(
        "processing-log/verwerkingsacties/<str:actie_id>/",
        verwerkingsactie_detail,
        name="processing-log-detail",
    ),
]
