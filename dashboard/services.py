"""Keeping the dashboards' summary table right."""

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum

from dashboard.models import AttemptTopicScore
from quizzes.models import Response


def stale_attempts(attempts):
    """Submitted attempts (of the given queryset) whose topic summary is
    missing or was made before a regrade changed their score."""
    current = AttemptTopicScore.objects.filter(attempt=OuterRef("pk"), attempt_score=OuterRef("score"))
    # Awaiting grading: not summarised until a person has graded it (its score then changes).
    return attempts.filter(submitted_at__isnull=False).exclude(grading="awaiting").exclude(Exists(current))


def topic_summary_refresh(*, attempts) -> int:
    """Summarise, per topic, every attempt of `attempts` (a queryset) that
    needs it. In the steady state this is one query that finds nothing;
    after new submissions, three more. Deleted attempts take their rows with
    them (cascade). Returns how many attempts were summarised."""
    stale = dict(stale_attempts(attempts).values_list("pk", "score"))
    if not stale:
        return 0
    with transaction.atomic():
        _summarise(stale)
    return len(stale)


def _summarise(stale: dict[int, float]) -> None:
    AttemptTopicScore.objects.filter(attempt_id__in=list(stale)).delete()
    rows = {}
    for attempt_id, topic, total, answered in (
            Response.objects.filter(attempt_id__in=list(stale), question__isnull=False)
            .values("attempt_id", "question__topic").annotate(total=Sum("fraction"), answered=Count("id"))
            .order_by().values_list("attempt_id", "question__topic", "total", "answered")):
        rows[(attempt_id, topic)] = AttemptTopicScore(attempt_id=attempt_id, topic=topic, total=total or 0.0,
                                                     answered=answered, attempt_score=stale[attempt_id])
    summarised = {attempt_id for attempt_id, _kind in rows}
    for attempt_id in set(stale) - summarised:  # a marker, so it is not looked at again
        rows[(attempt_id, "")] = AttemptTopicScore(attempt_id=attempt_id, topic="", attempt_score=stale[attempt_id])
    # Two overviews opened at once may summarise the same attempts: upsert,
    # in a fixed order so that the two writers never deadlock.
    AttemptTopicScore.objects.bulk_create(
        [rows[key] for key in sorted(rows)], batch_size=2000, update_conflicts=True,
        unique_fields=["attempt", "topic"], update_fields=["total", "answered", "attempt_score"])

