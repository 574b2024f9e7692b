"""Every dashboard page and export runs the same number of queries for a
class of 1 student and of 50, each with lesson progress and attempts."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.classroom import enrol, read, review_history, take
from tests.factories import make_cohort, make_quiz

# Session, user, the user's groups (role) and the class come first; then the
# page's own fixed set (see each selector's docstring).
CLASSES_QUERIES = 5
# The overview's and the student page's daily-review panels: 2 queries each.
# The first overview after new submissions costs the same: the summaries it
# reads (scores by topic, quiz grades, days of activity) were written when
# they were submitted (quizzes.summary), never by a page.
OVERVIEW_QUERIES = 13  # four fewer than when the activity per day took three queries and the last activity two
MATRIX_QUERIES = 10  # the summaries of every student (the last activity comes with the roster), then the cells of the page shown
ROSTER_QUERIES = 6
STUDENT_QUERIES = 14
QUIZ_REPORT_QUERIES = 10
GRADES_CSV_QUERIES = 9
RESPONSES_CSV_QUERIES = 5
# The overview, a page of the matrix and a quiz report when nothing they show
# has changed (dashboard.selectors.cached): session, user, groups, class (and
# the quiz); the figures come from the cache.
CACHED_QUERIES = 4
CACHED_QUIZ_REPORT_QUERIES = 5


@pytest.fixture(params=[1, 50], ids=["1-student", "50-students"])
def sized_class(request, course_data, questions, instructor):
    cohort = make_cohort(course_data["course"], instructor)
    quiz = make_quiz(course_data["course"], list(questions.values()), attempts_allowed=0)
    students = []
    for n in range(request.param):
        student = enrol(cohort, f"s{n:03d}")
        read(student, course_data["lesson"])
        read(student, course_data["second"], complete=n % 2 == 0)
        take(quiz, student, wrong_positions={n % 7 + 1})
        take(quiz, student, right=n % 3 == 0)
        review_history(student, course_data["course"], lapses=n % 3)
        students.append(student)
    return {"cohort": cohort, "quiz": quiz, "student": students[0]}


@pytest.mark.django_db
def test_dashboard_query_counts(client, sized_class, instructor, django_assert_num_queries):
    """Each page costs a fixed number of queries, however many students, answers and attempts (computed afresh)."""
    pk = sized_class["cohort"].pk
    client.force_login(instructor)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert client.get(reverse("dashboard:overview", args=[pk])).status_code == 200
    pages = [
        (reverse("dashboard:classes"), CLASSES_QUERIES),
        (reverse("dashboard:overview", args=[pk]), OVERVIEW_QUERIES),
        (reverse("dashboard:matrix", args=[pk]), MATRIX_QUERIES),
        (reverse("dashboard:matrix", args=[pk]) + "?sort=score&dir=desc&status=in_progress", MATRIX_QUERIES),
        (reverse("dashboard:roster", args=[pk]), ROSTER_QUERIES),
        (reverse("dashboard:student", args=[pk, sized_class["student"].pk]), STUDENT_QUERIES),
        (reverse("dashboard:quiz-report", args=[pk, sized_class["quiz"].pk]), QUIZ_REPORT_QUERIES),
        # Filtering by edition costs nothing more (the class answered in English).
        (reverse("dashboard:overview", args=[pk]) + "?language=en", OVERVIEW_QUERIES),
        (reverse("dashboard:matrix", args=[pk]) + "?language=en", MATRIX_QUERIES),
        (reverse("dashboard:student", args=[pk, sized_class["student"].pk]) + "?language=en", STUDENT_QUERIES),
        (reverse("dashboard:quiz-report", args=[pk, sized_class["quiz"].pk]) + "?language=en",
         QUIZ_REPORT_QUERIES),
        (reverse("dashboard:export-grades", args=[pk]), GRADES_CSV_QUERIES),
        (reverse("dashboard:export-responses", args=[pk]), RESPONSES_CSV_QUERIES),
    ]
    for url, expected in pages:
        cache.clear()
        with django_assert_num_queries(expected):
            response = client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)


@pytest.mark.django_db
def test_cached_dashboard_pages_cost_a_fixed_few_queries(client, sized_class, instructor, django_assert_num_queries):
    """Opened again with nothing changed, the overview, the matrix and the quiz report read their figures from
    the cache: the same few queries for one student or fifty."""
    pk, quiz = sized_class["cohort"].pk, sized_class["quiz"]
    client.force_login(instructor)
    pages = [
        (reverse("dashboard:overview", args=[pk]), CACHED_QUERIES),
        (reverse("dashboard:matrix", args=[pk]) + "?sort=score&dir=desc", CACHED_QUERIES),
        (reverse("dashboard:quiz-report", args=[pk, quiz.pk]), CACHED_QUIZ_REPORT_QUERIES),
    ]
    for url, expected in pages:
        first = client.get(url)
        with django_assert_num_queries(expected):
            again = client.get(url)
        assert again.status_code == 200 and _without_tokens(again) == _without_tokens(first), url


def _without_tokens(response) -> str:
    """The page without its CSRF tokens (new on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
