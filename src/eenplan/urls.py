from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language

from eenplan.accounts.middleware import two_factor_exempt
from eenplan.core import views as core_views
from eenplan.core.admin import site as admin_site

urlpatterns = [
    path("", include("eenplan.core.urls")),
    path("account/", include("eenplan.accounts.urls")),
    path("huishoudens/", include("eenplan.households.urls")),
    path("meldingen/", include("eenplan.intake.urls")),
    path("plannen/", include("eenplan.plans.urls")),
    path("voorzieningen/", include("eenplan.provisions.urls")),
    path("budget/", include("eenplan.budget.urls")),
    path("sociale-kaart/", include("eenplan.socialmap.urls")),
    path("delen/", include("eenplan.sharing.urls")),
    path("privacy/", include("eenplan.privacy.urls")),
    path("signalen/", include("eenplan.signals.urls")),
    path("enquete/", include("eenplan.surveys.urls")),
    path("thermometer/", include("eenplan.thermometer.urls")),
    path("mijn/ervaring/", include("eenplan.experience.urls")),
    path("mijn/", include("eenplan.portal.urls")),
    path("beheer/", admin_site.urls),
    path("api/hsds/", include("eenplan.socialmap.api")),
    path("api/v1/", include("eenplan.api_urls")),
    path("taal/", two_factor_exempt(set_language), name="set_language"),
    # Pages we do not template ourselves (beheer, API docs) make browsers ask for /favicon.ico.
    path("favicon.ico", core_views.favicon),
]
if settings.EENPLAN_OIDC_ENABLED:
    # Residents log in through OpenID Connect (accounts/oidc.py); the library's own views.
    urlpatterns.append(path("account/oidc/", include("mozilla_django_oidc.urls")))
