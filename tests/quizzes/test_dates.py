"""Date questions: an incomplete date is saved as typed but the student is
warned (page, autosave JSON, submit page); reviews write dates as people do."""

import datetime

import pytest
from django.urls import reverse

from quizzes.models import Attempt, DateKey
from tests.factories import make_quiz

WARNING = "This answer is incomplete: the question asks for the day, the month and the year."


@pytest.fixture
def quiz(course_data, questions):
    return make_quiz(course_data["course"], [questions["single"], questions["date"]])


def start(client, quiz):
    response = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def date_response(attempt):
    return attempt.responses.get(snapshot__type="date")


def month_and_year(attempt) -> dict:
    prefix = f"q{date_response(attempt).position}"
    return {f"{prefix}-year": "2008", f"{prefix}-month": "8", f"{prefix}-day": ""}


@pytest.mark.django_db
def test_autosave_keeps_a_month_and_year_but_says_the_date_is_incomplete(client, student, quiz):
    """Autosaving only the month and year of a full-date question saves them and names the question as incomplete."""
    client.force_login(student)
    attempt = start(client, quiz)
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), month_and_year(attempt),
                        headers={"X-Requested-With": "fetch"})
    position = date_response(attempt).position
    assert saved.status_code == 200
    assert saved.json()["incomplete"] == {str(position): WARNING}
    assert date_response(attempt).answer == {"year": 2008, "month": 8, "day": None}


@pytest.mark.django_db
def test_a_complete_date_is_not_called_incomplete(client, student, quiz):
    """A full date gets no incomplete warning in the autosave answer."""
    client.force_login(student)
    attempt = start(client, quiz)
    data = month_and_year(attempt)
    data[f"q{date_response(attempt).position}-day"] = "8"
    saved = client.post(reverse("quizzes:save", args=[attempt.pk]), data, headers={"X-Requested-With": "fetch"})
    assert saved.json()["incomplete"] == {}


@pytest.mark.django_db
def test_save_button_warns_on_the_attempt_page(client, student, quiz):
    """The Save button keeps the partial date and the attempt page warns, beside the question, that it is incomplete."""
    client.force_login(student)
    attempt = start(client, quiz)
    page = client.post(reverse("quizzes:save", args=[attempt.pk]), month_and_year(attempt), follow=True)
    position = date_response(attempt).position
    html = page.content.decode()
    assert f"Question {position} is saved, but its answer is incomplete." in html
    assert f'<p class="notice answer-incomplete" id="incomplete-{position}" role="status">{WARNING}</p>' in html
    assert date_response(attempt).answer == {"year": 2008, "month": 8, "day": None}


@pytest.mark.django_db
def test_submit_page_lists_incomplete_dates(client, student, quiz):
    """The submit confirmation names the question whose date is incomplete, with a link back to it."""
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:save", args=[attempt.pk]), month_and_year(attempt))
    position = date_response(attempt).position
    html = client.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    assert "The answer to 1 question is incomplete:" in html
    assert "You have answered every question." not in html
    assert f'href="{reverse("quizzes:attempt", args=[attempt.pk])}#question-{position}">question {position}</a>' \
        in html


@pytest.mark.django_db
def test_review_writes_dates_as_people_do(client, student, quiz):
    """The review shows the answer "August 2008" and the key "8 August 2008", not ISO dates."""
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:save", args=[attempt.pk]), month_and_year(attempt))
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    html = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "August 2008" in html and "8 August 2008" in html
    assert "2008-08" not in html


@pytest.mark.django_db
def test_review_writes_a_month_key_as_month_and_year(client, student, quiz, questions):
    """A key given to the month reads "February 1931" in the review."""
    DateKey.objects.filter(question=questions["date"]).update(date=datetime.date(1931, 2, 1), precision="month")
    client.force_login(student)
    attempt = start(client, quiz)
    prefix = f"q{date_response(attempt).position}"
    client.post(reverse("quizzes:save", args=[attempt.pk]), {f"{prefix}-year": "1931", f"{prefix}-month": "2"})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    html = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert html.count("February 1931") == 2 and "1931-02" not in html


def test_dates_follow_the_readers_language():
    """The same answer and key read 2008年8月 and 2008年8月8日 in Traditional Chinese, from the locale's formats."""
    from django.utils import translation

    from quizzes.types import get_type

    snapshot = {"type": "date", "precision": "day", "key": {"date": [2008, 8, 8]}}
    date_type = get_type("date")
    with translation.override("zh-hant"):
        assert date_type.describe(snapshot, {"year": 2008, "month": 8, "day": None}) == "2008年8月"
        assert date_type.describe_key(snapshot) == "2008年8月8日"
    assert date_type.describe_key({**snapshot, "precision": "year"}) == "2008"
