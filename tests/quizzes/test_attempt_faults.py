"""Attempts under faults: a double submit from two connections at once, and
reloading the course with attempts open."""

import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection

from quizzes.models import Attempt, Response
from quizzes.services import QuizRuleError, attempt_start, attempt_submit
from tests.factories import key_as_answer, make_course, make_questions, make_quiz, make_user

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit_counts_once():
    """Two connections submit the same attempt at the same moment: one wins, one is refused."""
    course, lesson, _ = make_course()
    questions = make_questions(course, lesson)
    quiz = make_quiz(course, [questions["single"], questions["short"]])
    attempt = attempt_start(quiz=quiz, user=make_user("racer"))
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
            outcomes.append("submitted")
        except QuizRuleError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcomes.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "submitted"]
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 0
    assert Response.objects.filter(attempt=attempt, fraction__isnull=False).count() == 2


@pytest.mark.django_db
def test_reloading_the_course_keeps_open_attempts_intact():
    """load_course while an attempt is open: its questions and saved answers stay, and it can be submitted."""
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    from quizzes.models import Quiz

    quiz = Quiz.objects.get(slug="dates")
    attempt = attempt_start(quiz=quiz, user=make_user("midway"))
    response = attempt.responses.first()
    response.answer = key_as_answer(response.snapshot)
    response.save()
    before = list(attempt.responses.order_by("position").values_list("question_id", "snapshot", "answer"))
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    after = list(attempt.responses.order_by("position").values_list("question_id", "snapshot", "answer"))
    assert before == after
    assert attempt_submit(attempt=attempt).submitted_at is not None
