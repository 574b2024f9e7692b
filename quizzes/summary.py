"""The summaries the dashboards read, written where attempts are graded.

The quiz services call `attempt_summary_write` from every write that changes
what an attempt counts for — submit, regrade, reset, an essay's grade and a
release — inside their transaction, so a page that reads never has anything
to bring up to date and reads a few rows a student, not every answer:

- each attempt's scores by topic (`AttemptTopicScore`) and each student's sums
  of them in the course (`StudentTopicScore`): the overview's topics;
- each student's grade on the quiz, per edition and both (`QuizGrade`): the
  overview's averages, the matrix, "needs attention", the report's grades;
- each student's answer tallies per question (`ResponseTally`) and wrong
  answers (`WrongAnswerTally`): the quiz report's facility, discrimination
  and commonest mistakes.

(Activity — the days of `lessons.ActivityDay` and the enrolment's latest
moment — is written by the services that record it, `lessons.services.activity_record`.)
An attempt deleted any other way (the admin, with its student) goes through
`attempt_deleted`; a quiz whose grading method changes, through
`quiz_grades_write`. `summaries_rebuild` (and `manage.py summaries_rebuild`)
recomputes them all from the attempts and lesson records, for data written
before the tables existed or repaired by hand."""

import json
import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from lessons import figures
from lessons import services as lesson_services
from lessons.models import Course, Enrolment
from quizzes.grading import quiz_grade_percent, score_percent
from quizzes.models import (
    Attempt, AttemptTopicScore, Quiz, QuizGrade, Response, ResponseTally, StudentTopicScore, WrongAnswerTally,
)

BATCH = 2000


def attempt_summary_write(attempt: Attempt) -> None:
    """Bring the summaries of one attempt up to date (it may be gone: a reset)."""
    if attempt.is_preview:
        return  # previews count nowhere
    _student_lock(attempt.user_id, attempt.quiz.course_id)
    topic_summary_write(attempt_ids=[attempt.pk])
    student_topics_write(user_ids=[attempt.user_id], course_id=attempt.quiz.course_id)
    quiz_grade_write(user_id=attempt.user_id, quiz=attempt.quiz)
    response_tally_write(user_ids=[attempt.user_id], quiz=attempt.quiz)
    figures.course_activity_changed(attempt.quiz.course_id, quiz_id=attempt.quiz_id)


def attempt_deleted(attempt: Attempt) -> None:
    """A counted attempt is gone (reset, or deleted in the admin or with its
    student): the student's summaries are taken again from what is left, the
    day it was submitted on no longer counts it, and the figures it was in are
    computed afresh."""
    if attempt.is_preview:
        return
    quiz = Quiz.objects.filter(pk=attempt.quiz_id).first()
    if quiz is not None:  # not deleted with its quiz
        _student_lock(attempt.user_id, quiz.course_id)
        student_topics_write(user_ids=[attempt.user_id], course_id=quiz.course_id)
        quiz_grade_write(user_id=attempt.user_id, quiz=quiz)
        response_tally_write(user_ids=[attempt.user_id], quiz=quiz)
        if attempt.submitted_at is not None:
            lesson_services.activity_record(user_id=attempt.user_id, course_id=quiz.course_id,
                                            moment=attempt.submitted_at, attempts=-1)
        figures.course_activity_changed(quiz.course_id, quiz_id=quiz.pk)


def _student_lock(user_id: int, course_id: int) -> None:
    """Lock the student's enrolment until the transaction ends: their summaries are rewritten (delete, then
    insert) by one write at a time, e.g. two quizzes submitted at once in two tabs, or a regrade job meeting a
    submission. One query (none of it on SQLite, which writes one transaction at a time anyway)."""
    with transaction.atomic(savepoint=False):  # the callers' transaction (the services are atomic)
        list(Enrolment.objects.select_for_update().filter(user_id=user_id, course_id=course_id).values_list("pk"))


def student_topics_write(*, user_ids: Iterable[int] | None, course_id: int) -> None:
    """Rewrite these students' (None: every student's) scores by topic in the
    course (`StudentTopicScore`) from their attempts' rows. Three queries."""
    attempts = AttemptTopicScore.objects.filter(attempt__quiz__course_id=course_id)
    mine = StudentTopicScore.objects.filter(course_id=course_id)
    if user_ids is not None:
        user_ids = sorted(set(user_ids))
        attempts, mine = attempts.filter(attempt__user_id__in=user_ids), mine.filter(user_id__in=user_ids)
    rows = [StudentTopicScore(user_id=user_id, course_id=course_id, topic=topic, language=language, total=total or 0.0,
                              answered=answered or 0)
            for user_id, topic, language, total, answered in (
                attempts.values("attempt__user_id", "topic", "attempt__language")
                .annotate(total=Sum("total"), answered=Sum("answered")).order_by()
                .values_list("attempt__user_id", "topic", "attempt__language", "total", "answered"))]
    mine.delete()
    StudentTopicScore.objects.bulk_create(rows, batch_size=BATCH)


def _grade_rows(quiz: Quiz, user_id: int, attempts) -> list[QuizGrade]:
    """The rows of one student's grade on `quiz` from their counted submitted
    attempts, oldest first: (language, score, max score, grading)."""
    percents: dict[str, list[float]] = defaultdict(list)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # graded, awaiting
    for language, score, max_score, grading in attempts:
        for key in ("", language):
            if grading == Attempt.Grading.AWAITING:
                tally[key][1] += 1
                continue
            tally[key][0] += 1
            value = score_percent(score, max_score)
            if value is not None:
                percents[key].append(value)
    return [QuizGrade(user_id=user_id, quiz=quiz, language=key, grade=quiz_grade_percent(quiz, percents[key]),
                      scored=len(percents[key]), graded=graded, awaiting=awaiting)
            for key, (graded, awaiting) in tally.items()]


def quiz_grade_write(*, user_id: int, quiz: Quiz) -> None:
    """Rewrite one student's grade on a quiz (`QuizGrade`) from their attempts. Three queries."""
    rows = _grade_rows(quiz, user_id, Attempt.objects.counted().submitted().filter(user_id=user_id, quiz=quiz)
                       .order_by("number").values_list("language", "score", "max_score", "grading"))
    QuizGrade.objects.filter(user_id=user_id, quiz=quiz).exclude(language__in=[r.language for r in rows]).delete()
    if rows:
        QuizGrade.objects.bulk_create(rows, update_conflicts=True, unique_fields=["user", "quiz", "language"],
                                      update_fields=["grade", "scored", "graded", "awaiting"])


def quiz_grades_write(*, quiz: Quiz) -> int:
    """Rewrite every student's grade on the quiz (its grading method changed, or
    a rebuild). Returns how many students have one."""
    by_user: dict[int, list] = defaultdict(list)
    for user_id, *row in (Attempt.objects.counted().submitted().filter(quiz=quiz).order_by("user_id", "number")
                          .values_list("user_id", "language", "score", "max_score", "grading")
                          .iterator(chunk_size=BATCH)):
        by_user[user_id].append(row)
    QuizGrade.objects.filter(quiz=quiz).delete()
    QuizGrade.objects.bulk_create([row for user_id, attempts in by_user.items()
                                   for row in _grade_rows(quiz, user_id, attempts)], batch_size=BATCH)
    return len(by_user)


def response_tally_write(*, user_ids: Iterable[int], quiz: Quiz) -> int:
    """Rewrite these students' answer tallies on the quiz (`ResponseTally`,
    and their wrong answers' `WrongAnswerTally`) from their graded submitted
    attempts. Five queries. Returns the answer tallies written."""
    user_ids = sorted(set(user_ids))
    sums: dict[tuple, list] = {}
    wrong: dict[tuple, list] = {}
    for (user_id, question_id, language, response_id, fraction, score, points, attempt_score, attempt_max,
         attempt_id, answer) in (
            Response.objects.filter(attempt__quiz=quiz, attempt__user_id__in=user_ids, attempt__is_preview=False,
                                    attempt__submitted_at__isnull=False, question__isnull=False,
                                    attempt__grading__in=["", Attempt.Grading.GRADED])
            .values_list("attempt__user_id", "question_id", "attempt__language", "id", "fraction", "score",
                         "snapshot__points", "attempt__score", "attempt__max_score", "attempt_id", "answer")
            .iterator(chunk_size=BATCH)):
        if fraction is None or fraction < 1:
            key = (user_id, question_id, language, json.dumps(answer, sort_keys=True))
            mistake = wrong.setdefault(key, [answer, 0, attempt_id])
            mistake[1] += 1
            mistake[2] = min(mistake[2], attempt_id)
        x = fraction or 0.0
        rest_max = (attempt_max or 0.0) - float(points or 1)
        y = ((attempt_score or 0.0) - (score or 0.0)) / rest_max if rest_max > 0 else 0.0
        entry = sums.setdefault((user_id, question_id, language), [0, 0.0, 0.0, 0.0, 0.0, 0.0, 0])
        entry[0] += 1
        entry[1] += x
        entry[2] += y
        entry[3] += x * x
        entry[4] += y * y
        entry[5] += x * y
        entry[6] = max(entry[6], response_id)
    ResponseTally.objects.filter(quiz=quiz, user_id__in=user_ids).delete()
    ResponseTally.objects.bulk_create(
        [ResponseTally(user_id=user_id, quiz=quiz, question_id=question_id, language=language, n=n, sx=sx, sy=sy,
                       sxx=sxx, syy=syy, sxy=sxy, last_response_id=last)
         for (user_id, question_id, language), (n, sx, sy, sxx, syy, sxy, last) in sums.items()], batch_size=BATCH)
    WrongAnswerTally.objects.filter(quiz=quiz, user_id__in=user_ids).delete()
    WrongAnswerTally.objects.bulk_create(
        [WrongAnswerTally(user_id=user_id, quiz=quiz, question_id=question_id, language=language, answer=answer, n=n,
                          first_attempt_id=first)
         for (user_id, question_id, language, _key), (answer, n, first) in wrong.items()], batch_size=BATCH)
    return len(sums)


def attempt_moments(*, course_id: int):
    """The moments of activity the course's attempts hold, for `lessons.services.activity_rebuild`."""
    for user_id, started, submitted in (Attempt.objects.counted().filter(quiz__course_id=course_id)
                                        .values_list("user_id", "started_at", "submitted_at")
                                        .iterator(chunk_size=BATCH)):
        yield user_id, started, 0, 0
        if submitted is not None:
            yield user_id, submitted, 0, 1


def summaries_rebuild(*, course=None) -> dict[str, int]:
    """Recompute every summary the dashboards read, of one course or of all:
    the topic scores of its attempts, the students' quiz grades and answer
    tallies, and the days of activity. Returns what was rewritten, by kind."""
    courses = [course] if course is not None else list(Course.objects.all())
    done = {"attempts": 0, "grades": 0, "tallies": 0, "days": 0}
    for each in courses:
        done["attempts"] += topic_summary_rebuild(attempts=Attempt.objects.filter(quiz__course=each))
        student_topics_write(user_ids=None, course_id=each.pk)
        for quiz in Quiz.objects.filter(course=each):
            done["grades"] += quiz_grades_write(quiz=quiz)
            users = sorted(set(Attempt.objects.filter(quiz=quiz).values_list("user_id", flat=True)))
            for start in range(0, len(users), BATCH):
                done["tallies"] += response_tally_write(user_ids=users[start:start + BATCH], quiz=quiz)
        moments = [*lesson_services.lesson_moments(course_id=each.pk), *attempt_moments(course_id=each.pk)]
        done["days"] += lesson_services.activity_rebuild(course_id=each.pk, moments=moments)
        figures.course_activity_changed(each.pk)
    return done


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


# Quizzes being deleted in this thread: their attempts go with them, and rewriting each student's summaries
# of a quiz that is about to vanish would cost queries for every attempt.
_quizzes_going = threading.local()


def _quiz_going(sender, instance, **kwargs):
    _quizzes_going.ids = getattr(_quizzes_going, "ids", set()) | {instance.pk}


def _quiz_gone(sender, instance, **kwargs):
    _quizzes_going.ids = getattr(_quizzes_going, "ids", set()) - {instance.pk}
    # Its attempts' topic scores are gone: the course's sums by student, once for all of them.
    student_topics_write(user_ids=None, course_id=instance.course_id)


def quiz_being_deleted(quiz_id: int) -> bool:
    """Whether this thread is deleting the quiz (its attempts' post_delete signals are going out)."""
    return quiz_id in getattr(_quizzes_going, "ids", set())


def _attempt_gone(sender, instance, **kwargs):
    if not quiz_being_deleted(instance.quiz_id):
        attempt_deleted(instance)


def _quiz_method_before(sender, instance, **kwargs):
    instance._grading_method_saved = (Quiz.objects.filter(pk=instance.pk).values_list("grading_method", flat=True)
                                      .first() if instance.pk else None)


def _quiz_method_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_grading_method_saved", None)
    if not created and before is not None and before != instance.grading_method:
        quiz_grades_write(quiz=instance)
        figures.course_activity_changed(instance.course_id, quiz_id=instance.pk)


def connect() -> None:
    """Keep the summaries true for writes that are not the quiz services': deletions
    (the admin's, a cascade's) and a quiz's grading method changed wherever it is edited."""
    post_delete.connect(_attempt_gone, sender=Attempt, dispatch_uid="summary-attempt-gone")
    pre_delete.connect(_quiz_going, sender=Quiz, dispatch_uid="summary-quiz-going")
    post_delete.connect(_quiz_gone, sender=Quiz, dispatch_uid="summary-quiz-gone")
    pre_save.connect(_quiz_method_before, sender=Quiz, dispatch_uid="summary-quiz-method-before")
    post_save.connect(_quiz_method_after, sender=Quiz, dispatch_uid="summary-quiz-method-after")
