"""Beheer of the themes of collective signals. Signals themselves are not in beheer: policy reads them
only as aggregates with small cells suppressed (queries.signal_overview_for)."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, site

from .models import Theme


@admin.register(Theme, site=site)
class ThemeAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "order", "is_active"]
    fields = ["code", "name", "description", "order", "domains", "is_active"]
    filter_horizontal = ["domains"]
