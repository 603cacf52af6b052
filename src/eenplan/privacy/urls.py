from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("personen/<int:person_id>/inzage/", views.access_request, name="access_request"),
    path(
        "personen/<int:person_id>/inzage.json",
        views.access_request,
        {"output": "json"},
        name="access_request_json",
    ),
    path(
        "personen/<int:person_id>/inzage.pdf",
        views.access_request,
        {"output": "pdf"},
        name="access_request_pdf",
    ),
    path("personen/<int:person_id>/correctie/", views.rectification, name="rectification"),
    path("bewaartermijnen/", views.retention, name="retention"),
]
