"""The progress matrix: students × lessons and quizzes.

Two phases, so that a page of the matrix costs what it shows: every
student's summary (lessons done, started or not, mean grade, needing
attention) from grouped queries, which the sort and the filters need; then
the cells — each lesson's status, each quiz's grade — only for the rows
shown (`cells_fill`)."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from dashboard.selectors.common import ClassData, Student, mean, student_ids
from lessons.models import Cohort, LessonProgress

STATUSES = ("not_started", "in_progress", "completed")


@dataclass
class MatrixRow:
    student: Student
    cells: list[dict] = field(default_factory=list)  # filled for the rows shown (`cells_fill`)
    progress: int = 0  # percent of lessons completed
    score: float | None = None  # mean of the quiz grades the student has
    status: str = "not_started"
    attention: bool = False


def matrix_rows(data: ClassData, *, sort: str = "name", descending: bool = False, status: str = "") -> tuple:
    """Every student's row without its cells, filtered and sorted, and the
    counts per overall status. One grouped query beyond the class's loaders."""
    cohort, students, lessons, quizzes = data.cohort, data.students, data.lessons, data.quizzes
    per_student = {user_id: (started, done) for user_id, started, done in (
        LessonProgress.objects.filter(user_id__in=student_ids(cohort), lesson_id__in=[lesson.pk for lesson in lessons])
        .values("user_id").annotate(started=Count("id"), done=Count("id", filter=Q(completed_at__isnull=False)))
        .order_by().values_list("user_id", "started", "done"))}
    flagged = {student.id for student in data.flagged}
    grades = data.grades.grades
    matrix = []
    for student in students:
        started, done = per_student.get(student.id, (0, 0))
        overall = "completed" if lessons and done == len(lessons) else \
            "in_progress" if started or student.id in data.last_activity else "not_started"
        matrix.append(MatrixRow(student, [], round(100 * done / len(lessons)) if lessons else 0,
                                mean([grades.get((student.id, quiz.pk)) for quiz in quizzes]), overall,
                                student.id in flagged))

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
    return matrix, counts


def cells_fill(data: ClassData, rows: list[MatrixRow]) -> None:
    """Each lesson's status and each quiz's grade for `rows` (the ones shown). One query."""
    lessons, quizzes, attempts = data.lessons, data.quizzes, data.grades
    # Done or not, as a boolean computed in the database: converting tens of
    # thousands of timestamps costs more than the query.
    state = {(user_id, lesson_id): "completed" if done else "in_progress" for user_id, lesson_id, done in
             LessonProgress.objects.filter(
                 # An empty page asks for no one (id 0) rather than skipping the query: a fixed count.
                 user_id__in=[row.student.id for row in rows] or [0], lesson_id__in=[lesson.pk for lesson in lessons],
             ).annotate(done=ExpressionWrapper(Q(completed_at__isnull=False), output_field=BooleanField())
                        ).values_list("user_id", "lesson_id", "done")}
    for row in rows:
        sid = row.student.id
        row.cells = [{"kind": "lesson", "status": state.get((sid, lesson.pk), "not_started")} for lesson in lessons]
        for quiz in quizzes:
            grade = attempts.grades.get((sid, quiz.pk))
            row.cells.append({"kind": "quiz", "grade": grade, "passed": grade is not None and grade >= quiz.pass_mark,
                              "attempts": attempts.counts.get((sid, quiz.pk), 0),
                              "awaiting": attempts.awaiting.get((sid, quiz.pk), 0)})


def _chapters(lessons) -> list[dict]:
    chapters = []
    for lesson in lessons:
        if not chapters or chapters[-1]["chapter"].pk != lesson.chapter_id:
            chapters.append({"chapter": lesson.chapter, "lessons": []})
        chapters[-1]["lessons"].append(lesson)
    return chapters


def progress_matrix(cohort: Cohort, *, sort: str = "name", descending: bool = False, status: str = "",
                    now=None, language: str = "", page: str | int | None = None,
                    per_page: int | None = None) -> dict:
    """Students × lessons and quizzes: each lesson's status, each quiz's
    grade. Sorted by name, progress or score; filtered by overall status
    (or "attention"). With `per_page`, "rows" are only those of page `page`
    (a number, or anything else for the first or last page, as Django's
    `Paginator.get_page` reads it), and only they get their cells; "matched"
    counts every row the filter kept. 8 queries."""
    data = ClassData(cohort, language=language, now=now)
    rows, counts = matrix_rows(data, sort=sort, descending=descending, status=status)
    matched, number = len(rows), 1
    if per_page:
        number = Paginator(range(matched), per_page).get_page(page).number
        rows = rows[(number - 1) * per_page:number * per_page]
    cells_fill(data, rows)
    return {"rows": rows, "matched": matched, "number": number, "lessons": data.lessons,
            "chapters": _chapters(data.lessons), "quizzes": data.quizzes, "counts": counts,
            "total": len(data.students)}
