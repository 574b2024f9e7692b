"""The topic summary under concurrent readers: instructors opening the class overview at the same moment."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from core import roles
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user


@pytest.mark.django_db(transaction=True)
def test_two_overviews_refreshing_the_summary_at_once_both_succeed():
    """Three instructors opening the class overview at the same moment after new submissions all get their page,
    and the topic summary the submissions wrote has no row twice."""
    from quizzes.models import AttemptTopicScore
    from lessons.services import enrolment_create

    course, lesson, _ = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    cohort = make_cohort(course, teacher)
    questions = make_questions(course, lesson)
    quiz = make_quiz(course, list(questions.values()))
    for n in range(30):
        student = make_user(f"s{n:02d}")
        enrolment_create(user=student, course=course, cohort=cohort)
        attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    url = reverse("dashboard:overview", args=[cohort.pk])
    barrier = threading.Barrier(3)
    statuses = []

    def open_overview():
        client = Client(raise_request_exception=False)
        client.force_login(teacher)
        barrier.wait()
        statuses.append(client.get(url).status_code)
        connection.close()

    threads = [threading.Thread(target=open_overview) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200, 200, 200]
    assert AttemptTopicScore.objects.values("attempt", "topic").distinct().count() == \
        AttemptTopicScore.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_regrade_and_a_submission_of_one_student_at_once_keep_their_summaries_whole():
    """A regrade of one of a student's attempts (a job) meeting their submission of another quiz: both succeed, and
    the student's sums by topic, rewritten by both, count each answer once."""
    from django.db.models import Sum

    from lessons.services import enrolment_create
    from quizzes.models import AttemptTopicScore, StudentTopicScore
    from quizzes.services import attempt_regrade

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: two writers at once is PostgreSQL's case")
    course, lesson, _ = make_course()
    cohort = make_cohort(course, make_user("teacher", roles.INSTRUCTORS))
    questions = make_questions(course, lesson)
    quizzes = [make_quiz(course, list(questions.values()), slug=f"quiz-{n}") for n in range(2)]
    student = make_user("two-tabs")
    enrolment_create(user=student, course=course, cohort=cohort)
    done = attempt_submit(attempt=attempt_start(quiz=quizzes[0], user=student))
    running = attempt_start(quiz=quizzes[1], user=student)
    barrier = threading.Barrier(2)
    errors = []

    def run(work):
        barrier.wait()
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the test reports whatever either write raised
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in (
        lambda: attempt_regrade(attempt=done), lambda: attempt_submit(attempt=running))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kept = StudentTopicScore.objects.filter(user=student).aggregate(n=Sum("answered"))["n"]
    assert kept == AttemptTopicScore.objects.filter(attempt__user=student).aggregate(n=Sum("answered"))["n"] \
        == 2 * len(questions)
