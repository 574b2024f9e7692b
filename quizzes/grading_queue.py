"""Reads of the grading queue (the instructor area's manual grading): the
essay answers of a quiz, filtered and ordered, and one answer with what its
grader needs. A fixed number of queries, whatever the number of answers."""

import random
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from quizzes.models import Attempt, Quiz, Response
from quizzes.types.essay import Essay, EssayGradeChange, current_rubric

FILTERS = ("needs", "graded", "all")
ORDERS = ("submitted", "random")


def pseudonym(quiz_id: int, user_id: int) -> str:
    """The same student's answers in a quiz share a name that says nothing about who they are."""
    code = salted_hmac("casebook.grading", f"{quiz_id}:{user_id}", algorithm="sha256").hexdigest()[:5].upper()
    return _("Student %(code)s") % {"code": code}


def essay_responses(quiz: Quiz):
    return Response.objects.filter(attempt__quiz=quiz, attempt__is_preview=False, attempt__submitted_at__isnull=False,
                                   snapshot__type=Essay.code, answer__isnull=False)


@dataclass
class QueueRow:
    response: Response
    name: str
    graded: bool
    claimed_by: str
    released: bool


def grading_queue(quiz: Quiz, *, status: str = "needs", order: str = "submitted", question: str = "",
                  seed: str = "", now=None) -> list[QueueRow]:
    """The quiz's essay answers: needing grading, graded or all; by submission
    time or in an order shuffled by `seed`; one question (slug) or all. One query."""
    now = now or timezone.now()
    rows = essay_responses(quiz).select_related("attempt__user", "essay_grade", "essay_claim__grader") \
        .order_by("attempt__submitted_at", "attempt_id", "position")
    if status == "needs":
        rows = rows.filter(essay_grade__isnull=True)
    elif status == "graded":
        rows = rows.filter(essay_grade__isnull=False)
    if question:
        rows = rows.filter(snapshot__slug=question)
    result = []
    for response in rows:
        claim = getattr(response, "essay_claim", None)
        claimed = claim.grader.get_full_name() or claim.grader.get_username() \
            if claim is not None and claim.expires_at > now else ""
        user = response.attempt.user
        result.append(QueueRow(response, pseudonym(quiz.pk, user.pk), hasattr(response, "essay_grade"), claimed,
                               response.attempt.grading == ""))
        response.real_name = user.get_full_name() or user.get_username()
    if order == "random":
        random.Random(seed).shuffle(result)
    return result


def queue_counts(quiz: Quiz) -> dict:
    """Answers to grade and graded; attempts graded and waiting for release. One query each."""
    answers = essay_responses(quiz).aggregate(needs=Count("pk", filter=Q(essay_grade__isnull=True)),
                                              graded=Count("pk", filter=Q(essay_grade__isnull=False)))
    attempts = Attempt.objects.counted().filter(quiz=quiz).aggregate(
        awaiting=Count("pk", filter=Q(grading=Attempt.Grading.AWAITING)),
        unreleased=Count("pk", filter=Q(grading=Attempt.Grading.GRADED)))
    return {**answers, **attempts}


def essay_questions(quiz: Quiz) -> list[tuple[str, str]]:
    """(slug, title) of the essay questions answered in the quiz, for the filter. One query."""
    seen = {}
    for snapshot in essay_responses(quiz).values_list("snapshot", flat=True).distinct():
        seen.setdefault(snapshot["slug"], snapshot["slug"])
    return sorted(seen.items())


def grading_item(response: Response) -> dict:
    """What the grading page shows of one answer: the rubric it is (or was) graded under, the grade and its trail."""
    grade = getattr(response, "essay_grade", None)
    rubric = grade.rubric if grade is not None else current_rubric(response)
    changes = list(EssayGradeChange.objects.filter(grade=grade).select_related("changed_by")) if grade else []
    return {"rubric": rubric, "grade": grade, "changes": changes}
