"""The summaries the dashboards read, written where attempts are graded.

The quiz services call `attempt_summary_write` from every write that changes
what an attempt counts for — submit, regrade, reset, an essay's grade and a
release — inside their transaction, so a page that reads never has anything
to bring up to date. `topic_summary_rebuild` (and `manage.py
topic_summary_rebuild`) recomputes the table from the answers, for data
written before the table existed or repaired by hand."""

from collections.abc import Iterable

from django.db.models import Count, Sum

from lessons import figures
from quizzes.models import Attempt, AttemptTopicScore, Response

BATCH = 2000


def attempt_summary_write(attempt: Attempt) -> None:
    """Bring the summaries of one attempt up to date (it may be gone: a reset)."""
    if attempt.is_preview:
        return  # previews count nowhere
    topic_summary_write(attempt_ids=[attempt.pk])
    figures.course_activity_changed(attempt.quiz.course_id, quiz_id=attempt.quiz_id)


def topic_summary_write(*, attempt_ids: Iterable[int]) -> None:
    """Rewrite the per-topic rows of these attempts from their answers. An
    attempt that is open, awaiting a person's grading or deleted keeps no rows.
    Three queries (delete, aggregate, insert)."""
    ids = sorted(set(attempt_ids))
    AttemptTopicScore.objects.filter(attempt_id__in=ids).delete()
    rows = [AttemptTopicScore(attempt_id=attempt_id, topic=topic, total=total or 0.0, answered=answered)
            for attempt_id, topic, total, answered in (
                Response.objects.filter(attempt_id__in=ids, attempt__is_preview=False,
                                        attempt__submitted_at__isnull=False, question__isnull=False)
                .exclude(attempt__grading=Attempt.Grading.AWAITING)
                .values("attempt_id", "question__topic").annotate(total=Sum("fraction"), answered=Count("id"))
                .order_by("attempt_id", "question__topic")
                .values_list("attempt_id", "question__topic", "total", "answered"))]
    if rows:
        # Two writers of one attempt (a regrade and an essay's grade) are serialised by the attempt's row
        # lock; the upsert keeps a writer that took no lock from failing on the other's rows.
        AttemptTopicScore.objects.bulk_create(rows, batch_size=BATCH, update_conflicts=True,
                                              unique_fields=["attempt", "topic"], update_fields=["total", "answered"])


def topic_summary_rebuild(*, attempts=None) -> int:
    """Recompute the summary of `attempts` (a queryset; every attempt by
    default) in batches. Returns how many attempts were looked at."""
    attempts = Attempt.objects.all() if attempts is None else attempts
    ids = list(attempts.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        topic_summary_write(attempt_ids=ids[start:start + BATCH])
    return len(ids)
