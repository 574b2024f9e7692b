"""Quiz settings honoured on the server: immediate feedback, extra time and
attempts, random draws and shuffling, feedback after closing, previews."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Accommodation, Attempt, FeedbackTiming, Topic
from quizzes.selectors import attempt_feedback_visible
from quizzes.services import QuizRuleError, attempt_start, attempt_submit
from tests.factories import answer_form, key_form, make_cohort, make_quiz


@pytest.mark.django_db
def test_immediate_feedback_checks_one_answer_and_makes_it_final(client, student, course_data, questions):
    """With immediate feedback, 'Check' grades that answer, shows its explanation, and locks it."""
    quiz = make_quiz(course_data["course"], [questions["single"], questions["truefalse"]],
                     feedback_timing=FeedbackTiming.IMMEDIATE)
    attempt = attempt_start(quiz=quiz, user=student)
    single = attempt.responses.get(snapshot__type="single")
    position = single.position
    client.force_login(student)
    client.post(reverse("quizzes:save", args=[attempt.pk]), {**answer_form(single, {"option": 2}), f"check-{position}": "1"})
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Not right." in page and "Because of q-single." in page
    other = attempt.responses.get(snapshot__type="truefalse").position
    assert "Because of q-truefalse." not in page  # unchecked questions keep their secrets
    client.post(reverse("quizzes:save", args=[attempt.pk]), {**key_form(single), f"q{other}": "true"})
    response = attempt.responses.get(position=position)
    assert response.answer == {"option": 2} and response.fraction == 0.0


@pytest.mark.django_db
def test_extra_time_and_extra_attempts(student, instructor, course_data, questions):
    """Granted extra minutes lengthen the deadline; granted attempts allow another try."""
    quiz = make_quiz(course_data["course"], [questions["single"]], time_limit_minutes=10, attempts_allowed=1)
    Accommodation.objects.create(quiz=quiz, user=student, extra_minutes=15, granted_by=instructor)
    now = timezone.now()
    attempt = attempt_start(quiz=quiz, user=student, now=now)
    assert attempt.deadline_at == now + datetime.timedelta(minutes=25)
    attempt_submit(attempt=attempt, now=now)
    with pytest.raises(QuizRuleError):
        attempt_start(quiz=quiz, user=student, now=now)
    Accommodation.objects.create(quiz=quiz, user=student, extra_attempts=1, granted_by=instructor)
    assert attempt_start(quiz=quiz, user=student, now=now).number == 2


@pytest.mark.django_db
def test_deadline_never_passes_the_close_date(student, course_data, questions):
    """A time limit is cut short by the quiz's closing time."""
    now = timezone.now()
    quiz = make_quiz(course_data["course"], [questions["single"]], time_limit_minutes=60,
                     closes_at=now + datetime.timedelta(minutes=5))
    assert attempt_start(quiz=quiz, user=student, now=now).deadline_at == quiz.closes_at


@pytest.mark.django_db
def test_random_draw_by_kind_and_shuffled_options(student, other_student, course_data, questions):
    """A drawn quiz picks N questions of its topic; attempts keep the order they showed."""
    quiz = make_quiz(course_data["course"], [], topic=Topic.DATES, draw_count=2)
    attempt = attempt_start(quiz=quiz, user=student, rng=random.Random(1))
    kinds = {r.question.topic for r in attempt.responses.select_related("question")}
    assert attempt.responses.count() == 2 and kinds == {"dates"}
    choice = make_quiz(course_data["course"], [questions["single"]], slug="shuffled")
    orders = {tuple(attempt_start(quiz=choice, user=user, rng=random.Random(seed)).responses.get().shown["order"])
              for user, seed in ((student, 3), (other_student, 8))}
    assert all(sorted(order) == [1, 2, 3] for order in orders)


@pytest.mark.django_db
def test_editing_a_question_does_not_change_a_past_attempt(student, course_data, questions):
    """An attempt keeps the question and key it showed, even after the question is edited."""
    quiz = make_quiz(course_data["course"], [questions["single"]])
    attempt = attempt_start(quiz=quiz, user=student)
    question = questions["single"]
    question.options.filter(position=1).update(is_correct=False, text="Changed")
    question.options.filter(position=2).update(is_correct=True)
    response = attempt.responses.get()
    response.answer = {"option": 1}
    response.save()
    attempt_submit(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.score == 1
    assert "Security" in response.snapshot["options"][0]["html"]


@pytest.mark.django_db
def test_feedback_after_close(student, course_data, questions):
    """'After the quiz closes': hidden until the close date, shown after it."""
    now = timezone.now()
    quiz = make_quiz(course_data["course"], [questions["single"]], feedback_timing=FeedbackTiming.AFTER_CLOSE,
                     closes_at=now + datetime.timedelta(days=1))
    attempt = attempt_submit(attempt=attempt_start(quiz=quiz, user=student, now=now), now=now)
    assert not attempt_feedback_visible(attempt, now)
    assert attempt_feedback_visible(attempt, now + datetime.timedelta(days=2))


@pytest.mark.django_db
def test_instructor_preview_does_not_count(client, instructor, course_data, questions):
    """An author's preview is marked as such and is not a counted attempt."""
    quiz = make_quiz(course_data["course"], [questions["single"]], published=False, attempts_allowed=1)
    course_data["course"].authors.add(instructor)
    client.force_login(instructor)
    response = client.post(reverse("quizzes:start", args=["case", quiz.slug]), {"preview": "1"})
    attempt = Attempt.objects.get()
    assert attempt.is_preview and response["Location"] == attempt.get_absolute_url()
    assert "does not count" in client.get(attempt.get_absolute_url()).content.decode()
    assert not Attempt.objects.counted().exists()


@pytest.mark.django_db
def test_unpublished_quizzes_are_hidden_from_students_and_other_instructors(client, student, instructor,
                                                                           course_data, questions):
    """An unpublished quiz is a 404 for students and for instructors who do not author it, preview or not."""
    quiz = make_quiz(course_data["course"], [questions["single"]], published=False)
    make_cohort(course_data["course"], instructor)  # teaching a class of the course is not authoring it
    for user in (student, instructor):
        client.force_login(user)
        assert client.get(quiz.get_absolute_url()).status_code == 404
        assert client.post(reverse("quizzes:start", args=["case", quiz.slug]), {"preview": "1"}).status_code == 404
