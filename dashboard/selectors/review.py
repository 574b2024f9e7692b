"""The daily review's panels on the overview and the student page."""

from django.utils import timezone

from dashboard.selectors.common import Student, student_ids
from lessons.models import Cohort
from review import selectors as review_selectors


def class_review(cohort: Cohort, students: list[Student], now=None) -> dict:
    """The daily review of the class: each student's cards started and the share
    they are keeping (predicted recall still at FSRS's 90% target), lowest first;
    and the cards most often forgotten. 2 queries."""
    now = now or timezone.now()
    kept = review_selectors.students_kept(student_ids(cohort), cohort.course_id, now=now)
    rows = [{"student": s, "cards": kept[s.id]["cards"], "kept": kept[s.id]["kept"],
             "percent": _share(kept[s.id]["kept"], kept[s.id]["cards"])} for s in students if s.id in kept]
    rows.sort(key=lambda row: (row["percent"], row["student"].sort_key))
    return {
        "students": rows, "reviewing": len(rows), "not_started": len(students) - len(rows),
        "percent": _share(sum(row["kept"] for row in rows), sum(row["cards"] for row in rows)),
        "forgotten": _forgotten(review_selectors.forgotten_items(student_ids(cohort), cohort.course_id, now=now)),
    }


def student_review(cohort: Cohort, student: Student, now=None) -> dict:
    """One student's daily review: cards started, the share kept, the cards they forget most. 2 queries."""
    now = now or timezone.now()
    kept = review_selectors.students_kept([student.id], cohort.course_id, now=now).get(student.id)
    return {
        "cards": kept["cards"] if kept else 0,
        "kept": kept["kept"] if kept else 0,
        "percent": _share(kept["kept"], kept["cards"]) if kept else None,
        "forgotten": _forgotten(review_selectors.forgotten_items([student.id], cohort.course_id, now=now)),
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _forgotten(items: list[dict]) -> list[dict]:
    return [{**item, "percent": round(100 * item["recall"], 1)} for item in items]
