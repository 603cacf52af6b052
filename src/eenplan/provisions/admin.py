"""Beheer of the product catalogue: the functional admin sets products, codes, tariffs and taakvelden."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, site

from .models import Product


@admin.register(Product, site=site)
class ProductAdmin(ConfigurationAdmin):
    list_display = [
        "name",
        "law",
        "category",
        "product_code",
        "unit",
        "frequency",
        "tariff_cents",
        "taakveld",
        "is_active",
    ]
    list_filter = ["law", "taakveld", "is_active"]
    search_fields = ["code", "name", "product_code"]
    fields = [
        "code",
        "name",
        "description",
        "law",
        "category",
        "product_code",
        "unit",
        "frequency",
        "tariff_cents",
        "taakveld",
        "reconsider_after_months",
        "is_active",
    ]
