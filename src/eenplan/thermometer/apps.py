from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThermometerConfig(AppConfig):
    name = "eenplan.thermometer"
    label = "thermometer"
    verbose_name = _("Thermometer: beleidsketen, indicatoren en lezing")
