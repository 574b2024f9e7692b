"""The numerical type: numbers as people write them, tolerances and partial
credit, and a student answering one through the real pages."""

import pytest
from django.urls import reverse

from quizzes.drafts import empty_draft
from quizzes.services import question_save
from quizzes.models import Attempt
from quizzes.types.numerical import grade_number, parse_number
from tests.factories import make_quiz


@pytest.mark.parametrize("text, unit, value", [
    ("1300", "", 1300), ("1,300,000", "", 1_300_000), ("1 300 000", "", 1_300_000), ("1.3 million", "", 1_300_000),
    ("1.3 mn", "", 1_300_000), ("70k", "", 70_000), ("2 billion", "", 2e9), ("5m", "m", 5), ("130萬", "", 1_300_000), ("１３００", "", 1300),
    ("12,5", "", 12.5), ("12.5%", "%", 12.5), ("820 tanks", "tanks", 820), ("-3.5", "", -3.5), ("−4", "", -4),
    (".5", "", 0.5), ("1'300'000", "", 1_300_000), ("51.8 billion", "US$ billion", 51.8),
    ("51.8 US$ billion", "US$ billion", 51.8),
])
def test_numbers_are_read_as_people_write_them(text, unit, value):
    """Separators, scale words, Chinese units, full-width digits and the question's own unit are understood."""
    assert parse_number(text, unit) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,30,00", "1,30.5", "12 apples", "1..2", "1e400x", "--3", "²",
                                  "5m"])
def test_what_is_not_a_number_is_refused(text):
    """Text that is not a number (or a number in another unit, or with commas that group nothing) reads as
    no number; "m" is not a scale, so "5m" is not five million on a question in tanks."""
    assert parse_number(text, "tanks") is None


def test_tolerance_and_partial_credit():
    """The best credit among the answers whose range holds the number; relative tolerances are a percentage."""
    answers = [{"value": 1_300_000, "tolerance": 5, "relative": True, "fraction": 1.0},
               {"value": 1_000_000, "tolerance": 100_000, "relative": False, "fraction": 0.5}]
    assert grade_number(1_365_000, answers) == 1.0
    assert grade_number(1_366_000, answers) == 0.0
    assert grade_number(1_100_000, answers) == 0.5
    assert grade_number(None, answers) == 0.0 and grade_number(float("nan"), answers) == 0.0


@pytest.fixture
def numerical_quiz(course_data):
    draft = empty_draft("numerical", "causes")
    draft.update(stem="How many tanks did the 58th Army have?", explanation="Table 4-1 gives the figure.",
                 lesson="first", anchor="security-dilemma", unit="tanks",
                 numbers=[{"value": 820.0, "tolerance": 0.0, "relative": False, "fraction": 1.0,
                           "feedback": "Exactly as Table 4-1 says."},
                          {"value": 230.0, "tolerance": 10.0, "relative": False, "fraction": 0.5,
                           "feedback": "That is Georgia's figure."}])
    question = question_save(course=course_data["course"], draft=draft)
    return make_quiz(course_data["course"], [question], slug="numbers")


def _start(client, quiz) -> Attempt:
    started = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    return Attempt.objects.get(pk=int(started["Location"].rstrip("/").split("/")[-1]))


@pytest.mark.django_db
def test_a_student_answers_a_numerical_question(client, student, numerical_quiz):
    """The page shows the unit and no key; "eight hundred" is refused with a message; a near miss earns partial credit
    and its feedback; the review shows the accepted values and tolerances."""
    client.force_login(student)
    attempt = _start(client, numerical_quiz)
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert 'inputmode="decimal"' in page and '<span class="unit">tanks</span>' in page
    assert "820" not in page and "230" not in page
    refused = client.post(reverse("quizzes:save", args=[attempt.pk]), {"q1": "eight hundred"})
    assert refused.status_code == 400 and "Enter a number" in refused.content.decode()
    client.post(reverse("quizzes:save", args=[attempt.pk]), {"q1": "235 tanks"})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    response = attempt.responses.get()
    assert response.answer == {"text": "235 tanks", "value": 235.0} and response.fraction == 0.5
    review = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "820 tanks / 230 ± 10 tanks (50 %)" in review and "That is Georgia's figure." in review


@pytest.mark.django_db
def test_a_right_number_in_full_width_digits_scores_full_marks(client, student, numerical_quiz):
    """A student typing ８２０ on a Chinese keyboard is right."""
    client.force_login(student)
    attempt = _start(client, numerical_quiz)
    client.post(reverse("quizzes:save", args=[attempt.pk]), {"q1": "８２０"})
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.score == 1.0
