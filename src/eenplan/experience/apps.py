from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperienceConfig(AppConfig):
    name = "eenplan.experience"
    label = "experience"
    verbose_name = _("Ervaring van inwoners")
