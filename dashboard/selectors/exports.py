"""The CSV exports: grades (one row a student) and responses (one row an answer, streamed)."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard.selectors.common import ClassData, student_ids
from lessons.models import Cohort, LessonProgress
from quizzes.models import Attempt, Response
from quizzes.types import get_type
from quizzes.types.base import plain


def grades_table(cohort: Cohort) -> tuple[list[str], list[list]]:
    """One row a student: lessons completed, completion, then each quiz's
    grade by its grading method (blank when not attempted). 5 queries."""
    data = ClassData(cohort)
    students, lessons, quizzes, attempts = data.students, data.lessons, data.quizzes, data.grades
    done = dict(LessonProgress.objects.filter(
        user_id__in=student_ids(cohort), lesson_id__in=[lesson.pk for lesson in lessons],
        completed_at__isnull=False).values("user_id").annotate(n=Count("id")).order_by().values_list("user_id", "n"))
    header = [_("Username"), _("Name"), _("Email"), _("Lessons completed"), _("Lesson completion (%)")]
    header += [quiz.title for quiz in quizzes]
    rows = []
    for student in students:
        count = done.get(student.id, 0)
        row = [student.username, student.name, student.email, count,
               round(100 * count / len(lessons)) if lessons else 0]
        row += ["" if attempts.grades.get((student.id, q.pk)) is None else attempts.grades[(student.id, q.pk)]
                for q in quizzes]
        rows.append(row)
    return header, rows


def responses_header() -> list[str]:
    return [_("Username"), _("Name"), _("Quiz"), _("Attempt"), _("Started"), _("Submitted"), _("Question number"),
            _("Question"), _("Topic"), _("Type"), _("Answer"), _("Correct answer"), _("Fraction"), _("Score"),
            _("Points"), _("Status")]


def responses_rows(cohort: Cohort):
    """One row an answer, streamed: one query, read in chunks."""
    rows = (Response.objects.filter(attempt__user_id__in=student_ids(cohort), attempt__is_preview=False,
                                    attempt__quiz__course_id=cohort.course_id)
            .order_by("attempt__user__username", "attempt__quiz__position", "attempt__quiz_id",
                      "attempt__number", "position")
            .values_list("attempt__user__username", "attempt__user__first_name", "attempt__user__last_name",
                         "attempt__quiz__title", "attempt__number", "attempt__started_at", "attempt__submitted_at",
                         "position", "snapshot", "question__topic", "answer", "fraction", "score",
                         "attempt__grading"))
    statuses = dict(Attempt.Grading.choices)
    for (username, first, last, title, number, started, submitted, position, snapshot, topic, answer,
         fraction, score, grading) in rows.iterator(chunk_size=2000):
        qtype = get_type(snapshot["type"])
        yield [username, f"{first} {last}".strip() or username, title, number,
               _iso(started), _iso(submitted), position, plain(snapshot.get("stem_html", ""), one_line=True),
               topic or "", snapshot["type"], qtype.describe(snapshot, answer), qtype.describe_key(snapshot),
               "" if fraction is None else round(fraction, 4), "" if score is None else round(score, 4),
               snapshot.get("points", ""),
               str(statuses[grading]) if grading else (_("in progress") if submitted is None else _("graded"))]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""

