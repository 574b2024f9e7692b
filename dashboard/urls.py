from django.urls import path

import config.converters  # noqa: F401  (registers <id:...>)

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.classes, name="classes"),
    path("classes/<id:pk>/", views.overview, name="overview"),
    path("classes/<id:pk>/matrix/", views.matrix, name="matrix"),
    path("classes/<id:pk>/roster/", views.roster, name="roster"),
    path("classes/<id:pk>/roster/code/", views.regenerate_code, name="regenerate-code"),
    path("classes/<id:pk>/roster/instructors/", views.add_instructor, name="add-instructor"),
    path("classes/<id:pk>/roster/<id:user_id>/remove/", views.remove_student, name="remove-student"),
    path("classes/<id:pk>/students/<id:user_id>/", views.student, name="student"),
    path("classes/<id:pk>/students/<id:user_id>/grant/", views.accommodate, name="accommodate"),
    path("classes/<id:pk>/attempts/<id:attempt_id>/reset/", views.reset_attempt, name="attempt-reset"),
    path("classes/<id:pk>/attempts/<id:attempt_id>/regrade/", views.regrade, name="attempt-regrade"),
    path("classes/<id:pk>/quizzes/<id:quiz_id>/", views.quiz_report, name="quiz-report"),
    path("classes/<id:pk>/quizzes/<id:quiz_id>/regrade/", views.regrade, name="quiz-regrade"),
    path("classes/<id:pk>/grades.csv", views.export_grades, name="export-grades"),
    path("classes/<id:pk>/responses.csv", views.export_responses, name="export-responses"),
]
