"""The public HSDS 3.0 read API of the social map, mounted at /api/hsds/ (Open Referral ``openapi.json``).

Public on purpose: the social map holds no personal data, so there is no log-in, no processing log and
no two-factor step. Records are rendered by hsds.py in the shapes of the HSDS API; a service carries the
Dutch profile as the extension object ``eenplan`` (described at ``/api/hsds/profile``).

Paging as HSDS has it: ``page`` (from 1) and ``per_page``; the answer holds total_items, total_pages,
page_number, size (records on this page), first_page, last_page, empty (no records on this page) and
contents. ``format=ndjson`` streams every result, one JSON record per line, without paging.

Left out of the HSDS parameters: ``postcode`` without ``proximity`` does not look at service areas
(their extents are free text or GeoJSON); it selects locations with an address in the same 4-digit
postcode area. ``modified_after`` compares the records' ``last_modified`` as UTC ISO text, which is exact
for values written in UTC (as the social map writes them) and approximate for other offsets. ``search``
finds at most 1000 services, active ones only (the social-map search); on organizations, taxonomies and
taxonomy terms it is a plain text match on name (and code).

At the end: ``staff_search``, the search of the social-map page for logged-in staff, mounted in the
project's own API at ``/api/v1/social-map/services/`` (area, distance, kind, cost and target group).
"""

import datetime
import json
import math

from django.db import connection
from django.db.models import Q, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Collate
from django.http import Http404, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.generic import RedirectView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from eenplan.accounts.middleware import two_factor_exempt
from eenplan.core.models import Area

from . import hsds
from .models import (
    Address,
    Attribute,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    TargetGroup,
    Taxonomy,
    TaxonomyTerm,
)
from .queries import may_search
from .search import SearchFilters, distance_km, origin_for, service_search, service_search_ids

app_name = "hsds"

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PER_PAGE_MINIMAL = 10_000  # minimal services are tiny; HSDS asks to return them in one call
STREAM_CHUNK = 500
HSDS_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"


class BadParameter(ValueError):
    """A query parameter the API cannot use; answered with 400 and this (Dutch) message."""


class _JsonOnly(BaseContentNegotiation):
    """HSDS answers JSON whatever the Accept header says; ``format`` is HSDS's own parameter here."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _public(view):
    """No authentication, anyone may read, JSON only."""
    view.content_negotiation_class = _JsonOnly
    return authentication_classes([])(permission_classes([AllowAny])(view))


# --- parameters ----------------------------------------------------------------------------------------


def _integer(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(_("%(name)s moet een geheel getal zijn.") % {"name": name}) from None
    if maximum is not None and not 1 <= value <= maximum:
        raise BadParameter(
            _("%(name)s moet tussen 1 en %(maximum)s liggen.") % {"name": name, "maximum": maximum}
        )
    if value < 1:
        raise BadParameter(_("%(name)s moet 1 of meer zijn.") % {"name": name})
    return value


def _boolean(request, name: str) -> bool:
    raw = request.query_params.get(name, "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadParameter(_("%(name)s moet true of false zijn.") % {"name": name})


def _text(request, name: str) -> str:
    return request.query_params.get(name, "").strip()


def _modified_after(request) -> str:
    """The moment as UTC ISO text (``2023-03-15T10:30:45``), or "" when not asked."""
    raw = _text(request, "modified_after")
    if not raw:
        return ""
    try:
        moment = parse_datetime(raw.replace(" ", "+"))  # a "+" in a query string arrives as a space
        if moment is None and (day := parse_date(raw)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            _("modified_after moet een datum en tijd zijn, bijvoorbeeld 2024-01-31T12:00:00Z.")
        )
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()


def _format(request) -> str:
    value = _text(request, "format").lower() or "json"
    if value not in ("json", "ndjson"):
        raise BadParameter(_("format moet json of ndjson zijn."))
    return value


def _bad(error: BadParameter) -> Response:
    return Response({"detail": str(error)}, status=400)


def _not_found(message: str) -> Response:
    return Response({"detail": message}, status=404)


# --- listing -------------------------------------------------------------------------------------------


def _ordered(model, ids: list[str]) -> list:
    by_id = {}
    for chunk in hsds.chunks(ids):
        by_id.update(model.objects.in_bulk(chunk))
    return [by_id[pk] for pk in ids if pk in by_id]


def _listing(request, model, records: QuerySet | list[str], render, *, maximum: int = MAX_PER_PAGE) -> object:
    """One page in the HSDS paging shape, or every result as NDJSON. ``records`` is an ordered queryset,
    or a list of ids in the order to show (search rank, distance)."""
    if _format(request) == "ndjson":
        return _stream(model, records, render)
    page_number = _integer(request, "page", 1)
    per_page = _integer(request, "per_page", PER_PAGE, maximum)
    start = (page_number - 1) * per_page
    if isinstance(records, list):
        total, page = len(records), _ordered(model, records[start : start + per_page])
    else:
        total, page = records.count(), list(records[start : start + per_page])
    contents = render(page)
    total_pages = math.ceil(total / per_page)
    return Response(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page_number,
            "size": len(contents),
            "first_page": page_number == 1,
            "last_page": page_number >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _stream(model, records: QuerySet | list[str], render) -> StreamingHttpResponse:
    ids = records if isinstance(records, list) else list(records.values_list("pk", flat=True))

    def lines():
        for start in range(0, len(ids), STREAM_CHUNK):
            for record in render(_ordered(model, ids[start : start + STREAM_CHUNK])):
                yield json.dumps(record, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


def _searched(queryset: QuerySet, ranked_ids: list[str], key: str = "pk") -> list[str]:
    """The ids of the queryset's records in the order of ``ranked_ids`` (by ``key``, then id)."""
    rank = {pk: i for i, pk in enumerate(ranked_ids)}
    rows = []
    for chunk in hsds.chunks(ranked_ids):
        rows += queryset.filter(**{f"{key}__in": chunk}).values_list("pk", key)
    return [pk for pk, _key in sorted(rows, key=lambda row: (rank[row[1]], row[0]))]


def _services_with_term(request) -> QuerySet | None:
    """Ids of the services the taxonomy filters select (None when not asked)."""
    term_id, taxonomy_id = _text(request, "taxonomy_term_id"), _text(request, "taxonomy_id")
    if not term_id and not taxonomy_id:
        return None
    attributes = Attribute.objects.filter(link_entity="service")
    if term_id:
        attributes = attributes.filter(taxonomy_term_id=term_id)
    if taxonomy_id:
        attributes = attributes.filter(
            taxonomy_term_id__in=TaxonomyTerm.objects.filter(taxonomy_id=taxonomy_id).values("pk")
        )
    return attributes.values("link_id")


def _modified_filter(queryset: QuerySet, moment: str) -> QuerySet:
    """Records whose ``last_modified`` is on or after the moment, compared as text (byte order)."""
    if not moment:
        return queryset
    modified = Cast(KeyTextTransform("last_modified", "data"), TextField())
    if connection.vendor == "postgresql":
        modified = Collate(modified, "C")
    return queryset.alias(modified=modified).filter(modified__gte=moment)


# --- serializers for the API description ---------------------------------------------------------------


class HsdsPageSerializer(serializers.Serializer):
    total_items = serializers.IntegerField(help_text="Aantal records in het hele resultaat.")
    total_pages = serializers.IntegerField()
    page_number = serializers.IntegerField()
    size = serializers.IntegerField(help_text="Aantal records op deze pagina.")
    first_page = serializers.BooleanField()
    last_page = serializers.BooleanField()
    empty = serializers.BooleanField(help_text="Deze pagina bevat geen records.")
    contents = serializers.ListField(child=serializers.DictField(), help_text="HSDS-records.")


class HsdsDetailsSerializer(serializers.Serializer):
    version = serializers.CharField()
    profile = serializers.URLField()
    openapi_url = serializers.URLField()


class HsdsErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _parameter(name: str, kind, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=description)


PAGING = [
    _parameter("page", int, "Paginanummer, vanaf 1."),
    _parameter("per_page", int, f"Records per pagina (standaard {PER_PAGE}, hoogstens {MAX_PER_PAGE})."),
    OpenApiParameter(
        "format",
        str,
        OpenApiParameter.QUERY,
        required=False,
        enum=["json", "ndjson"],
        description="json (standaard) of ndjson: alle resultaten, één record per regel, zonder pagina's.",
    ),
]
TAXONOMY_FILTERS = [
    _parameter("taxonomy_term_id", str, "Diensten met dit taxonomieterm-attribuut."),
    _parameter("taxonomy_id", str, "Diensten met een term uit deze taxonomie."),
    _parameter("organization_id", str, "Diensten van deze organisatie."),
    _parameter("modified_after", OpenApiTypes.DATETIME, "Gewijzigd op of na dit moment (last_modified)."),
]
SEARCH = _parameter("search", str, "Zoeken in gewone woorden.")
FULL = _parameter("full", bool, "Volledig genest.")
LIST_RESPONSES = {
    (200, "application/json"): HsdsPageSerializer,
    (200, "application/x-ndjson"): OpenApiResponse(
        OpenApiTypes.STR, description="Eén HSDS-record per regel."
    ),
    (400, "application/json"): HsdsErrorSerializer,
}
DETAIL_RESPONSES = {
    200: OpenApiResponse(OpenApiTypes.OBJECT, description="Een HSDS-record."),
    404: HsdsErrorSerializer,
}


# --- views ---------------------------------------------------------------------------------------------


@extend_schema(
    operation_id="getAPIMetaInformation", summary="Over deze HSDS-API", responses=HsdsDetailsSerializer
)
@api_view(["GET"])
@_public
def details(request):
    return Response(
        {
            "version": hsds.VERSION,
            "profile": request.build_absolute_uri(reverse("hsds:profile")),
            "openapi_url": HSDS_OPENAPI_URL,
        }
    )


@extend_schema(
    operation_id="getHsdsProfile",
    summary="Het Nederlandse profiel: het extensie-object eenplan van een dienst",
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@_public
def profile(request):
    return Response(
        {
            "name": "eenplan",
            "description": _(
                "Een dienst kan het extensie-object eenplan dragen: het Nederlandse profiel van de sociale "
                "kaart (gemeente, soort, kosten, doelgroepen, werkgebied, trefwoorden, toegankelijkheid, "
                "vrijwilligersplekken, beschikbaarheid, laatst nagekeken)."
            ),
            "kinds": dict(Service.Kind.choices),
            "costs": dict(Service.Cost.choices),
            "schema": hsds.PROFILE_SCHEMA,
        }
    )


@extend_schema(
    operation_id="getPaginatedListOfServices",
    summary="Diensten (met organisatie en programma)",
    parameters=[
        SEARCH,
        *PAGING,
        *TAXONOMY_FILTERS,
        _parameter("minimal", bool, "Alleen id en last_modified."),
        FULL,
    ],
    responses=LIST_RESPONSES,
)
@api_view(["GET"])
@_public
def service_list(request):
    try:
        services = Service.objects.order_by("name", "pk")
        if (with_term := _services_with_term(request)) is not None:
            services = services.filter(pk__in=with_term)
        if organization_id := _text(request, "organization_id"):
            services = services.filter(organization_id=organization_id)
        services = _modified_filter(services, _modified_after(request))
        records = services
        if text := _text(request, "search"):
            records = _searched(services, service_search_ids(text))
        if _boolean(request, "minimal"):
            return _listing(request, Service, records, _minimal, maximum=MAX_PER_PAGE_MINIMAL)
        shape = "service_full" if _boolean(request, "full") else "service_list"
        return _listing(request, Service, records, lambda page: hsds.render_shape(shape, page))
    except BadParameter as error:
        return _bad(error)


def _minimal(services: list[Service]) -> list[dict]:
    return [
        {"id": s.pk} | ({"last_modified": s.data["last_modified"]} if s.data.get("last_modified") else {})
        for s in services
    ]


@extend_schema(
    operation_id="getFullyNestedServiceById",
    summary="Eén dienst, volledig genest",
    responses=DETAIL_RESPONSES,
)
@api_view(["GET"])
@_public
def service_detail(request, id: str):
    service = Service.objects.filter(pk=id).first()
    if service is None:
        return _not_found(_("Deze dienst bestaat niet."))
    return Response(hsds.service_full(service))


@extend_schema(
    operation_id="getPaginatedListOfOrganizations",
    summary="Organisaties",
    parameters=[
        SEARCH,
        _parameter("full_service", bool, "Volledig genest, met volledige diensten."),
        _parameter("full", bool, "Volledig genest, met de diensten zonder hun details."),
        *PAGING,
    ],
    responses=LIST_RESPONSES,
)
@api_view(["GET"])
@_public
def organization_list(request):
    try:
        organizations = Organization.objects.order_by("name", "pk")
        if text := _text(request, "search"):
            organizations = organizations.filter(name__icontains=text)
        if _boolean(request, "full_service"):
            shape = "organization_full"
        else:
            shape = "organization_with_service_ids" if _boolean(request, "full") else "organization_list"
        return _listing(request, Organization, organizations, lambda page: hsds.render_shape(shape, page))
    except BadParameter as error:
        return _bad(error)


@extend_schema(
    operation_id="getOrganizationById",
    summary="Eén organisatie, volledig genest",
    parameters=[
        _parameter("full_service", bool, "Met volledige diensten in plaats van alleen hun eigen gegevens.")
    ],
    responses={**DETAIL_RESPONSES, 400: HsdsErrorSerializer},
)
@api_view(["GET"])
@_public
def organization_detail(request, id: str):
    try:
        full_services = _boolean(request, "full_service")
    except BadParameter as error:
        return _bad(error)
    organization = Organization.objects.filter(pk=id).first()
    if organization is None:
        return _not_found(_("Deze organisatie bestaat niet."))
    return Response(hsds.organization_full(organization, full_services=full_services))


@extend_schema(
    operation_id="getPaginatedListOfServiceAtLocation",
    summary="Diensten op een locatie",
    parameters=[
        SEARCH,
        *TAXONOMY_FILTERS,
        FULL,
        *PAGING,
        _parameter(
            "postcode", str, "Postcode (1234 AB); zonder proximity: locaties in hetzelfde PC4-gebied."
        ),
        _parameter("proximity", float, "Afstand in meters tot het midden van het postcodegebied."),
    ],
    responses=LIST_RESPONSES,
)
@api_view(["GET"])
@_public
def service_at_location_list(request):
    try:
        links = ServiceAtLocation.objects.order_by("pk")
        if (with_term := _services_with_term(request)) is not None:
            own = Attribute.objects.filter(link_entity="service_at_location")
            if term_id := _text(request, "taxonomy_term_id"):
                own = own.filter(taxonomy_term_id=term_id)
            if taxonomy_id := _text(request, "taxonomy_id"):
                own = own.filter(
                    taxonomy_term_id__in=TaxonomyTerm.objects.filter(taxonomy_id=taxonomy_id).values("pk")
                )
            links = links.filter(Q(service_id__in=with_term) | Q(pk__in=own.values("link_id")))
        if organization_id := _text(request, "organization_id"):
            links = links.filter(
                service_id__in=Service.objects.filter(organization_id=organization_id).values("pk")
            )
        if moment := _modified_after(request):
            links = links.filter(service_id__in=_modified_filter(Service.objects.all(), moment).values("pk"))
        records: QuerySet | list[str] = links
        near = _near(request)
        if near is not None:
            distance = dict(near)
            links = links.filter(location_id__in=list(distance))
            records = [
                pk
                for pk, _loc in sorted(
                    links.values_list("pk", "location_id"), key=lambda r: (distance[r[1]], r[0])
                )
            ]
        elif postcode := _text(request, "postcode"):
            area = _pc4(postcode)
            links = links.filter(
                location_id__in=Address.objects.filter(postal_code__startswith=area).values("location_id")
            )
            records = links
        if text := _text(request, "search"):
            records = _searched(links, service_search_ids(text), key="service_id")
        shape = "service_at_location_full" if _boolean(request, "full") else "service_at_location_list"
        return _listing(request, ServiceAtLocation, records, lambda page: hsds.render_shape(shape, page))
    except BadParameter as error:
        return _bad(error)


def _pc4(postcode: str) -> str:
    digits = postcode.replace(" ", "")[:4]
    if len(digits) != 4 or not digits.isdigit():
        raise BadParameter(_("postcode moet een Nederlandse postcode zijn, zoals 8011 AB of 8011."))
    return digits


def _near(request) -> list[tuple[str, float]] | None:
    """(location id, distance in metres) within ``proximity`` of the postcode's centre, nearest first."""
    raw = _text(request, "proximity")
    if not raw:
        return None
    try:
        metres = float(raw)
    except ValueError:
        metres = -1.0
    if not (0 < metres <= 1_000_000):
        raise BadParameter(_("proximity moet een afstand in meters zijn, groter dan 0 en hoogstens 1000000."))
    postcode = _text(request, "postcode")
    if not postcode:
        raise BadParameter(_("proximity werkt alleen samen met postcode."))
    origin = origin_for(_pc4(postcode))
    if origin is None:
        raise BadParameter(_("Postcodegebied %(code)s kennen we niet.") % {"code": _pc4(postcode)})
    dlat = metres / 111_000
    dlon = metres / (111_000 * max(math.cos(math.radians(origin.latitude)), 0.01))
    candidates = Location.objects.filter(
        latitude__range=(origin.latitude - dlat, origin.latitude + dlat),
        longitude__range=(origin.longitude - dlon, origin.longitude + dlon),
    ).values_list("pk", "latitude", "longitude")
    near = [
        (pk, distance_km(origin.latitude, origin.longitude, lat, lon) * 1000) for pk, lat, lon in candidates
    ]
    return sorted([(pk, d) for pk, d in near if d <= metres], key=lambda row: (row[1], row[0]))


@extend_schema(
    operation_id="getServiceAtLocationWithNestedDataById",
    summary="Eén dienst op een locatie, volledig genest",
    responses=DETAIL_RESPONSES,
)
@api_view(["GET"])
@_public
def service_at_location_detail(request, id: str):
    link = ServiceAtLocation.objects.filter(pk=id).first()
    if link is None:
        return _not_found(_("Deze dienst op een locatie bestaat niet."))
    return Response(hsds.service_at_location_full(link))


@extend_schema(
    operation_id="getPaginatedListOfTaxonomies",
    summary="Taxonomieën",
    parameters=[SEARCH, *PAGING],
    responses=LIST_RESPONSES,
)
@api_view(["GET"])
@_public
def taxonomy_list(request):
    try:
        taxonomies = Taxonomy.objects.order_by("name", "pk")
        if text := _text(request, "search"):
            taxonomies = taxonomies.filter(name__icontains=text)
        return _listing(request, Taxonomy, taxonomies, lambda page: hsds.render_shape("taxonomy_full", page))
    except BadParameter as error:
        return _bad(error)


@extend_schema(operation_id="getTaxonomyById", summary="Eén taxonomie", responses=DETAIL_RESPONSES)
@api_view(["GET"])
@_public
def taxonomy_detail(request, id: str):
    taxonomy = Taxonomy.objects.filter(pk=id).first()
    if taxonomy is None:
        return _not_found(_("Deze taxonomie bestaat niet."))
    return Response(hsds.taxonomy_full(taxonomy))


@extend_schema(
    operation_id="getPaginatedListOfTaxonomyTerms",
    summary="Taxonomietermen",
    parameters=[
        SEARCH,
        *PAGING,
        _parameter("taxonomy_id", str, "Termen van deze taxonomie."),
        _parameter("top_only", bool, "Alleen termen zonder bovenliggende term."),
        _parameter("parent_id", str, "Termen direct onder deze term."),
    ],
    responses=LIST_RESPONSES,
)
@api_view(["GET"])
@_public
def taxonomy_term_list(request):
    try:
        terms = TaxonomyTerm.objects.order_by("name", "pk")
        if text := _text(request, "search"):
            terms = terms.filter(Q(name__icontains=text) | Q(code__icontains=text))
        if taxonomy_id := _text(request, "taxonomy_id"):
            terms = terms.filter(taxonomy_id=taxonomy_id)
        if parent_id := _text(request, "parent_id"):
            terms = terms.filter(parent_id=parent_id)
        if _boolean(request, "top_only"):
            terms = terms.filter(parent_id__isnull=True)
        return _listing(
            request, TaxonomyTerm, terms, lambda page: hsds.render_shape("taxonomy_term_full", page)
        )
    except BadParameter as error:
        return _bad(error)


@extend_schema(operation_id="getTaxonomyTermById", summary="Eén taxonomieterm", responses=DETAIL_RESPONSES)
@api_view(["GET"])
@_public
def taxonomy_term_detail(request, id: str):
    term = TaxonomyTerm.objects.filter(pk=id).first()
    if term is None:
        return _not_found(_("Deze taxonomieterm bestaat niet."))
    return Response(hsds.taxonomy_term_full(term))


def _routes(route: str, name: str, view) -> list:
    """The HSDS path without a trailing slash, and a redirect from the same with one (described once)."""
    return [
        path(route, two_factor_exempt(view), name=name),
        path(
            f"{route}/",
            two_factor_exempt(RedirectView.as_view(pattern_name=f"hsds:{name}", query_string=True)),
            name=f"{name}-slash",
        ),
    ]


urlpatterns = [
    path("", two_factor_exempt(details), name="details"),
    path("profile", two_factor_exempt(profile), name="profile"),
    *_routes("services", "service-list", service_list),
    *_routes("services/<str:id>", "service-detail", service_detail),
    *_routes("organizations", "organization-list", organization_list),
    *_routes("organizations/<str:id>", "organization-detail", organization_detail),
    *_routes("service_at_locations", "service-at-location-list", service_at_location_list),
    *_routes("service_at_locations/<str:id>", "service-at-location-detail", service_at_location_detail),
    *_routes("taxonomies", "taxonomy-list", taxonomy_list),
    *_routes("taxonomies/<str:id>", "taxonomy-detail", taxonomy_detail),
    *_routes("taxonomy_terms", "taxonomy-term-list", taxonomy_term_list),
    *_routes("taxonomy_terms/<str:id>", "taxonomy-term-detail", taxonomy_term_detail),
]


# --- /api/v1/social-map/services/: the staff search, with the filters of the search page -----------------


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    area = serializers.SlugRelatedField(
        slug_field="code", queryset=Area.objects.all(), required=False, help_text="Code van wijk of buurt."
    )
    postcode = serializers.RegexField(r"^[1-9][0-9]{3}( ?[A-Za-z]{2})?$", required=False, default="")
    distance_km = serializers.FloatField(required=False, min_value=0.1, max_value=100)
    kind = serializers.MultipleChoiceField(choices=Service.Kind.choices, required=False)
    cost = serializers.MultipleChoiceField(choices=Service.Cost.choices, required=False)
    target_group = serializers.SlugRelatedField(
        slug_field="code", queryset=TargetGroup.objects.filter(is_active=True), required=False
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    def validate(self, data):
        if data.get("distance_km") and not data.get("postcode"):
            raise serializers.ValidationError({"postcode": _("Vul een postcode in om op afstand te zoeken.")})
        return data


class SearchHitSerializer(serializers.Serializer):
    id = serializers.CharField(source="service.pk")
    name = serializers.CharField(source="service.name")
    organization = serializers.CharField(source="service.organization.name", default="")
    kind = serializers.CharField(source="service.kind")
    cost = serializers.CharField(source="service.cost")
    score = serializers.FloatField()
    matched = serializers.ListField(
        child=serializers.CharField(), help_text="De woorden waar de dienst op past."
    )
    distance_km = serializers.FloatField(allow_null=True)
    used = serializers.IntegerField(source="service.used", help_text="Zo vaak in een plan afgesproken.")
    helped = serializers.IntegerField(
        source="service.helped", help_text="Zo vaak hielp het, bij de evaluatie."
    )


@extend_schema(
    summary="De sociale kaart doorzoeken met de woorden van de inwoner",
    parameters=[SearchQuerySerializer],
    responses={200: SearchHitSerializer(many=True)},
)
@api_view(["GET"])
def staff_search(request):
    """The search of the social-map page for staff (consultants, partners, …): the best services for a
    wish, with the words they answer; the public HSDS API has the plain ``search`` parameter."""
    if not may_search(request.user):
        raise Http404
    query = SearchQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    filters = SearchFilters(
        municipality_id=request.user.municipality_id,
        area=data.get("area"),
        postcode=data["postcode"],
        distance_km=data.get("distance_km"),
        kinds=tuple(sorted(data.get("kind", ()))),
        costs=tuple(sorted(data.get("cost", ()))),
        target_group=data["target_group"].code if data.get("target_group") else "",
    )
    return Response(
        SearchHitSerializer(service_search(data["q"], filters, limit=data["limit"]), many=True).data
    )
