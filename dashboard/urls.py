from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.classes, name="classes"),
    path("classes/<int:pk>/", views.overview, name="overview"),
    path("classes/<int:pk>/matrix/", views.matrix, name="matrix"),
    path("classes/<int:pk>/roster/", views.roster, name="roster"),
    path("classes/<int:pk>/roster/code/", views.regenerate_code, name="regenerate-code"),
    path("classes/<int:pk>/roster/instructors/", views.add_instructor, name="add-instructor"),
    path("classes/<int:pk>/roster/<int:user_id>/remove/", views.remove_student, name="remove-student"),
    path("classes/<int:pk>/students/<int:user_id>/", views.student, name="student"),
    path("classes/<int:pk>/students/<int:user_id>/grant/", views.accommodate, name="accommodate"),
    path("classes/<int:pk>/attempts/<int:attempt_id>/reset/", views.reset_attempt, name="attempt-reset"),
    path("classes/<int:pk>/quizzes/<int:quiz_id>/", views.quiz_report, name="quiz-report"),
    path("classes/<int:pk>/grades.csv", views.export_grades, name="export-grades"),
    path("classes/<int:pk>/responses.csv", views.export_responses, name="export-responses"),
]
