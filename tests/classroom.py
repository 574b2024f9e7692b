"""Builders for dashboard tests: a class with students who read lessons and
take quizzes, answering right or wrong in known ways."""

import datetime
import random

from django.contrib.auth.models import Group, User
from django.utils import timezone

from core import roles
from lessons import services as lesson_services
from lessons.models import Enrolment
from quizzes import services as quiz_services
from quizzes.types import get_type


def enrol(cohort, username, *, first_name="", last_name="") -> User:
    """A student in the class (the name is what the dashboards show)."""
    user = User.objects.create_user(username=username, password="pw-for-tests-123", first_name=first_name or
                                    username.title(), last_name=last_name)
    user.groups.add(Group.objects.get_or_create(name=roles.STUDENTS)[0])
    Enrolment.objects.create(user=user, course=cohort.course, cohort=cohort)
    return user


def read(user, lesson, *, complete=True, seconds=90, when=None):
    when = when or timezone.now()
    lesson_services.lesson_open(user=user, lesson=lesson, now=when)
    lesson_services.lesson_record_time(user=user, lesson=lesson, seconds=seconds, now=when)
    if complete:
        lesson_services.lesson_complete(user=user, lesson=lesson, now=when + datetime.timedelta(minutes=5))


def right_answer(snapshot):
    return get_type(snapshot["type"]).key_answer(snapshot)


def wrong_answer(snapshot):
    """Each type's fixed, known mistake (`QuestionType.wrong_answer` without a random source)."""
    return get_type(snapshot["type"]).wrong_answer(snapshot)


def take(quiz, user, *, right=True, wrong_positions=None, when=None, minutes=10):
    """Start and submit an attempt. Every answer right (or wrong); or wrong
    only at `wrong_positions`."""
    when = when or timezone.now()
    attempt = quiz_services.attempt_start(quiz=quiz, user=user, now=when, rng=random.Random(user.pk))
    for response in attempt.responses.all():
        is_right = right if wrong_positions is None else response.position not in wrong_positions
        response.answer = (right_answer if is_right else wrong_answer)(response.snapshot)
        response.save(update_fields=["answer"])
    return quiz_services.attempt_submit(attempt=attempt, now=when + datetime.timedelta(minutes=minutes))


def review_history(student, course, *, lapses=0, days_ago=3):
    """The student has started every card of the course, forgetting each `lapses` times."""
    from review.models import Card, CardState, StudentCard
    from review.services import DAY, cards_sync

    cards_sync(course=course)
    last = timezone.now() - datetime.timedelta(days=days_ago)
    StudentCard.objects.bulk_create([
        StudentCard(user=student, card=card, state=CardState.REVIEW, stability=4.0 + lapses, difficulty=5.0,
                    due=last + datetime.timedelta(days=4), last_review=last, last_review_day=last.timestamp() / DAY,
                    reps=3 + lapses, lapses=lapses)
        for card in Card.objects.filter(course=course)])
