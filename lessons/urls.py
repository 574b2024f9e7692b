from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("courses/<slug:course>/", views.course_detail, name="course"),
    path("courses/<slug:course>/enrol/", views.course_enrol, name="enrol"),
    path("courses/<slug:course>/glossary/", views.glossary, name="glossary"),
    path("courses/<slug:course>/timeline/", views.timeline, name="timeline"),
    path("courses/<slug:course>/figures/", views.figures, name="figures"),
    path("courses/<slug:course>/<slug:chapter>/<slug:lesson>/", views.lesson_detail, name="lesson"),
    path("courses/<slug:course>/<slug:chapter>/<slug:lesson>/complete/", views.lesson_complete,
         name="lesson-complete"),
    path("courses/<slug:course>/<slug:chapter>/<slug:lesson>/time/", views.lesson_heartbeat,
         name="lesson-time"),
]
