from django.urls import path

from . import views

app_name = "households"

urlpatterns = [
    path("", views.household_list, name="list"),
    path("<int:household_id>/", views.household_detail, name="detail"),
    path("<int:household_id>/lid/", views.household_add, {"what": "member"}, name="add_member"),
    path("<int:household_id>/netwerk/", views.household_add, {"what": "network"}, name="add_network"),
    path("<int:household_id>/vertegenwoordigers/", views.representation_add, name="add_representation"),
    path(
        "<int:household_id>/vertegenwoordigers/<int:representation_id>/intrekken/",
        views.representation_withdraw,
        name="withdraw_representation",
    ),
]
