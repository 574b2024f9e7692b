from django.urls import path

import config.converters  # noqa: F401  (registers <id:...>)

from quizzes import authoring_views as views
from quizzes import grading_views

app_name = "authoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:course>/authors/", views.course_authors, name="course-authors"),
    path("<slug:course>/authors/<id:user_id>/remove/", views.course_author_remove, name="course-author-remove"),
    path("<slug:course>/quizzes/", views.quiz_list, name="quiz-list"),
    path("<slug:course>/quizzes/new/", views.quiz_create, name="quiz-create"),
    path("<slug:course>/quizzes/<slug:quiz>/", views.quiz_edit, name="quiz-edit"),
    path("<slug:course>/quizzes/<slug:quiz>/questions/", views.quiz_questions, name="quiz-questions"),
    path("<slug:course>/quizzes/<slug:quiz>/publish/", views.quiz_publish, name="quiz-publish"),
    path("<slug:course>/quizzes/<slug:quiz>/duplicate/", views.quiz_duplicate, name="quiz-duplicate"),
    path("<slug:course>/quizzes/<slug:quiz>/export/", views.quiz_export, name="quiz-export"),
    path("<slug:course>/quizzes/<slug:quiz>/grading/", grading_views.grading_queue, name="grading-queue"),
    path("<slug:course>/quizzes/<slug:quiz>/grading/release/", grading_views.grading_release, name="grading-release"),
    path("<slug:course>/grading/<id:response>/", grading_views.grading_answer, name="grading-answer"),
    path("<slug:course>/quizzes/<slug:quiz>/regrade/", views.quiz_regrade, name="quiz-regrade"),
    path("<slug:course>/questions/", views.question_list, name="question-list"),
    path("<slug:course>/questions/new/<slug:qtype>/", views.question_create, name="question-create"),
    path("<slug:course>/questions/import/", views.question_import, name="question-import"),
    path("<slug:course>/questions/<slug:question>/", views.question_edit, name="question-edit"),
    path("<slug:course>/questions/<slug:question>/preview/", views.question_preview, name="question-preview"),
    path("<slug:course>/questions/<slug:question>/delete/", views.question_delete, name="question-delete"),
]
