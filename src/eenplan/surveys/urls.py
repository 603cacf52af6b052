from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("beheer/", views.survey_list, name="list"),
    path("beheer/nieuw/", views.survey_create, name="create"),
    path("beheer/<int:survey_id>/", views.survey_detail, name="detail"),
    path("beheer/<int:survey_id>/uitnodigingen/", views.invitations_new, name="invitations"),
    path("beheer/<int:survey_id>/uitnodigingen.csv", views.invitations_csv, name="invitations_csv"),
    path("bedankt/", views.thanks, name="thanks"),
    # Last: a token is any string, so the fixed paths above come first.
    path("<str:token>/", views.answer, name="answer"),
]
