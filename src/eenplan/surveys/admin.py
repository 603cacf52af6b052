"""Beheer of the survey themes and their statements: the functional admin adjusts texts, order and which
are in use. Surveys are managed on their own pages (surveys:list); invitations and the anonymous
responses are not in beheer at all: they are read only as aggregates (queries.theme_layer_scores)."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, is_functional_admin, site

from .models import Statement, Theme


class StatementInline(admin.TabularInline):
    model = Statement
    extra = 0
    fields = ["order", "code", "text", "is_active"]

    def has_view_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_functional_admin(request.user)


@admin.register(Theme, site=site)
class ThemeAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "order", "is_active"]
    fields = ["code", "name", "description", "order", "is_active"]
    inlines = [StatementInline]
