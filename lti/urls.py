from django.urls import path

import config.converters  # noqa: F401  (registers <id:...>)

from lti import views

app_name = "lti"

urlpatterns = [
    path("jwks/", views.jwks, name="jwks"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("launch/", views.launch, name="launch"),
    path("deep-link/", views.deep_link, name="deep-link"),
    path("classes/<id:pk>/", views.class_lms, name="class"),
    path("classes/<id:pk>/roster-sync/", views.roster_sync, name="roster-sync"),
]
