"""The quiz page speaks of the student's own allowance: the time limit with
their extra time (as the timer counts it) and attempts with their extra ones."""

import datetime
import re

import pytest
from django.urls import reverse

from quizzes.models import Accommodation
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_quiz


def facts(client, quiz) -> str:
    html = client.get(reverse("quizzes:quiz", args=[quiz.course.slug, quiz.slug])).content.decode()
    return " ".join(html.split('<dl class="facts">')[1].split("</dl>")[0].split())


@pytest.mark.django_db
def test_extra_time_is_the_limit_the_page_states(client, student, instructor, course_data, questions):
    """With 15 extra minutes on a 10-minute quiz, the page says 25 minutes and the attempt's timer starts at 25:00."""
    quiz = make_quiz(course_data["course"], [questions["single"]], time_limit_minutes=10)
    Accommodation.objects.create(quiz=quiz, user=student, extra_minutes=15, granted_by=instructor)
    client.force_login(student)
    assert ("<dt>Time limit</dt><dd>25 minutes <span class=\"help\">(with your extra time; "
            "the quiz’s own limit is 10 minutes)</span></dd>") in facts(client, quiz)
    attempt = attempt_start(quiz=quiz, user=student)
    assert attempt.deadline_at - attempt.started_at == datetime.timedelta(minutes=25)
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert 1490 <= int(re.search(r'data-seconds="(\d+)"', page).group(1)) <= 1500  # the seconds since the start


@pytest.mark.django_db
def test_a_student_without_extra_time_sees_the_quizs_limit(client, student, course_data, questions):
    """No accommodation: the quiz's own limit, with no note about extra time."""
    quiz = make_quiz(course_data["course"], [questions["single"]], time_limit_minutes=10)
    client.force_login(student)
    assert "<dt>Time limit</dt><dd>10 minutes</dd>" in facts(client, quiz)


@pytest.mark.django_db
def test_extra_attempt_counts_in_allowed_and_left(client, student, instructor, course_data, questions):
    """Two attempts allowed, one used, one extra granted: "3 allowed · 2 left"."""
    quiz = make_quiz(course_data["course"], [questions["single"]], attempts_allowed=2)
    attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    Accommodation.objects.create(quiz=quiz, user=student, extra_attempts=1, granted_by=instructor)
    client.force_login(student)
    assert "<dt>Attempts</dt><dd>3 allowed · 2 left</dd>" in facts(client, quiz)
