from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("mijn-gegevens/verwerkingen/", views.my_processing_log, name="my_processing_log"),
    path("verwerkingen/", views.processing_log_search, name="processing_log_search"),
    path("verwerkingen/export.json", views.processing_log_export, name="processing_log_export"),
    path(
        "verwerkingen/huishouden/<int:household_id>/",
        views.household_processing_log,
        name="household_processing_log",
    ),
]
