"""Flags ("come back to this") on an attempt's questions: saved with the
answers (autosave and the Save button), kept on final and malformed answers,
listed on the submit page, and saying nothing about the key."""

import pytest
from django.urls import reverse

from quizzes.models import Attempt, FeedbackTiming
from tests.factories import key_form, make_quiz

ORDER = ["single", "multiple", "truefalse", "ordering", "date", "matching", "short"]


@pytest.fixture
def quiz(course_data, questions):
    return make_quiz(course_data["course"], [questions[t] for t in ORDER])


def start(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.slug]))
    return Attempt.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def flags(attempt) -> list[int]:
    return list(attempt.responses.filter(flagged=True).values_list("position", flat=True))


@pytest.mark.django_db
def test_save_button_sets_and_clears_flags_without_javascript(client, student, quiz):
    """A ticked flag box saved with the Save button flags the question; saving without it clears the flag."""
    client.force_login(student)
    attempt = start(client, quiz)
    save = reverse("quizzes:save", args=[attempt.pk])
    client.post(save, {"q2-flag": "1", "q5-flag": "1", "save": "1"})
    assert flags(attempt) == [2, 5]
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert 'name="q2-flag" value="1" checked' in page and 'name="q3-flag" value="1">' in page
    client.post(save, {"q5-flag": "1", "save": "1"})
    assert flags(attempt) == [5]


@pytest.mark.django_db
def test_autosave_returns_answered_and_flagged_positions(client, student, quiz):
    """Autosave stores a flag and answers with the positions answered and flagged, for the navigator."""
    client.force_login(student)
    attempt = start(client, quiz)
    first = attempt.responses.get(position=1)
    reply = client.post(reverse("quizzes:save", args=[attempt.pk]), {**key_form(first), "q3-flag": "1"},
                        headers={"X-Requested-With": "fetch"})
    assert reply.status_code == 200
    assert reply.json()["answered"] == [1] and reply.json()["flagged"] == [3]
    assert flags(attempt) == [3]


@pytest.mark.django_db
def test_flag_is_kept_on_a_malformed_answer_and_on_a_checked_one(client, student, course_data, questions):
    """A flag is saved even when its question's answer is malformed, and on an answer already checked (final)."""
    quiz = make_quiz(course_data["course"], [questions["date"], questions["single"]],
                     feedback_timing=FeedbackTiming.IMMEDIATE)
    client.force_login(student)
    attempt = start(client, quiz)
    date = attempt.responses.get(snapshot__type="date").position
    single = attempt.responses.get(snapshot__type="single")
    save = reverse("quizzes:save", args=[attempt.pk])
    client.post(save, {**key_form(single), f"check-{single.position}": "1"})
    bad = client.post(save, {f"q{date}-year": "not a year", f"q{date}-flag": "1",
                             f"q{single.position}-flag": "1", "save": "1"})
    assert bad.status_code == 400
    assert sorted(flags(attempt)) == [1, 2]
    single.refresh_from_db()
    assert single.checked_at is not None and single.fraction == 1


@pytest.mark.django_db
def test_submit_page_lists_the_flagged_questions(client, student, quiz):
    """The submit page names each flagged question with a link back to it."""
    client.force_login(student)
    attempt = start(client, quiz)
    client.post(reverse("quizzes:save", args=[attempt.pk]), {"q4-flag": "1", "q6-flag": "1", "finish": "1"})
    page = client.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    url = attempt.get_absolute_url()
    assert "You flagged 2 questions to come back to:" in page
    assert f'href="{url}#question-4">question 4</a>, <a href="{url}#question-6">question 6</a>.' in page


@pytest.mark.django_db
def test_navigator_shows_answered_and_flagged_from_saved_answers(client, student, quiz):
    """Without JavaScript the navigator is drawn from what was saved: the answered count, each question's state."""
    client.force_login(student)
    attempt = start(client, quiz)
    first, second = attempt.responses.get(position=1), attempt.responses.get(position=2)
    client.post(reverse("quizzes:save", args=[attempt.pk]), {**key_form(first), **key_form(second), "q2-flag": "1"})
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert '<strong id="answered-count">2</strong> of 7 answered' in page
    assert page.count('class="quiz-nav-link is-answered"') == 1
    assert page.count('class="quiz-nav-link is-answered is-flagged"') == 1
    assert page.count('class="quiz-nav-link"') == 5
    assert page.count('<span class="quiz-nav-state">not answered</span>') == 5


@pytest.mark.django_db
def test_a_flag_changes_nothing_in_grading(client, student, quiz):
    """Flagging every question changes neither the score nor what the page shows of the options."""
    client.force_login(student)
    attempt = start(client, quiz)
    before = client.get(attempt.get_absolute_url()).content.decode()
    everything = {f"q{n}-flag": "1" for n in range(1, 8)}
    client.post(reverse("quizzes:save", args=[attempt.pk]), {**everything, "save": "1"})
    after = client.get(attempt.get_absolute_url()).content.decode()
    strip = lambda html: html.split('<ol class="questions">')[1].replace(" checked>", ">").split('<div class="attempt-actions">')[0]  # noqa: E731
    assert strip(before) == strip(after)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.score == 0
