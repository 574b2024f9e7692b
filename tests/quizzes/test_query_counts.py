"""The lesson page, the quiz page and the attempt page run a fixed number of
queries, whatever the number of lessons or questions."""

import pytest

from lessons.models import Lesson
from quizzes.services import attempt_start
from tests.factories import make_quiz

LESSON_PAGE_QUERIES = 16  # includes the savepoint and release around lesson_open, and the day of activity
QUIZ_PAGE_QUERIES = 6
ATTEMPT_PAGE_QUERIES = 5


def add_lessons(chapter, count):
    for n in range(count):
        Lesson.objects.create(chapter=chapter, position=10 + n, slug=f"extra-{n}", title=f"Extra {n}", body="Text")


@pytest.mark.django_db
@pytest.mark.parametrize("extra_lessons", [0, 12])
def test_lesson_page_queries(client, course_data, student, django_assert_num_queries, extra_lessons):
    """Rendering a lesson costs the same whatever the course's size."""
    add_lessons(course_data["lesson"].chapter, extra_lessons)
    client.force_login(student)
    client.get(course_data["lesson"].get_absolute_url())  # first visit creates the progress row
    with django_assert_num_queries(LESSON_PAGE_QUERIES):
        assert client.get(course_data["lesson"].get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 7])
def test_quiz_and_attempt_pages_queries(client, course_data, questions, student, django_assert_num_queries, size):
    """The quiz page and an open attempt cost the same with 1 or 7 questions."""
    chosen = list(questions.values())[:size]
    quiz = make_quiz(course_data["course"], chosen)
    client.force_login(student)
    with django_assert_num_queries(QUIZ_PAGE_QUERIES):
        assert client.get(quiz.get_absolute_url()).status_code == 200
    attempt = attempt_start(quiz=quiz, user=student)
    with django_assert_num_queries(ATTEMPT_PAGE_QUERIES):
        assert client.get(attempt.get_absolute_url()).status_code == 200




PROGRESS_PAGE_QUERIES = 12


@pytest.mark.django_db
@pytest.mark.parametrize("quiz_count", [1, 6])
def test_progress_page_queries(client, course_data, questions, student, django_assert_num_queries, quiz_count):
    """'My progress' costs the same with 1 or 6 quizzes (and attempts at each)."""
    from lessons.services import enrolment_create
    from quizzes.services import attempt_submit

    enrolment_create(user=student, course=course_data["course"])
    for n in range(quiz_count):
        quiz = make_quiz(course_data["course"], [questions["single"]], slug=f"quiz-{n}", attempts_allowed=2)
        attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    client.force_login(student)
    with django_assert_num_queries(PROGRESS_PAGE_QUERIES):
        assert client.get("/quizzes/progress/").status_code == 200
