"""Beheer of the social map's configuration: target groups, which partner keeps which organisation, and
the postcode centres used for distance. Services themselves are entered on the social-map screens
(actions.service_save) or imported as HSDS, so the search index stays right."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, site

from .models import Organization, Postcode, TargetGroup


@admin.register(TargetGroup, site=site)
class TargetGroupAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "is_active"]


@admin.register(Organization, site=site)
class OrganizationAdmin(ConfigurationAdmin):
    list_display = ["name", "municipality", "maintained_by"]
    list_filter = ["municipality", "maintained_by"]
    search_fields = ["name"]
    fields = ["name", "municipality", "maintained_by"]
    readonly_fields = ["name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Postcode, site=site)
class PostcodeAdmin(ConfigurationAdmin):
    list_display = ["code", "latitude", "longitude"]
    search_fields = ["code"]
