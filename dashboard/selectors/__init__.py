"""Every read the instructor dashboards make, one module a page. Each
function runs a fixed number of `.values()`/`.annotate()` queries — the same
for one student or a thousand, one attempt or ten thousand — and returns
plain data. The class's students, lessons, quizzes, grades and activity are
read through one loader, `common.ClassData`."""

from dashboard.selectors.common import (
    ClassData, Student, class_attempts, class_grades, class_instructors, class_quizzes, class_student,
    class_students, in_language, instructor_classes, quiz_attempts, student_ids,
)
from dashboard.selectors.cached import class_overview_cached, progress_matrix_page, quiz_report_cached
from dashboard.selectors.exports import grades_table, responses_header, responses_rows
from dashboard.selectors.matrix import STATUSES, MatrixRow, progress_matrix
from dashboard.selectors.overview import class_overview
from dashboard.selectors.quiz_report import _correlation, correlation_from_sums, quiz_report
from dashboard.selectors.review import class_review, student_review
from dashboard.selectors.student import student_detail

__all__ = [
    "STATUSES", "ClassData", "MatrixRow", "Student", "_correlation", "class_attempts", "class_grades",
    "class_instructors", "class_overview", "class_overview_cached", "class_quizzes", "class_review", "class_student", "class_students",
    "correlation_from_sums", "grades_table", "in_language", "instructor_classes", "progress_matrix", "progress_matrix_page", "quiz_attempts",
    "quiz_report", "quiz_report_cached", "responses_header", "responses_rows", "student_detail", "student_ids", "student_review",
]
