"""One student's page: their path through the course, every attempt with its
answers, strengths by topic, accommodations, resets and the daily review."""

from collections import defaultdict

from django.utils.translation import gettext as _

from dashboard.selectors.common import Student, class_quizzes, in_language, strength, topic_label
from dashboard.selectors.review import student_review
from lessons.models import Cohort, LessonProgress
from lessons.selectors import course_lessons
from quizzes.models import Accommodation, Attempt, AttemptReset, Response
from quizzes.grading import quiz_grade_percent
from quizzes.types import get_type
from quizzes.types.base import plain


def student_detail(cohort: Cohort, student: Student, language: str = "") -> dict:
    """One student's path through the course: every lesson with first and last
    visit, time and completion; every attempt with its answers; strengths and
    weaknesses by topic; accommodations and resets with who and when; the
    daily review's recall and the cards they forget. 9 queries."""
    lessons = course_lessons(cohort.course)
    quizzes = class_quizzes(cohort)
    progress = {p.lesson_id: p for p in LessonProgress.objects.filter(
        user_id=student.id, lesson_id__in=[lesson.pk for lesson in lessons])}
    path = [{"lesson": lesson, "progress": progress.get(lesson.pk),
             "minutes": round(progress[lesson.pk].seconds_spent / 60) if lesson.pk in progress else 0,
             "status": "not_started" if lesson.pk not in progress
             else ("completed" if progress[lesson.pk].completed_at else "in_progress")} for lesson in lessons]

    attempts = list(in_language(Attempt.objects.counted(), language)
                    .filter(user_id=student.id, quiz__course_id=cohort.course_id)
                    .order_by("quiz__position", "quiz_id", "number"))
    responses: dict[int, list[dict]] = defaultdict(list)
    topics: dict[str, list[float]] = defaultdict(list)
    for response in (Response.objects.filter(attempt__in=[a.pk for a in attempts])
                     .select_related("question").order_by("attempt_id", "position")):
        snapshot = response.snapshot
        qtype = get_type(snapshot["type"])
        responses[response.attempt_id].append({
            "position": response.position, "stem": plain(snapshot.get("stem_html", ""), one_line=True),
            "answer": qtype.describe(snapshot, response.answer), "answered": response.answer is not None,
            "key": qtype.describe_key(snapshot), "fraction": response.fraction, "score": response.score,
            "points": snapshot.get("points", 1), "topic": response.question.topic if response.question else "",
        })
        if response.question is not None and response.fraction is not None:
            topics[response.question.topic].append(response.fraction)

    grants = list(Accommodation.objects.filter(user_id=student.id, quiz__course_id=cohort.course_id)
                  .select_related("granted_by", "quiz"))
    resets = list(AttemptReset.objects.filter(user_id=student.id, quiz__course_id=cohort.course_id)
                  .select_related("reset_by", "quiz"))
    by_quiz = defaultdict(list)
    for attempt in attempts:
        by_quiz[attempt.quiz_id].append(attempt)
    quiz_rows = []
    for quiz in quizzes:
        mine = by_quiz.get(quiz.pk, [])
        submitted = [a for a in mine if not a.is_open]
        extra_minutes = sum(g.extra_minutes for g in grants if g.quiz_id == quiz.pk)
        extra_attempts = sum(g.extra_attempts for g in grants if g.quiz_id == quiz.pk)
        quiz_rows.append({
            "quiz": quiz, "grade": quiz_grade_percent(quiz, [a.percent for a in submitted if a.percent is not None]),
            "attempts": [{"attempt": a, "responses": responses.get(a.pk, []), "duration_text": _duration(a)}
                         for a in mine],
            "used": len(mine), "allowed": (quiz.attempts_allowed + extra_attempts) if quiz.attempts_allowed else None,
            "extra_minutes": extra_minutes, "extra_attempts": extra_attempts,
        })
    topic_rows = []
    for topic, fractions in sorted(topics.items()):
        percent = round(100 * sum(fractions) / len(fractions), 1)
        topic_rows.append({"topic": topic, "label": topic_label(topic), "percent": percent,
                           "answered": len(fractions), "strength": strength(percent)})
    done = sum(1 for entry in path if entry["status"] == "completed")
    return {
        "student": student, "path": path, "quizzes": quiz_rows, "topics": topic_rows,
        "grants": grants, "resets": resets, "done": done, "total": len(lessons),
        "percent": round(100 * done / len(lessons)) if lessons else 0,
        "minutes": round(sum(p.seconds_spent for p in progress.values()) / 60),
        "review": student_review(cohort, student),
    }


def _duration(attempt: Attempt) -> str:
    """Time taken, as "12 min 05 s" ("" while the attempt is open)."""
    if attempt.submitted_at is None:
        return ""
    seconds = max(0, int((attempt.submitted_at - attempt.started_at).total_seconds()))
    return _("%(minutes)s min %(seconds)02d s") % {"minutes": seconds // 60, "seconds": seconds % 60}
