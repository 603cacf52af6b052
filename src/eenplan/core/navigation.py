"""Role-aware navigation as data: which pages each role sees in the main menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

STAFF_EXTRA = [(_("API"), "api:docs"), (_("Beveiliging"), "accounts:security")]

NAVIGATION = {
    "resident": [(_("Mijn plan"), "portal:start"), (_("Wie keek er mee?"), "core:my_processing_log")],
    "consultant": [
        (_("Start"), "core:start"),
        (_("Caseload"), "intake:caseload"),
        (_("Huishoudens"), "households:list"),
        (_("Delen"), "sharing:requests"),
        (_("Sociale kaart"), "socialmap:search"),
        *STAFF_EXTRA,
    ],
    "team_lead": [
        (_("Team"), "core:start"),
        (_("Caseload"), "intake:caseload"),
        (_("Huishoudens"), "households:list"),
        (_("Delen"), "sharing:requests"),
        (_("Sociale kaart"), "socialmap:search"),
        (_("Budget"), "budget:municipality"),
        (_("Signalen"), "signals:overview"),
        (_("Monitor"), "thermometer:monitor"),
        (_("Verwerkingenlog"), "core:processing_log_search"),
        *STAFF_EXTRA,
    ],
    "decision_maker": [
        (_("Werkvoorraad"), "provisions:worklist"),
        (_("Budget"), "budget:municipality"),
        *STAFF_EXTRA,
    ],
    "partner_professional": [
        (_("Start"), "core:start"),
        (_("Gedeeld met ons"), "sharing:shared_list"),
        (_("Verwijzen"), "intake:referral"),
        (_("Sociale kaart"), "socialmap:search"),
        *STAFF_EXTRA,
    ],
    "policy_advisor": [
        (_("Overzicht"), "core:start"),
        (_("Thermometer"), "thermometer:reading"),
        (_("Monitor"), "thermometer:monitor"),
        (_("Enquêtes"), "surveys:list"),
        (_("Signalen"), "signals:overview"),
        (_("Budget"), "budget:municipality"),
        *STAFF_EXTRA,
    ],
    "functional_admin": [
        (_("Start"), "core:start"),
        (_("Sociale kaart"), "socialmap:search"),
        (_("Enquêtes"), "surveys:list"),
        (_("Beheer"), "admin:index"),
        (_("Bewaartermijnen"), "privacy:retention"),
        *STAFF_EXTRA,
    ],
    "privacy_officer": [
        (_("Verwerkingenlog"), "core:processing_log_search"),
        (_("Bewaartermijnen"), "privacy:retention"),
        *STAFF_EXTRA,
    ],
}


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    current = request.path
    entries = [(label, reverse(url_name)) for label, url_name in NAVIGATION.get(user.role, [])]
    matching = [url for _label, url in entries if (current == url if url == "/" else current.startswith(url))]
    chosen = max(matching, key=len, default=None)  # /thermometer/monitor/ is Monitor, not Thermometer too
    return [{"label": label, "url": url, "current": url == chosen} for label, url in entries]
