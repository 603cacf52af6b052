from django.urls import path

from . import views

app_name = "thermometer"

# The root ("", thermometer:reading) is the report "de lezing" (reading.py), added by its own change.
urlpatterns = [
    path("", views.reading, name="reading"),
    path("lezing.pdf", views.reading_pdf, name="reading_pdf"),
    path("lezing/pdf-maken/", views.reading_pdf_make, name="reading_pdf_make"),
    path("keten/", views.chain, name="chain"),
    path("keten/effect/nieuw/", views.effect_new, name="effect_new"),
    path("keten/effect/<int:effect_id>/", views.effect_edit, name="effect_edit"),
    path("keten/effect/<int:effect_id>/verwijderen/", views.effect_delete, name="effect_delete"),
    path("keten/effect/<int:effect_id>/beleidsdoel/nieuw/", views.policy_goal_new, name="policy_goal_new"),
    path("keten/beleidsdoel/<int:policy_goal_id>/", views.policy_goal_edit, name="policy_goal_edit"),
    path(
        "keten/beleidsdoel/<int:policy_goal_id>/verwijderen/",
        views.policy_goal_delete,
        name="policy_goal_delete",
    ),
    path(
        "keten/beleidsdoel/<int:policy_goal_id>/opdracht/nieuw/", views.assignment_new, name="assignment_new"
    ),
    path("keten/opdracht/<int:assignment_id>/", views.assignment_edit, name="assignment_edit"),
    path(
        "keten/opdracht/<int:assignment_id>/verwijderen/", views.assignment_delete, name="assignment_delete"
    ),
    path(
        "keten/opdracht/<int:assignment_id>/dienstverlening/nieuw/", views.delivery_new, name="delivery_new"
    ),
    path(
        "keten/opdracht/<int:assignment_id>/resultaat/nieuw/",
        views.agreed_result_new,
        name="agreed_result_new",
    ),
    path("keten/dienstverlening/<int:delivery_id>/", views.delivery_edit, name="delivery_edit"),
    path(
        "keten/dienstverlening/<int:delivery_id>/verwijderen/", views.delivery_delete, name="delivery_delete"
    ),
    path("keten/resultaat/<int:agreed_result_id>/", views.agreed_result_edit, name="agreed_result_edit"),
    path(
        "keten/resultaat/<int:agreed_result_id>/verwijderen/",
        views.agreed_result_delete,
        name="agreed_result_delete",
    ),
    path("monitor/", views.monitor, name="monitor"),
    path("monitor.csv", views.monitor_csv, name="monitor_csv"),
    path("monitor/meting/nieuw/", views.measurement_new, name="measurement_new"),
]
