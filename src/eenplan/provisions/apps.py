from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisionsConfig(AppConfig):
    name = "eenplan.provisions"
    label = "provisions"
    verbose_name = _("Maatwerkvoorzieningen")
