"""/api/v1/: every app's api.py, the OpenAPI schema and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from eenplan.accounts import api as accounts_api
from eenplan.accounts.middleware import two_factor_exempt
from eenplan.core import views as core_views
from eenplan.households import api as households_api
from eenplan.intake import api as intake_api
from eenplan.socialmap import api as socialmap_api

app_name = "api"

urlpatterns = [
    path("me/", accounts_api.me, name="me"),
    path("households/", households_api.household_list, name="household-list"),
    path("households/<int:household_id>/", households_api.household_detail, name="household-detail"),
    path("households/<int:household_id>/members/", households_api.member_create, name="member-create"),
    path(
        "households/<int:household_id>/network/", households_api.network_member_create, name="network-create"
    ),
    path("support-requests/", intake_api.support_request_list, name="support-request-list"),
    path(
        "support-requests/<int:support_request_id>/",
        intake_api.support_request_detail,
        name="support-request-detail",
    ),
    path(
        "support-requests/<int:support_request_id>/inquiry/",
        intake_api.inquiry_detail,
        name="inquiry-detail",
    ),
    path(
        "support-requests/<int:support_request_id>/inquiry/start/",
        intake_api.inquiry_start,
        name="inquiry-start",
    ),
    path(
        "support-requests/<int:support_request_id>/inquiry/report/",
        intake_api.report_step,
        name="report-step",
    ),
    path("terms/<int:term_id>/change/", intake_api.term_change, name="term-change"),
    path(
        "support-requests/<int:support_request_id>/inquiry/conversations/",
        intake_api.conversation_create,
        name="conversation-create",
    ),
    path("", include("eenplan.plans.api")),
    path("", include("eenplan.provisions.api")),
    path("", include("eenplan.budget.api")),
    path("", include("eenplan.sharing.api")),
    path("", include("eenplan.core.api")),
    path("social-map/services/", socialmap_api.staff_search, name="socialmap-search"),
    # The API description is public (open standards) and holds no personal data.
    path("schema/", two_factor_exempt(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", two_factor_exempt(core_views.api_docs), name="docs"),
]
