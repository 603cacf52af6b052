"""Beheer of the instruments: the functional admin adjusts names, descriptions, levels and domains."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, is_functional_admin, site

from .models import Instrument, LifeDomain


class LifeDomainInline(admin.TabularInline):
    model = LifeDomain
    extra = 0
    fields = ["order", "code", "name", "description", "applies_to", "is_active"]

    def has_view_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_functional_admin(request.user)


@admin.register(Instrument, site=site)
class InstrumentAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "scale_min", "scale_max", "is_active"]
    fields = ["code", "name", "description", "scale_min", "scale_max", "levels", "source", "is_active"]
    inlines = [LifeDomainInline]


@admin.register(LifeDomain, site=site)
class LifeDomainAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "instrument", "order", "applies_to", "is_active"]
    list_filter = ["instrument", "applies_to", "is_active"]
    search_fields = ["code", "name"]
