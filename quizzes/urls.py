from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt"),
    path("attempts/<int:pk>/save/", views.attempt_save, name="save"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="submit"),
    path("attempts/<int:pk>/review/", views.attempt_review, name="review"),
    path("progress/", views.progress, name="progress"),
    path("<slug:course>/<slug:quiz>/", views.quiz_detail, name="quiz"),
    path("<slug:course>/<slug:quiz>/start/", views.quiz_start, name="start"),
]
