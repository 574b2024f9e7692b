"""The instructor area's home (/teach/): the courses the instructor authors
with their counts, and their classes; the same few queries whether they teach
one class or 120."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.models import Cohort
from quizzes.models import Question
from tests.factories import make_cohort, make_course, make_questions, make_quiz

# Session, user, groups (role), the courses with their counts, the classes.
HOME_QUERIES = 5


def add_classes(course, instructor, count):
    for n in range(count):
        Cohort.objects.create(course=course, name=f"Class {n:03d}", join_code=f"C{n:05d}").instructors.add(instructor)


@pytest.fixture
def busy_course(course_data, questions, instructor):
    """The course: 3 quizzes and a bank of 7 + 5 = 12 questions; another course: 2 quizzes, 7 questions."""
    course = course_data["course"]
    course.authors.add(instructor)
    for n in range(5):
        Question.objects.create(course=course, slug=f"extra-{n}", type="truefalse", stem="Stem",
                                true_false_answer=True)
    bank = list(questions.values())
    for n in range(3):
        make_quiz(course, bank[:4 + n], slug=f"quiz-{n}")
    other, lesson, _ = make_course("other")
    other_bank = list(make_questions(other, lesson).values())
    make_quiz(other, other_bank, slug="other-quiz")
    make_quiz(other, other_bank[:2], slug="other-check")
    other.authors.add(instructor)
    make_cohort(other, instructor, code="OTHER001")
    return course


@pytest.mark.django_db
@pytest.mark.parametrize("classes", [1, 120])
def test_home_counts_with_a_fixed_number_of_queries(client, busy_course, instructor, classes,
                                                    django_assert_num_queries):
    """1 or 120 classes: the same queries, and each course shows its own quiz and question counts."""
    add_classes(busy_course, instructor, classes)
    client.force_login(instructor)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("authoring:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 quizzes · 12 questions in the bank" in page
    assert "2 quizzes · 7 questions in the bank" in page
    assert page.count("join code") == classes + 1


@pytest.mark.django_db
def test_home_queries_join_nothing_that_multiplies_rows(client, busy_course, instructor):
    """The counts come from subqueries: no query joins classes, quizzes or questions to the courses."""
    add_classes(busy_course, instructor, 3)
    client.force_login(instructor)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("authoring:home")).status_code == 200
    course_queries = [q["sql"] for q in captured if re.search(r'FROM "lessons_course"', q["sql"])]
    assert len(course_queries) == 1
    joined = set(re.findall(r'JOIN "(\w+)"', course_queries[0]))
    assert not joined & {"lessons_cohort", "quizzes_quiz", "quizzes_question"}, joined
