"""One quiz's report for a class: the grade distribution and, per question,
Moodle's facility and discrimination indices and the commonest mistakes.
The per-question figures are sums of the students' answer tallies, which the
quiz services keep (`quizzes.ResponseTally`), added up by the database (one
grouped row a question), and so are the wrong answers (`WrongAnswerTally`,
grouped by what was answered): no page reads every answer."""

import math
from collections import defaultdict

from django.db.models import Max, Min, Sum

from dashboard.selectors.common import in_language, mean, student_ids, topic_label
from lessons.markdown import heading_text
from lessons.models import Cohort
from quizzes.models import Question, Quiz, QuizGrade, Response, ResponseTally, WrongAnswerTally
from quizzes.types import get_type
from quizzes.types.base import plain

TOP_WRONG = 3


def quiz_report(cohort: Cohort, quiz: Quiz, language: str = "") -> dict:
    """Grade distribution and, per question, Moodle's facility and
    discrimination indices and the wrong answers given most often, each
    question linked to the lesson heading that teaches it. 5 queries."""
    grades, attempts, awaiting = [], 0, 0
    for grade, scored, graded, waiting in (QuizGrade.objects.filter(quiz=quiz, user_id__in=student_ids(cohort),
                                                                    language=language)
                                           .values_list("grade", "scored", "graded", "awaiting")):
        attempts += graded
        awaiting += waiting  # counted apart, and out of the grades and the indices until graded
        if scored:
            grades.append(grade)
    bins = [0] * 10
    for grade in grades:
        bins[min(9, int(grade // 10))] += 1
    distribution = [{"label": f"{10 * i}–{10 * i + 9 if i < 9 else 100}%", "count": n} for i, n in enumerate(bins)]

    # Per question, the students' tallies added up (quizzes.summary keeps them): the answers and the sums
    # from which facility and discrimination come, and the latest answer, whose snapshot names the options,
    # items and key.
    figures = {row["question_id"]: row for row in (
        in_language(ResponseTally.objects.filter(quiz=quiz, user_id__in=student_ids(cohort)), language)
        .values("question_id").annotate(n=Sum("n"), sx=Sum("sx"), sy=Sum("sy"), sxx=Sum("sxx"), syy=Sum("syy"),
                                        sxy=Sum("sxy"), last=Max("last_response_id")).order_by())}
    snapshots = dict(Response.objects.filter(pk__in=[row["last"] for row in figures.values()])
                     .values_list("question_id", "snapshot"))
    questions = list(Question.objects.filter(pk__in=list(snapshots)).select_related("lesson__chapter__course"))
    # Wrong answers only (right ones say nothing), added up for each different answer, first seen first.
    wrong: dict[int, list] = defaultdict(list)
    for question_id, answer, n in (
            in_language(WrongAnswerTally.objects.filter(quiz=quiz, user_id__in=student_ids(cohort)), language)
            .values("question_id", "answer").annotate(n=Sum("n"), first=Min("first_attempt_id"))
            .order_by("first").values_list("question_id", "answer", "n")):
        wrong[question_id].append((answer, n))

    rows = []
    for question in questions:
        snapshot = snapshots[question.pk]
        sums = figures[question.pk]
        n = sums["n"]
        rows.append({
            "question": question, "stem": plain(snapshot.get("stem_html", ""), one_line=True) or question.slug,
            "type": question.get_type_display(), "topic": topic_label(question.topic),
            "answered": n, "facility": round(100 * sums["sx"] / n, 1),
            "discrimination": correlation_from_sums(n, sums["sx"], sums["sy"], sums["sxx"], sums["syy"],
                                                    sums["sxy"]),
            "wrong": _wrong_answers(snapshot, wrong.get(question.pk, []), n),
            "lesson_url": question.lesson_url() if question.lesson_id else "",
            "lesson_title": question.lesson.title if question.lesson_id else "",
            "heading": heading_text(question.lesson.body, question.anchor) if question.lesson_id else "",
        })
    rows.sort(key=lambda row: (row["facility"], row["question"].slug))
    return {"quiz": quiz, "students": len(grades), "attempts": attempts, "awaiting": awaiting,
            "average": mean(grades),
            "passed": sum(1 for g in grades if g >= quiz.pass_mark), "distribution": distribution,
            "questions": rows}


def correlation_from_sums(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from running sums, as a percentage (Moodle's discrimination
    index); None when either side never varies (or there is one answer)."""
    if n < 2:
        return None
    cxy = sxy - sx * sy / n
    cxx = sxx - sx * sx / n
    cyy = syy - sy * sy / n
    tiny = 1e-12 * n  # rounding left over from the sums
    if cxx <= tiny or cyy <= tiny:
        return None
    return round(100 * cxy / math.sqrt(cxx * cyy), 1)


def _correlation(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r of (x, y) pairs, as `correlation_from_sums` computes it from the database's sums."""
    return correlation_from_sums(len(pairs), sum(x for x, _ in pairs), sum(y for _, y in pairs),
                                 sum(x * x for x, _ in pairs), sum(y * y for _, y in pairs),
                                 sum(x * y for x, y in pairs))


def _wrong_answers(snapshot: dict, wrong: list[tuple], total: int) -> list[dict]:
    qtype = snapshot.get("type")
    if not qtype or not wrong:
        return []
    return get_type(qtype).wrong_answers(snapshot, wrong, total, TOP_WRONG)
