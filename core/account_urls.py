"""Accounts: Django's login, logout, password change and reset, plus sign-up."""

from django.urls import include, path

from core import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("", include("django.contrib.auth.urls")),
]

