from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("settings/", views.review_settings, name="settings"),
    path("<slug:course>/", views.review_page, name="course"),
    path("<slug:course>/answer/", views.answer, name="answer"),
    path("<slug:course>/rate/", views.rate, name="rate"),
]
