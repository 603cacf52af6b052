from django.urls import path

from . import views

app_name = "socialmap"

urlpatterns = [
    path("", views.search, name="search"),
    path("diensten/nieuw/", views.service_edit, name="service_new"),
    path("diensten/<str:service_id>/", views.service_detail, name="service"),
    path("diensten/<str:service_id>/aanpassen/", views.service_edit, name="service_edit"),
    path("diensten/<str:service_id>/nagekeken/", views.service_review, name="service_review"),
    path("nakijken/", views.review_list, name="review"),
    path("importeren/", views.hsds_import, name="import"),
    path("export/hsds.<str:output>", views.hsds_export, name="export"),
]
