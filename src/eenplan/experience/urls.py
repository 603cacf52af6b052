from django.urls import path

from . import views

app_name = "experience"

urlpatterns = [
    path("<int:plan_id>/", views.answer, name="answer"),
]
