"""The precomputed per-topic summary agrees with a recomputation from the
responses, after new submissions, a reset and a regrade."""

import pytest
from django.db.models import Count, Sum

from dashboard import selectors, services
from dashboard.models import AttemptTopicScore
from quizzes import services as quiz_services
from quizzes.models import Attempt, Response
from tests.classroom import enrol, take

pytestmark = pytest.mark.django_db


def _from_summary(cohort) -> dict:
    services.topic_summary_refresh(attempts=selectors.class_attempts(cohort))
    return {t["topic"]: (round(t["sum"], 6), t["n"]) for t in
            AttemptTopicScore.objects.filter(attempt__in=selectors.class_attempts(cohort)).exclude(topic="")
            .values("topic").annotate(sum=Sum("total"), n=Sum("answered"))}


def _recomputed(cohort) -> dict:
    rows = (Response.objects.filter(attempt__in=selectors.class_attempts(cohort).submitted(), question__isnull=False)
            .values("question__topic").annotate(sum=Sum("fraction"), n=Count("id")))
    return {r["question__topic"]: (round(r["sum"], 6), r["n"]) for r in rows}


def test_summary_agrees_with_the_responses(klass, instructor):
    """New attempts, an open attempt, a reset and a regrade all leave summary == recomputation."""
    cohort = klass["cohort"]
    assert _from_summary(cohort) == _recomputed(cohort) != {}
    nino = enrol(cohort, "nino")
    take(klass["quiz"], nino, wrong_positions={2, 3})
    quiz_services.attempt_start(quiz=klass["quiz"], user=klass["sam"])  # open: not counted
    assert _from_summary(cohort) == _recomputed(cohort)
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=klass["lin"]), reset_by=instructor)
    assert _from_summary(cohort) == _recomputed(cohort)
    # A regrade that changes the score (here: the key of a snapshot was wrong).
    attempt = Attempt.objects.get(user=nino)
    response = attempt.responses.get(position=1)
    response.snapshot = {**response.snapshot, "key": {**response.snapshot["key"], "correct": [2]}}
    response.save(update_fields=["snapshot"])
    quiz_services.attempt_regrade(attempt=attempt)
    assert _from_summary(cohort) == _recomputed(cohort)


def test_refresh_is_idempotent(klass):
    """A second refresh finds nothing to do."""
    attempts = selectors.class_attempts(klass["cohort"])
    assert services.topic_summary_refresh(attempts=attempts) == 2
    assert services.topic_summary_refresh(attempts=attempts) == 0
