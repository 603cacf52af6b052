from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nieuw/<int:household_id>/", views.signal_new, name="new"),
    path("thema/<slug:theme_code>/gebied/<int:area_id>/", views.theme_area, name="theme_area"),
    path(
        "thema/<slug:theme_code>/gebied/<int:area_id>/koppelen/",
        views.prevention_link_new,
        name="prevention_link_new",
    ),
]
