"""Open attempts and closing dates are shown where a student plans their work:
the home page, the course outline and My progress."""

import datetime

import pytest
from django.utils import timezone

from lessons.services import enrolment_create
from quizzes.services import attempt_start, attempt_submit
from tests.factories import make_quiz

PAGES = ["home", "outline", "progress"]


def page_url(name, course):
    return {"home": "/", "outline": course.get_absolute_url(), "progress": "/quizzes/progress/"}[name]


@pytest.fixture
def enrolled(client, course_data, student):
    enrolment_create(user=student, course=course_data["course"])
    client.force_login(student)
    return course_data["course"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_open_attempt_offers_resume(client, enrolled, questions, student, page):
    """A student with an attempt left open sees "in progress — resume" linking to that attempt."""
    quiz = make_quiz(enrolled, [questions["single"]])
    attempt = attempt_start(quiz=quiz, user=student)
    html = client.get(page_url(page, enrolled)).content.decode()
    assert f'<a class="quiz-resume" href="{attempt.get_absolute_url()}">in progress — resume</a>' in html
    assert "not taken yet" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_submitted_attempt_offers_no_resume(client, enrolled, questions, student, page):
    """Once the attempt is submitted the resume link goes away."""
    quiz = make_quiz(enrolled, [questions["single"]])
    attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    assert "in progress — resume" not in client.get(page_url(page, enrolled)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_quiz_closing_in_two_days_says_so(client, enrolled, questions, page):
    """A quiz closing in two days reads "due in 2 days" with its closing date."""
    closes = timezone.now() + datetime.timedelta(days=2, hours=3)
    make_quiz(enrolled, [questions["single"]], closes_at=closes)
    html = client.get(page_url(page, enrolled)).content.decode()
    assert f"due in 2\xa0days · closes {closes:%-d %B}, {closes:%H:%M}" in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_closed_quiz_is_not_due(client, enrolled, questions, page):
    """A quiz whose closing date has passed shows no "due" line."""
    make_quiz(enrolled, [questions["single"]], closes_at=timezone.now() - datetime.timedelta(hours=1))
    assert "due in" not in client.get(page_url(page, enrolled)).content.decode()


@pytest.mark.django_db
def test_closing_date_in_the_readers_language(client, enrolled, questions):
    """The closing date is written as the reader's language writes dates (12月12日 in Chinese)."""
    closes = (timezone.now() + datetime.timedelta(days=400)).replace(month=12, day=12)
    make_quiz(enrolled, [questions["single"]], closes_at=closes)
    html = client.get("/quizzes/progress/", headers={"accept-language": "zh-hant"}).content.decode()
    assert "12月12日" in html


HOME_QUERIES = 11
OUTLINE_QUERIES = 11


@pytest.mark.django_db
@pytest.mark.parametrize("quiz_count", [1, 5])
def test_home_and_outline_cost_the_same_with_more_open_attempts(client, enrolled, questions, student,
                                                                django_assert_num_queries, quiz_count):
    """Open attempts and closing dates add no query per quiz on the home page or the outline."""
    for n in range(quiz_count):
        quiz = make_quiz(enrolled, [questions["single"]], slug=f"quiz-{n}",
                         closes_at=timezone.now() + datetime.timedelta(days=n + 1))
        attempt_start(quiz=quiz, user=student)
    client.get("/")  # the session's first use
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").content.decode().count("in progress — resume") == quiz_count
    with django_assert_num_queries(OUTLINE_QUERIES):
        assert client.get(enrolled.get_absolute_url()).content.decode().count("in progress — resume") == quiz_count
