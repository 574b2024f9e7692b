import pytest

from quizzes.services import attempt_save, attempt_start, attempt_submit
from tests.factories import make_quiz


@pytest.fixture
def quiz(course_data, questions):
    """A published quiz with one question of each type, options in their stored order."""
    return make_quiz(course_data["course"], list(questions.values()))


@pytest.fixture
def take(quiz):
    """Let a student submit the quiz with the given form answers."""
    def submit(user, answers: dict):
        attempt = attempt_start(quiz=quiz, user=user)
        attempt_save(attempt=attempt, data=answers)
        return attempt_submit(attempt=attempt)
    return submit


@pytest.fixture
def superuser_client(client, administrator):
    client.force_login(administrator)
    return client
