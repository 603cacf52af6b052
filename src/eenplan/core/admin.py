"""Beheer: the functional admin's configuration screens. Case data is never registered here."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .actions import configuration_version_bump
from .models import Area, DataCategory, LegalBasis, Municipality, Purpose, RolePolicy


def is_functional_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.role == "functional_admin")


class EenplanAdminSite(admin.AdminSite):
    site_header = _("Eén Plan — beheer")
    site_title = _("Eén Plan beheer")
    index_title = _("Configuratie")

    def has_permission(self, request):
        return is_functional_admin(request.user)

    def login(self, request, extra_context=None):
        """Beheer has no log-in of its own: everyone logs in through accounts:login (with 2FA)."""
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))


site = EenplanAdminSite(name="admin")


class ConfigurationAdmin(admin.ModelAdmin):
    """Functional admins manage all configuration; other roles never reach beheer."""

    def has_module_permission(self, request):
        return is_functional_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_add_permission(self, request):
        return is_functional_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    # Every change saved here raises the configuration version, so that every process reads the
    # configuration again (core.configuration). save_related follows every save, with the many-to-many
    # fields (a team's areas, a role's categories) saved.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        configuration_version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        configuration_version_bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        configuration_version_bump()


@admin.register(Municipality, site=site)
class MunicipalityAdmin(ConfigurationAdmin):
    list_display = ["name", "code", "province", "population"]


@admin.register(Area, site=site)
class AreaAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "kind", "parent", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["code", "name"]


@admin.register(Purpose, site=site)
class PurposeAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "legal_basis", "roles", "is_active"]


@admin.register(LegalBasis, site=site)
class LegalBasisAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "gdpr_article", "is_active"]


@admin.register(DataCategory, site=site)
class DataCategoryAdmin(ConfigurationAdmin):
    list_display = ["code", "name", "is_special_category", "is_active"]


@admin.register(RolePolicy, site=site)
class RolePolicyAdmin(ConfigurationAdmin):
    """The default policy of domain.md §5: which categories each role may process at all."""

    list_display = ["role", "households", "aggregated", "configuration"]
    filter_horizontal = ["categories"]
