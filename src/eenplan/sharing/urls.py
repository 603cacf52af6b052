from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    # The team
    path("huishouden/<int:household_id>/", views.household_sharing, name="household"),
    path("huishouden/<int:household_id>/nieuw/", views.arrangement_new, name="new"),
    path("afspraken/<int:arrangement_id>/", views.arrangement_detail, name="arrangement"),
    path("afspraken/<int:arrangement_id>/wijzigen/", views.arrangement_edit, name="edit"),
    path("afspraken/<int:arrangement_id>/intrekken/", views.arrangement_withdraw, name="withdraw"),
    path("verzoeken/", views.request_list, name="requests"),
    path("verzoeken/<int:request_id>/", views.request_decide, name="request"),
    path("verzoeken/<int:request_id>/weigeren/", views.request_refuse, name="refuse"),
    path("noodtoegang/", views.break_glass, name="break_glass"),
    path("noodtoegang/beoordelen/", views.break_glass_reviews, name="break_glass_reviews"),
    path("noodtoegang/<int:access_id>/beoordelen/", views.break_glass_review, name="break_glass_review"),
    # The partner
    path("gedeeld/", views.shared_list, name="shared_list"),
    path("gedeeld/<int:household_id>/", views.shared_file, name="shared_file"),
    path("toegang-vragen/", views.request_new, name="request_new"),
    path("onze-verzoeken/", views.my_requests, name="my_requests"),
]
