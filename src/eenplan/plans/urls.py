from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("maken/<int:support_request_id>/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/wat-belangrijk-is/", views.what_matters_edit, name="what_matters"),
    path("<int:plan_id>/doelen/nieuw/", views.goal_edit, name="goal_new"),
    path("<int:plan_id>/doelen/<int:goal_id>/", views.goal_edit, name="goal_edit"),
    path("<int:plan_id>/doelen/<int:goal_id>/verwijderen/", views.goal_remove, name="goal_remove"),
    path("<int:plan_id>/doelen/<int:goal_id>/suggesties/", views.goal_suggestions, name="goal_suggestions"),
    path("<int:plan_id>/afspraken/nieuw/", views.agreement_edit, name="agreement_new"),
    path(
        "<int:plan_id>/afspraken/sociale-kaart/", views.agreement_from_service, name="agreement_from_service"
    ),
    path(
        "melding/<int:support_request_id>/sociale-kaart/",
        views.service_to_new_or_open_plan,
        name="service_to_plan",
    ),
    path("<int:plan_id>/afspraken/<int:agreement_id>/", views.agreement_edit, name="agreement_edit"),
    path(
        "<int:plan_id>/afspraken/<int:agreement_id>/status/", views.agreement_status, name="agreement_status"
    ),
    path("<int:plan_id>/deelnemers/nieuw/", views.participant_new, name="participant_new"),
    path(
        "<int:plan_id>/deelnemers/<int:participant_id>/verwijderen/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:plan_id>/akkoord/", views.plan_agree, name="agree"),
    path("<int:plan_id>/starten/", views.plan_activate, name="activate"),
    path("<int:plan_id>/afsluiten/", views.plan_close, name="close"),
    path("<int:plan_id>/regie/", views.case_director_assign, name="case_director"),
    path("<int:plan_id>/evalueren/", views.plan_evaluate, name="evaluate"),
    path("<int:plan_id>/geschiedenis/", views.plan_history, name="history"),
    path("<int:plan_id>/afdruk/", views.plan_document, {"output": "html"}, name="document_html"),
    path("<int:plan_id>/pdf/", views.plan_document, {"output": "pdf"}, name="document_pdf"),
]
