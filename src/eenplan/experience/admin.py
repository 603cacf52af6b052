"""Beheer of the questionnaires: the functional admin adjusts statements, themes and when to invite.
The anonymous answers and the participations are not shown in beheer: the answers are read only as
aggregates with small cells suppressed (queries.experience_results)."""

from django.contrib import admin

from eenplan.core.admin import ConfigurationAdmin, is_functional_admin, site

from .models import Question, Questionnaire


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "code", "theme", "statement", "is_active"]

    def has_view_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_functional_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_functional_admin(request.user)


@admin.register(Questionnaire, site=site)
class QuestionnaireAdmin(ConfigurationAdmin):
    list_display = ["name", "law", "invite_after_days", "invite_until_days_after_closing", "is_active"]
    fields = [
        "code",
        "name",
        "law",
        "topic",
        "description",
        "invite_after_days",
        "invite_until_days_after_closing",
        "is_active",
    ]
    inlines = [QuestionInline]
