import pytest

from quizzes.services import attempt_save, attempt_start, attempt_submit
from tests.factories import answer_form, make_quiz


@pytest.fixture
def quiz(course_data, questions):
    """A published quiz with one question of each type, options in their stored order."""
    return make_quiz(course_data["course"], list(questions.values()))


@pytest.fixture
def take(quiz):
    """Let a student submit the quiz with the given answers ({position: stored
    answer}), sent as the form the page would post."""
    def submit(user, answers: dict):
        attempt = attempt_start(quiz=quiz, user=user)
        data = {}
        for response in attempt.responses.filter(position__in=answers):
            data.update(answer_form(response, answers[response.position]))
        attempt_save(attempt=attempt, data=data)
        return attempt_submit(attempt=attempt)
    return submit


@pytest.fixture
def superuser_client(client, administrator):
    client.force_login(administrator)
    return client
