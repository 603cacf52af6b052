from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_verify, name="login_verify"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("beveiliging/", views.security, name="security"),
]
