"""The quizzes' background jobs through the real database backend
(django-tasks-db) and its worker: a confirm queues the job, the page says so,
and the change appears once the worker has run it."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from quizzes.models import Attempt, Question
from tests.quizzes.authoring import messages_of, wrong_key_attempt


@pytest.mark.django_db
def test_a_queued_regrade_changes_the_score_when_the_worker_runs_it(client, course_data, questions, teacher,
                                                                     student, queued, run_worker):
    """Confirming a quiz regrade queues it: the score is unchanged until the worker runs the job, then it is regraded and logged."""
    quiz, attempt = wrong_key_attempt(course_data, questions, student)
    client.force_login(teacher)
    address = reverse("authoring:quiz-regrade", kwargs={"course": "case", "quiz": quiz.slug})
    response = client.post(address, {"confirm": "1"}, follow=True)
    assert messages_of(response) == ["The regrade runs in the background: the scores change when it is done."]
    assert Attempt.objects.get(pk=attempt.pk).score == 0
    run_worker()
    assert Attempt.objects.get(pk=attempt.pk).score == 1
    assert LogEntry.objects.get(object_id=str(attempt.pk)).user == teacher


@pytest.mark.django_db
def test_a_queued_import_adds_the_questions_when_the_worker_runs_it(client, course_data, teacher, queued, run_worker):
    """Confirming an import queues it: the bank is empty until the worker runs the job, then holds the good questions."""
    client.force_login(teacher)
    text = "Capital of Georgia? {=Tbilisi ~Sukhumi}\n\nBroken {#x}\n"
    response = client.post(reverse("authoring:question-import", kwargs={"course": "case"}),
                           {"format": "gift", "text": text, "confirm": "1"}, follow=True)
    assert messages_of(response) == [
        "The import runs in the background: its questions join the bank when it is done."]
    assert not Question.objects.exists()
    run_worker()
    assert list(Question.objects.values_list("course__slug", "type")) == [("case", "single")]
