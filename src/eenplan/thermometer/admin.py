"""Beheer of the indicators (configuration). The chain and the measurements are the policy advisor's
content, kept on the thermometer's own pages, and are not in beheer."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, site

from .models import Indicator


@admin.register(Indicator, site=site)
class IndicatorAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "kind", "unit", "higher_is_better", "order", "is_active"]
    list_filter = ["kind", "is_active"]
    fields = [
        "code",
        "name",
        "description",
        "definition",
        "unit",
        "kind",
        "higher_is_better",
        "source",
        "order",
        "is_active",
    ]
