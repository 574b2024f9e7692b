import pytest
from django.core.cache import cache
from django.utils import translation

from core import roles
from tests.factories import make_course, make_questions, make_user, answer_form, make_quiz
from quizzes.services import attempt_save, attempt_start, attempt_submit
from tests.site import build_site


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: the join-code limits keep their counts there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def course_data(db):
    course, first, second = make_course()
    return {"course": course, "lesson": first, "second": second}


@pytest.fixture
def student(db):
    return make_user("student")


@pytest.fixture
def other_student(db):
    return make_user("other")


@pytest.fixture
def instructor(db):
    return make_user("teacher", roles.INSTRUCTORS)


@pytest.fixture
def administrator(db):
    return make_user("boss", roles.ADMINISTRATORS)


@pytest.fixture
def teacher(course_data):
    """An instructor who authors the course (who needs no class of it to author it)."""
    teacher = make_user("teacher", roles.INSTRUCTORS)
    course_data["course"].authors.add(teacher)
    return teacher


@pytest.fixture
def questions(course_data):
    return make_questions(course_data["course"], course_data["lesson"])


@pytest.fixture
def queued(settings):
    """Background jobs are queued in the database (django-tasks-db), as with DJANGO_TASKS_BACKEND=database."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def run_worker(monkeypatch):
    """Runs what `make worker` runs until the queue is empty. The worker's
    recycling of old connections is left out: inside the test's transaction it
    would close the test's own connection."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


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


@pytest.fixture(autouse=True)
def site_language_after_each_test():
    """A request in Chinese leaves Chinese active in the thread (LocaleMiddleware activates it; nothing resets
    it): without this, a later test reading a message outside any request would read it in Chinese."""
    yield
    translation.deactivate()


@pytest.fixture
def site(db):
    """The small site of tests.site: a course, its author, a class with its teacher, another class's teacher,
    two students, a quiz of every type and an essay quiz, with attempts (see `build_site`)."""
    return build_site()


@pytest.fixture
def superuser_client(client, administrator):
    client.force_login(administrator)
    return client
