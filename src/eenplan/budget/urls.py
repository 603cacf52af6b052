from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.municipality, name="municipality"),
    path("huishouden/<int:household_id>/", views.household, name="household"),
    path("verantwoording.csv", views.report, {"output": "csv"}, name="report_csv"),
    path("verantwoording.xlsx", views.report, {"output": "xlsx"}, name="report_xlsx"),
]
