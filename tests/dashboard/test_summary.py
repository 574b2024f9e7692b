"""The per-topic summary (quizzes.AttemptTopicScore) is written by the quiz
services and always agrees with a recomputation from the answers: after a
submit, a regrade, a reset and an essay's grade, with no page having to
bring it up to date."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from dashboard import selectors
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptTopicScore, Option, Question, Release, Response
from quizzes.types.essay import essay_grade
from tests.classroom import enrol, take
from tests.factories import make_quiz, make_user
from tests.quizzes.essays import make_essay, make_rubric

pytestmark = pytest.mark.django_db


def _from_summary(cohort) -> dict:
    return {t["topic"]: (round(t["sum"], 6), t["n"]) for t in
            AttemptTopicScore.objects.filter(attempt__in=selectors.class_attempts(cohort))
            .values("topic").annotate(sum=Sum("total"), n=Sum("answered"))}


def _recomputed(cohort) -> dict:
    rows = (Response.objects.filter(attempt__in=selectors.class_attempts(cohort).submitted()
                                    .exclude(grading=Attempt.Grading.AWAITING), question__isnull=False)
            .values("question__topic").annotate(sum=Sum("fraction"), n=Count("id")))
    return {r["question__topic"]: (round(r["sum"], 6), r["n"]) for r in rows}


def _rekey(response, correct):
    response.snapshot = {**response.snapshot, "key": {**response.snapshot["key"], "correct": correct}}
    response.save(update_fields=["snapshot"])


def test_a_submit_writes_the_summary(klass):
    """Submitting an attempt writes its rows; an attempt still open has none."""
    cohort = klass["cohort"]
    assert _from_summary(cohort) == _recomputed(cohort) != {}
    nino = enrol(cohort, "nino")
    take(klass["quiz"], nino, wrong_positions={2, 3})
    open_attempt = quiz_services.attempt_start(quiz=klass["quiz"], user=klass["sam"])
    assert _from_summary(cohort) == _recomputed(cohort)
    assert not AttemptTopicScore.objects.filter(attempt=open_attempt).exists()


def test_a_reset_removes_the_attempts_rows(klass, instructor):
    """A reset attempt's rows go with it."""
    cohort = klass["cohort"]
    quiz_services.attempt_reset(attempt=Attempt.objects.get(user=klass["lin"]), reset_by=instructor)
    assert _from_summary(cohort) == _recomputed(cohort)
    assert set(AttemptTopicScore.objects.values_list("attempt__user__username", flat=True)) == {"sam"}


def test_a_regrade_rewrites_the_summary(klass):
    """A regrade that changes the score (a snapshot's key was wrong) rewrites the rows."""
    cohort = klass["cohort"]
    attempt = Attempt.objects.get(user=klass["sam"])
    response = attempt.responses.get(question=klass["questions"]["single"])
    _rekey(response, [response.answer["option"]])
    old, new = quiz_services.attempt_regrade(attempt=attempt)
    assert new == old + 1
    assert _from_summary(cohort) == _recomputed(cohort)


def test_a_regrade_whose_topic_changes_cancel_out_is_not_missed(course_data, instructor):
    """A regrade that moves a point from one topic to another leaves the score as it was; the topics change."""
    from tests.factories import make_cohort
    course = course_data["course"]
    cohort = make_cohort(course, instructor)
    theory = Question.objects.create(course=course, slug="q-theory", type="single", topic="theory", stem="T?")
    dates = Question.objects.create(course=course, slug="q-dates", type="single", topic="dates", stem="D?")
    for question in (theory, dates):
        for position, (text, correct) in enumerate([("Right", True), ("Wrong", False)], start=1):
            Option.objects.create(question=question, position=position, text=text, is_correct=correct)
    quiz = make_quiz(course, [theory, dates], slug="cancel")
    student = enrol(cohort, "nino")
    attempt = take(quiz, student, wrong_positions={2})  # theory right, dates wrong
    assert _from_summary(cohort) == {"theory": (1.0, 1), "dates": (0.0, 1)}
    first, second = attempt.responses.order_by("position")
    _rekey(first, [o["id"] for o in first.snapshot["options"] if o["id"] != first.answer["option"]])
    _rekey(second, [second.answer["option"]])
    old, new = quiz_services.attempt_regrade(attempt=attempt)
    assert old == new == 1.0
    assert _from_summary(cohort) == _recomputed(cohort) == {"theory": (0.0, 1), "dates": (1.0, 1)}


def test_an_essays_grade_writes_the_summary(course_data, questions, instructor):
    """An attempt awaiting grading has no rows; the essay's grade, and a changed grade, write them."""
    from tests.factories import make_cohort
    course = course_data["course"]
    cohort = make_cohort(course, instructor)
    essay = make_essay(course, course_data["lesson"], make_rubric(course))
    quiz = make_quiz(course, [questions["single"], essay], slug="essays", release=Release.MANUAL)
    author = make_user("author")
    student = enrol(cohort, "writer")
    attempt = quiz_services.attempt_start(quiz=quiz, user=student)
    quiz_services.attempt_save(attempt=attempt, data={"q2": "Russia read NATO's enlargement as a threat."})
    attempt = quiz_services.attempt_submit(attempt=attempt)
    assert attempt.grading == Attempt.Grading.AWAITING and not AttemptTopicScore.objects.exists()
    response = attempt.responses.get(position=2)
    essay_grade(response=response, grader=author, levels={"claim": 2, "evidence": 2})
    assert _from_summary(cohort) == _recomputed(cohort) != {}
    essay_grade(response=response, grader=author, levels={"claim": 0, "evidence": 1})
    assert _from_summary(cohort) == _recomputed(cohort)
    assert AttemptTopicScore.objects.get(topic="theory").total == 0.0 + 0.25


def test_the_rebuild_command_recomputes_a_lost_summary(klass):
    """`manage.py summaries_rebuild` refills the table from the answers."""
    expected = _from_summary(klass["cohort"])
    AttemptTopicScore.objects.all().delete()
    call_command("summaries_rebuild", stdout=open("/dev/null", "w"))
    assert _from_summary(klass["cohort"]) == expected != {}
