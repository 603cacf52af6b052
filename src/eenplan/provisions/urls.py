from django.urls import path

from . import views

app_name = "provisions"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("aanvragen/plan/<int:plan_id>/", views.application_new, name="application_new"),
    path("aanvragen/<int:application_id>/", views.application_detail, name="application"),
    path("aanvragen/<int:application_id>/advies/", views.advice_give, name="advice"),
    path("aanvragen/<int:application_id>/besluit/", views.decision_make, name="decision"),
    path("aanvragen/<int:application_id>/toewijzen/", views.allocation_make, name="allocate"),
    path("aanvragen/<int:application_id>/intrekken/", views.application_withdraw, name="withdraw"),
    path("toewijzingen/<int:allocation_id>/bericht/", views.allocation_message, name="allocation_message"),
]
