"""Faults: a double submit from two connections at once, the database going
away and coming back, reloading the course with attempts open, and a failed
upload."""

import threading
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from core import roles
from quizzes.models import Attempt, Response
from quizzes.services import QuizRuleError, attempt_start, attempt_submit
from tests.authoring.test_authoring import image_bytes
from tests.factories import make_cohort, make_course, make_questions, make_quiz, make_user
from tests.quizzes.test_attempts import key_as_answer

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submit_counts_once():
    """Two connections submit the same attempt at the same moment: one wins, one is refused."""
    course, lesson, _ = make_course()
    questions = make_questions(course, lesson)
    quiz = make_quiz(course, [questions["single"], questions["short"]])
    attempt = attempt_start(quiz=quiz, user=make_user("racer"))
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))
            outcomes.append("submitted")
        except QuizRuleError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            outcomes.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "submitted"]
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 0
    assert Response.objects.filter(attempt=attempt, fraction__isnull=False).count() == 2


@pytest.mark.django_db(transaction=True)
def test_database_going_away_gives_a_friendly_503_and_recovers():
    """With the database unreachable, pages answer 503 with a clear message; when it returns, 200.
    The connection really goes away: PostgreSQL to a port where nothing listens, SQLite to a
    file in a folder that does not exist."""
    course, _, _ = make_course()
    client = Client(raise_request_exception=False)
    assert client.get(course.get_absolute_url()).status_code == 200
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-folder/casebook.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens there
        connection.settings_dict["HOST"] = "127.0.0.1"
    try:
        response = client.get(course.get_absolute_url())
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert "briefly unavailable" in page and "Traceback" not in page
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert client.get(course.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_reloading_the_course_keeps_open_attempts_intact():
    """load_course while an attempt is open: its questions and saved answers stay, and it can be submitted."""
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    from quizzes.models import Quiz

    quiz = Quiz.objects.get(slug="dates")
    attempt = attempt_start(quiz=quiz, user=make_user("midway"))
    response = attempt.responses.first()
    response.answer = key_as_answer(response.snapshot)
    response.save()
    before = list(attempt.responses.order_by("position").values_list("question_id", "snapshot", "answer"))
    call_command("load_course", str(CONTENT), stdout=open("/dev/null", "w"))
    after = list(attempt.responses.order_by("position").values_list("question_id", "snapshot", "answer"))
    assert before == after
    assert attempt_submit(attempt=attempt).submitted_at is not None


@pytest.mark.django_db
def test_failed_upload_leaves_nothing_behind(client, monkeypatch):
    """When storage fails (a full disk), the author gets a message and no file or object is left."""
    teacher = make_user("teacher", roles.INSTRUCTORS)
    client.force_login(teacher)
    written = []

    def full_disk(name, content, max_length=None):
        written.append(name)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(default_storage, "save", full_disk)
    response = client.post(reverse("markdownx_upload"),
                           {"image": SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png")},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 503 and "could not be stored" in response.json()["error"]
    assert written and not default_storage.exists(written[0])


@pytest.mark.django_db(transaction=True)
def test_two_overviews_refreshing_the_summary_at_once_both_succeed():
    """The class overview refreshes the dashboards' topic summary; three instructors
    opening it at the same moment after new submissions all get their page."""
    from quizzes.models import AttemptTopicScore
    from lessons.services import enrolment_create

    course, lesson, _ = make_course()
    teacher = make_user("teacher", roles.INSTRUCTORS)
    cohort = make_cohort(course, teacher)
    questions = make_questions(course, lesson)
    quiz = make_quiz(course, list(questions.values()))
    for n in range(30):
        student = make_user(f"s{n:02d}")
        enrolment_create(user=student, course=course, cohort=cohort)
        attempt_submit(attempt=attempt_start(quiz=quiz, user=student))
    url = reverse("dashboard:overview", args=[cohort.pk])
    barrier = threading.Barrier(3)
    statuses = []

    def open_overview():
        client = Client(raise_request_exception=False)
        client.force_login(teacher)
        barrier.wait()
        statuses.append(client.get(url).status_code)
        connection.close()

    threads = [threading.Thread(target=open_overview) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200, 200, 200]
    assert AttemptTopicScore.objects.values("attempt", "topic").distinct().count() == \
        AttemptTopicScore.objects.count()
