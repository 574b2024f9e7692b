"""Background jobs of quizzes (django.tasks): each calls the services a view
would, so a job does what the request would have done. Arguments are ids and
text (a queued job is stored as JSON); each returns how many things it changed."""

from django.contrib.auth import get_user_model
from django.tasks import TaskResult, TaskResultStatus, task

from lessons.models import Course
from quizzes import admin_actions, exchange, services
from quizzes.models import Attempt


def done(result: TaskResult):
    """The job's return value if it has run (the immediate backend runs it in
    the request), None while it waits for a worker. A job that failed raises
    its error here, as the same work done in the request would have."""
    if result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    if result.status == TaskResultStatus.FAILED:
        raise RuntimeError(f"background job {result.task.name} failed: {result.errors[-1].traceback}")
    return None


@task()
def attempts_regrade(attempt_ids: list[int], user_id: int) -> int:
    """Regrade the attempts with their questions' current keys, logged as `user_id`'s
    change; the plans are made again here, so the job sees the keys as they are when it runs."""
    plans = admin_actions.regrade_plans(Attempt.objects.filter(pk__in=attempt_ids).order_by("pk"))
    return len(admin_actions.regrade_run(plans, user=get_user_model().objects.get(pk=user_id)))


@task()
def questions_import(course_id: int, text: str, fmt: str) -> int:
    """Import the questions of a GIFT or JSON text into the course's bank (the
    good ones, as the import page's confirm step does); how many were saved."""
    course = Course.objects.get(pk=course_id)
    return len(services.questions_import(course=course, parsed=exchange.questions_preview(text, course=course, fmt=fmt)))
