"""What every dashboard page reads about a class: its students, lessons,
published quizzes, grades and last activity, through one loader
(`ClassData`) that runs each query once and only when a page asks for it."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.models import Cohort, Enrolment
from lessons.selectors import course_lessons
from quizzes.grading import score_percent as percent  # noqa: F401 (the dashboards' name for it)
from quizzes.models import Attempt, Quiz, QuizGrade, Topic

ACTIVE_DAYS = 7


@dataclass
class Student:
    id: int
    username: str
    name: str
    email: str = ""
    enrolled_at: datetime.datetime | None = None
    last_active_at: datetime.datetime | None = None

    @property
    def sort_key(self) -> str:
        return self.name.casefold()


def student_ids(cohort: Cohort):
    """The class's students as a subquery (no rows fetched)."""
    return Enrolment.objects.filter(cohort=cohort, course_id=cohort.course_id).values("user_id")


def in_language(rows, language: str = ""):
    """Attempts (or the summaries that carry an attempt's edition) of one
    edition, or of both when `language` is "": a question is one question in
    both languages, so grades and item analysis pool them unless an
    instructor filters."""
    return rows.filter(language=language) if language else rows


def class_attempts(cohort: Cohort, language: str = ""):
    """The counted attempts of the class's students in its course (a queryset)."""
    return in_language(Attempt.objects.counted().filter(quiz__course_id=cohort.course_id,
                                                        user_id__in=student_ids(cohort)), language)


def quiz_attempts(cohort: Cohort, quiz: Quiz):
    """Every counted attempt the class's students made at the quiz, by student and number (a queryset)."""
    return class_attempts(cohort).filter(quiz=quiz).order_by("user__username", "number")


_STUDENT_FIELDS = ("user_id", "user__username", "user__first_name", "user__last_name", "user__email", "enrolled_at",
                   "last_active_at")


def _student(row) -> Student:
    pk, username, first, last, email, enrolled, active = row
    return Student(pk, username, f"{first} {last}".strip() or username, email, enrolled, active)


def class_students(cohort: Cohort) -> list[Student]:
    """The roster, by name. One query."""
    rows = Enrolment.objects.filter(cohort=cohort, course_id=cohort.course_id).values_list(*_STUDENT_FIELDS)
    return sorted((_student(row) for row in rows), key=lambda s: (s.sort_key, s.username))


def class_student(cohort: Cohort, user_id: int) -> Student | None:
    """One student of the class, or None when they are not in it. One query."""
    row = Enrolment.objects.filter(cohort=cohort, course_id=cohort.course_id, user_id=user_id).values_list(
        *_STUDENT_FIELDS).first()
    return None if row is None else _student(row)


def class_quizzes(cohort: Cohort) -> list[Quiz]:
    """The course's published quizzes in course order. One query."""
    return list(Quiz.objects.published().filter(course_id=cohort.course_id).select_related("chapter")
                .order_by("position", "title"))


def instructor_classes(user) -> list[dict]:
    """The classes this user teaches with their size. One query."""
    cohorts = (Cohort.objects.taught_by(user).select_related("course")
               .annotate(students=Count("enrolments", distinct=True)).order_by("name"))
    return [{"cohort": c, "students": c.students} for c in cohorts]


def class_instructors(cohort: Cohort) -> list:
    return list(cohort.instructors.order_by("first_name", "username"))


def mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def topic_label(topic: str) -> str:
    return str(dict(Topic.choices).get(topic, topic))


def strength(value: float | None) -> str:
    if value is None:
        return ""
    return "strong" if value >= 75 else "weak" if value < 50 else "fair"


@dataclass
class Grades:
    grades: dict  # (user_id, quiz_id) -> grade percent by the quiz's grading method
    counts: dict  # (user_id, quiz_id) -> submitted attempts
    awaiting: dict  # (user_id, quiz_id) -> attempts awaiting grading (no score yet; counted apart)


def class_grades(cohort: Cohort, quizzes: list[Quiz], language: str = "") -> Grades:
    """Each student's grade on each quiz, by the quiz's grading method, as the
    quiz services keep it (`QuizGrade`: one row a student and quiz). One query."""
    grades, counts, awaiting = {}, {}, {}
    for user_id, quiz_id, grade, scored, waiting in (
            QuizGrade.objects.filter(quiz_id__in=[quiz.pk for quiz in quizzes], user_id__in=student_ids(cohort),
                                     language=language)
            .values_list("user_id", "quiz_id", "grade", "scored", "awaiting")):
        if scored:
            grades[(user_id, quiz_id)], counts[(user_id, quiz_id)] = grade, scored
        if waiting:
            awaiting[(user_id, quiz_id)] = waiting
    return Grades(grades, counts, awaiting)


class ClassData:
    """The class as the overview, the matrix and the grades export read it:
    each part is one query, run on first use."""

    def __init__(self, cohort: Cohort, *, language: str = "", now=None):
        self.cohort, self.language = cohort, language
        self.now = now or timezone.now()

    @cached_property
    def students(self) -> list[Student]:
        return class_students(self.cohort)

    @cached_property
    def lessons(self) -> list:
        return course_lessons(self.cohort.course)

    @cached_property
    def quizzes(self) -> list[Quiz]:
        return class_quizzes(self.cohort)

    @cached_property
    def grades(self) -> Grades:
        return class_grades(self.cohort, self.quizzes, self.language)

    @cached_property
    def last_activity(self) -> dict[int, datetime.datetime]:
        """When each student last did something in the course (kept on their enrolment); no query."""
        return {s.id: s.last_active_at for s in self.students if s.last_active_at is not None}

    @property
    def active_since(self) -> datetime.datetime:
        return self.now - datetime.timedelta(days=ACTIVE_DAYS)

    @cached_property
    def flagged(self) -> list[Student]:
        """The students who need attention — inactive for a week, or below the
        pass mark on a quiz — in roster order, without writing out why."""
        marks = {quiz.pk: quiz.pass_mark for quiz in self.quizzes}
        below = {user_id for (user_id, quiz_id), grade in self.grades.grades.items()
                 if grade is not None and grade < marks[quiz_id]}
        since = self.active_since
        return [s for s in self.students
                if s.id in below or s.id not in self.last_activity or self.last_activity[s.id] < since]

    def attention_entry(self, student: Student) -> dict:
        """Why a flagged student needs attention, in words."""
        reasons = []
        last = self.last_activity.get(student.id)
        if last is None:
            reasons.append(_("No activity yet"))
        elif last < self.active_since:
            reasons.append(_("Inactive for %(days)s days") % {"days": (self.now - last).days})
        for quiz in self.quizzes:
            grade = self.grades.grades.get((student.id, quiz.pk))
            if grade is not None and grade < quiz.pass_mark:
                reasons.append(_("%(grade)s%% on “%(quiz)s” (pass mark %(mark)s%%)") % {
                    "grade": grade, "quiz": quiz.title, "mark": quiz.pass_mark})
        return {"student": student, "reasons": reasons, "last_activity": last}
