"""The progress matrix: students × lessons and quizzes."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q

from dashboard.selectors.common import ClassData, Student, mean, student_ids
from lessons.models import Cohort, LessonProgress

STATUSES = ("not_started", "in_progress", "completed")


@dataclass
class MatrixRow:
    student: Student
    cells: list[dict]
    progress: int  # percent of lessons completed
    score: float | None  # mean of the quiz grades the student has
    status: str
    attention: bool = False


def progress_matrix(cohort: Cohort, *, sort: str = "name", descending: bool = False, status: str = "",
                    now=None, language: str = "") -> dict:
    """Students × lessons and quizzes: each lesson's status, each quiz's
    grade. Sorted by name, progress or score; filtered by overall status
    (or "attention"). 7 queries."""
    data = ClassData(cohort, language=language, now=now)
    students, lessons, quizzes, attempts = data.students, data.lessons, data.quizzes, data.grades
    # Done or not, as a boolean computed in the database: converting tens of
    # thousands of timestamps costs more than the query.
    rows = LessonProgress.objects.filter(
        user_id__in=student_ids(cohort), lesson_id__in=[lesson.pk for lesson in lessons],
    ).annotate(done=ExpressionWrapper(Q(completed_at__isnull=False), output_field=BooleanField())
               ).values_list("user_id", "lesson_id", "done")
    state = {(user_id, lesson_id): "completed" if done else "in_progress" for user_id, lesson_id, done in rows}
    flagged = {entry["student"].id for entry in data.attention}
    last_activity = data.last_activity

    matrix = []
    for student in students:
        cells = []
        done = 0
        for lesson in lessons:
            status_ = state.get((student.id, lesson.pk), "not_started")
            done += status_ == "completed"
            cells.append({"kind": "lesson", "status": status_})
        grades = []
        for quiz in quizzes:
            grade = attempts.grades.get((student.id, quiz.pk))
            grades.append(grade)
            cells.append({"kind": "quiz", "grade": grade, "passed": grade is not None and grade >= quiz.pass_mark,
                          "attempts": attempts.counts.get((student.id, quiz.pk), 0),
                          "awaiting": attempts.awaiting.get((student.id, quiz.pk), 0)})
        started = done or any(state.get((student.id, lesson.pk)) for lesson in lessons) \
            or student.id in last_activity
        overall = "completed" if lessons and done == len(lessons) else "in_progress" if started else "not_started"
        matrix.append(MatrixRow(student, cells, round(100 * done / len(lessons)) if lessons else 0,
                                mean(grades), overall, student.id in flagged))

    counts = Counter(row.status for row in matrix)
    counts["attention"] = sum(1 for row in matrix if row.attention)
    if status == "attention":
        matrix = [row for row in matrix if row.attention]
    elif status in STATUSES:
        matrix = [row for row in matrix if row.status == status]
    if sort == "progress":
        matrix.sort(key=lambda row: (row.progress, row.student.sort_key), reverse=descending)
    elif sort == "score":
        # Students without a score go last whichever way the column is sorted.
        scored = sorted((r for r in matrix if r.score is not None), key=lambda r: (r.score, r.student.sort_key),
                        reverse=descending)
        matrix = scored + [r for r in matrix if r.score is None]
    elif descending:
        matrix.reverse()
    chapters = []
    for lesson in lessons:
        if not chapters or chapters[-1]["chapter"].pk != lesson.chapter_id:
            chapters.append({"chapter": lesson.chapter, "lessons": []})
        chapters[-1]["lessons"].append(lesson)
    return {"rows": matrix, "lessons": lessons, "chapters": chapters, "quizzes": quizzes,
            "counts": counts, "total": len(students)}
