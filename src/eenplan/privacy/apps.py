from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "eenplan.privacy"
    label = "privacy"
    verbose_name = _("Privacy: rechten van de inwoner en bewaartermijnen")
