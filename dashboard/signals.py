"""Bumping the dashboards' figure versions (lessons.figures) for writes that
have no service of their own to do it: content edited in the admin or the
authoring pages; a person's name; a class joined through the admin; a
daily-review card reviewed. The services of lessons and quizzes, and the
course loader, bump the versions of the writes they make themselves (bulk
writes and update() send no signals)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from lessons import figures
from lessons.models import Chapter, Course, Enrolment, KeyTerm, Lesson, TimelineEvent
from quizzes.models import Question, Quiz, QuizQuestion
from review.models import StudentCard


def _content(sender, **kwargs):
    figures.content_changed()


def _person(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every sign-in saves this; no page shows it
    figures.content_changed()


def _roster(sender, instance, **kwargs):
    figures.course_roster_changed(instance.course_id)


def _card(sender, instance, **kwargs):
    figures.course_activity_changed(instance.card.course_id)


def connect() -> None:
    # Events and terms: the overview's most forgotten cards show their titles.
    for model in (Course, Chapter, Lesson, TimelineEvent, KeyTerm, Quiz, Question, QuizQuestion):
        post_save.connect(_content, sender=model, dispatch_uid=f"figures-{model.__name__}")
        post_delete.connect(_content, sender=model, dispatch_uid=f"figures-del-{model.__name__}")
    user = get_user_model()
    post_save.connect(_person, sender=user, dispatch_uid="figures-user")
    post_delete.connect(_content, sender=user, dispatch_uid="figures-del-user")
    post_save.connect(_roster, sender=Enrolment, dispatch_uid="figures-enrolment")
    post_delete.connect(_roster, sender=Enrolment, dispatch_uid="figures-del-enrolment")
    post_save.connect(_card, sender=StudentCard, dispatch_uid="figures-card")
    post_delete.connect(_card, sender=StudentCard, dispatch_uid="figures-del-card")
