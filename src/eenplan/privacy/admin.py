"""Beheer of the retention rules: the functional admin sets the terms per record type and law."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, site

from .models import RetentionRule


@admin.register(RetentionRule, site=site)
class RetentionRuleAdmin(ConfigurationAdmin):
    list_display = ["name", "record_type", "laws", "years", "source", "is_active"]
    list_filter = ["record_type", "is_active"]
    search_fields = ["code", "name", "source"]
    fields = [
        "code",
        "name",
        "description",
        "record_type",
        "date_field",
        "laws_field",
        "laws",
        "years",
        "source",
        "is_active",
    ]
