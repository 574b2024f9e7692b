from django.urls import path

import config.converters  # noqa: F401  (registers <id:...>)

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("attempts/<id:pk>/", views.attempt_detail, name="attempt"),
    path("attempts/<id:pk>/save/", views.attempt_save, name="save"),
    path("attempts/<id:pk>/preview/", views.attempt_preview, name="preview"),
    path("attempts/<id:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<id:pk>/review/", views.attempt_review, name="review"),
    path("progress/", views.progress, name="progress"),
    path("<slug:course>/<slug:quiz>/", views.quiz_detail, name="quiz"),
    path("<slug:course>/<slug:quiz>/start/", views.quiz_start, name="start"),
]
