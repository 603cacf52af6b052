from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from eenplan.core.admin import ConfigurationAdmin, site

from .models import Partner, Team, User


@admin.register(Team, site=site)
class TeamAdmin(ConfigurationAdmin):
    list_display = ["name", "municipality"]
    filter_horizontal = ["areas"]


@admin.register(Partner, site=site)
class PartnerAdmin(ConfigurationAdmin):
    list_display = ["name", "kind", "agb_code", "municipality"]
    list_filter = ["kind"]


@admin.register(User, site=site)
class UserAdmin(ConfigurationAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "team", "partner", "is_active"]
    list_filter = ["role", "team", "partner", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email")}),
        (_("Rol"), {"fields": ("role", "municipality", "team", "partner")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role")}),
    )
    readonly_fields = ["last_login", "date_joined"]


site.register(TOTPDevice, type("DeviceAdmin", (ConfigurationAdmin, TOTPDeviceAdmin), {}))
