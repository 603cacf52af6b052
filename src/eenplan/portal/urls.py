from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.start, name="start"),
    path("vraag/nieuw/", views.support_request_new, name="support_request_new"),
    path("vraag/<int:support_request_id>/", views.support_request_detail, name="support_request"),
    path("vraag/<int:support_request_id>/eigen-plan/", views.personal_plan, name="personal_plan"),
    path("vraag/<int:support_request_id>/hoe-gaat-het/", views.self_assessment, name="self_assessment"),
    path("vraag/<int:support_request_id>/verslag/", views.report, name="report"),
    path("plan/<int:plan_id>/", views.plan, name="plan"),
    path("plan/<int:plan_id>/reactie/", views.plan_respond, name="plan_respond"),
    path("plan/<int:plan_id>/akkoord/", views.plan_agree, name="plan_agree"),
    path("huishouden/<int:household_id>/besluiten/", views.decisions, name="decisions"),
    path("huishouden/<int:household_id>/delen/", views.sharing, name="sharing"),
    path("delen/<int:arrangement_id>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("delen/<int:arrangement_id>/toestemming/", views.consent_give, name="consent_give"),
]
