"""The dashboards' background jobs through the real database backend
(django-tasks-db) and its worker."""

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse

from dashboard import selectors, tasks
from quizzes.models import AttemptTopicScore

pytestmark = pytest.mark.django_db


def test_summary_rebuild_job_summarises_the_class_when_the_worker_runs_it(klass, queued, run_worker):
    """A summary lost (here deleted) is rebuilt by the queued job only when the worker runs it: every attempt again."""
    AttemptTopicScore.objects.all().delete()
    job = tasks.class_summary_rebuild.enqueue(klass["cohort"].pk)
    assert not AttemptTopicScore.objects.exists()
    run_worker()
    job.refresh()
    assert (job.status, job.return_value) == (TaskResultStatus.SUCCESSFUL, 2)
    summarised = set(AttemptTopicScore.objects.values_list("attempt_id", flat=True))
    assert summarised == set(selectors.class_attempts(klass["cohort"]).values_list("pk", flat=True))


def test_grades_export_job_returns_the_grades_download(client, klass, instructor, queued, run_worker):
    """The queued grades export's result is the same CSV as the grades download, once the worker has run it."""
    job = tasks.grades_export.enqueue(klass["cohort"].pk)
    run_worker()
    job.refresh()
    client.force_login(instructor)
    download = client.get(reverse("dashboard:export-grades", kwargs={"pk": klass["cohort"].pk}))
    assert download.status_code == 200
    assert job.return_value == download.content.decode()
