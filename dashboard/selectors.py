"""Every read the instructor dashboards make, in one module. Each function runs
a fixed number of `.values()`/`.annotate()` queries — the same for one student
or a thousand, one attempt or ten thousand — and returns plain data."""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, Max, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from dashboard.models import AttemptTopicScore
from lessons.models import Cohort, Enrolment, LessonProgress
from lessons.selectors import course_lessons
from quizzes.models import Accommodation, Attempt, AttemptReset, Question, Quiz, Topic, Response
from quizzes.types import get_type
from quizzes.grading import quiz_grade_percent
from review import selectors as review_selectors

ACTIVE_DAYS = 7
ACTIVITY_DAYS = 30
ATTENTION_SHOWN = 25
TOP_WRONG = 3
STATUSES = ("not_started", "in_progress", "completed")


# ---- building blocks ------------------------------------------------------------

@dataclass
class Student:
    id: int
    username: str
    name: str
    email: str = ""
    enrolled_at: datetime.datetime | None = None

    @property
    def sort_key(self) -> str:
        return self.name.casefold()


def _student_ids(cohort: Cohort):
    """The class's students as a subquery (no rows fetched)."""
    return Enrolment.objects.filter(cohort=cohort, course_id=cohort.course_id).values("user_id")


def in_language(attempts, language: str = "", prefix: str = ""):
    """Attempts (or rows reached through `prefix`) of one edition, or of both
    when `language` is "": a question is one question in both languages, so
    grades and item analysis pool them unless an instructor filters."""
    return attempts.filter(**{f"{prefix}language": language}) if language else attempts


def class_attempts(cohort: Cohort, language: str = ""):
    """The counted attempts of the class's students in its course (a queryset)."""
    return in_language(Attempt.objects.counted().filter(quiz__course_id=cohort.course_id,
                                                        user_id__in=_student_ids(cohort)), language)


def class_students(cohort: Cohort) -> list[Student]:
    """The roster, by name. One query."""
    rows = Enrolment.objects.filter(cohort=cohort, course_id=cohort.course_id).values_list(
        "user_id", "user__username", "user__first_name", "user__last_name", "user__email", "enrolled_at")
    students = [Student(pk, username, f"{first} {last}".strip() or username, email, enrolled)
                for pk, username, first, last, email, enrolled in rows]
    return sorted(students, key=lambda s: (s.sort_key, s.username))


def class_student(cohort: Cohort, user_id: int) -> Student | None:
    """One student of the class, or None when they are not in it. One query."""
    row = Enrolment.objects.filter(cohort=cohort, course_id=cohort.course_id, user_id=user_id).values_list(
        "user_id", "user__username", "user__first_name", "user__last_name", "user__email", "enrolled_at").first()
    if row is None:
        return None
    pk, username, first, last, email, enrolled = row
    return Student(pk, username, f"{first} {last}".strip() or username, email, enrolled)


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


def _percent(score, max_score) -> float | None:
    if score is None or not max_score:
        return None
    return round(100 * score / max_score, 1)


@dataclass
class _Grades:
    grades: dict  # (user_id, quiz_id) -> grade percent by the quiz's grading method
    counts: dict  # (user_id, quiz_id) -> submitted attempts
    awaiting: dict  # (user_id, quiz_id) -> attempts awaiting grading (no score yet; counted apart)


def _grades(cohort: Cohort, quizzes: list[Quiz], language: str = "") -> _Grades:
    """Each student's grade on each quiz, by the quiz's grading method, from
    their submitted attempts oldest first. One query, no dates fetched."""
    by_id = {q.pk: q for q in quizzes}
    percents: dict[tuple[int, int], list[float]] = defaultdict(list)
    awaiting: dict[tuple[int, int], int] = defaultdict(int)
    rows = (in_language(Attempt.objects.counted().submitted(), language)
            .filter(quiz_id__in=list(by_id), user_id__in=_student_ids(cohort))
            .order_by("user_id", "quiz_id", "number")
            .values_list("user_id", "quiz_id", "score", "max_score", "grading"))
    for user_id, quiz_id, score, max_score, grading in rows:
        if grading == Attempt.Grading.AWAITING:
            awaiting[(user_id, quiz_id)] += 1
            continue
        percent = _percent(score, max_score)
        if percent is not None and quiz_id in by_id:
            percents[(user_id, quiz_id)].append(percent)
    grades = {key: quiz_grade_percent(by_id[key[1]], values) for key, values in percents.items()}
    return _Grades(grades, {key: len(values) for key, values in percents.items()}, dict(awaiting))


def _last_activity(cohort: Cohort) -> dict[int, datetime.datetime]:
    """When each student last did something: opened or finished a lesson,
    started or submitted an attempt. Two grouped queries (one row a student)."""
    last: dict[int, datetime.datetime] = {}
    lessons = (LessonProgress.objects.filter(user_id__in=_student_ids(cohort),
                                             lesson__chapter__course_id=cohort.course_id)
               .values("user_id").annotate(a=Max("last_opened_at"), b=Max("completed_at"))
               .order_by().values_list("user_id", "a", "b"))
    attempts = (Attempt.objects.counted().filter(user_id__in=_student_ids(cohort), quiz__course_id=cohort.course_id)
                .values("user_id").annotate(a=Max("started_at"), b=Max("submitted_at"))
                .order_by().values_list("user_id", "a", "b"))
    for rows in (lessons, attempts):
        for user_id, *moments in rows:
            for moment in moments:
                if moment is not None and (user_id not in last or moment > last[user_id]):
                    last[user_id] = moment
    return last


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def _topic_label(topic: str) -> str:
    return str(dict(Topic.choices).get(topic, topic))


def _strength(percent: float | None) -> str:
    if percent is None:
        return ""
    return "strong" if percent >= 75 else "weak" if percent < 50 else "fair"


# ---- class overview ---------------------------------------------------------------

def class_overview(cohort: Cohort, now=None, language: str = "") -> dict:
    """Enrolment, activity, completion per chapter, averages per quiz and
    topic, activity per day, the students who need attention and the daily
    review's recall. 13 queries. `language` keeps the attempts of one edition
    in the quizzes' and topics' figures (activity counts every attempt)."""
    now = now or timezone.now()
    students = class_students(cohort)
    lessons = course_lessons(cohort.course)
    quizzes = class_quizzes(cohort)
    attempts = _grades(cohort, quizzes, language)
    last_activity = _last_activity(cohort)
    lesson_ids = [lesson.pk for lesson in lessons]

    # Per student and chapter: lessons done.
    per_chapter = (LessonProgress.objects.filter(user_id__in=_student_ids(cohort), lesson_id__in=lesson_ids)
                   .values("user_id", "lesson__chapter_id")
                   .annotate(done=Count("id", filter=Q(completed_at__isnull=False)))
                   .order_by())
    chapters: dict[int, dict] = {}
    for lesson in lessons:
        entry = chapters.setdefault(lesson.chapter_id, {"chapter": lesson.chapter, "lessons": 0,
                                                        "finished": 0, "started": 0})
        entry["lessons"] += 1
    for row in per_chapter:
        entry = chapters[row["lesson__chapter_id"]]
        entry["started"] += 1
        if row["done"] >= entry["lessons"]:
            entry["finished"] += 1
    for entry in chapters.values():
        entry["percent"] = round(100 * entry["finished"] / len(students)) if students else 0

    quiz_rows = []
    for quiz in quizzes:
        grades = [attempts.grades[(s.id, quiz.pk)] for s in students if (s.id, quiz.pk) in attempts.grades]
        quiz_rows.append({"quiz": quiz, "average": _mean(grades), "students": len(grades),
                          "awaiting": sum(n for (_user, quiz_id), n in attempts.awaiting.items() if quiz_id == quiz.pk),
                          "passed": sum(1 for g in grades if g is not None and g >= quiz.pass_mark)})

    # From the per-attempt summary (see dashboard.models): the view brings it
    # up to date first, so this reads a few rows an attempt, not every answer.
    topics = (AttemptTopicScore.objects.filter(attempt__in=class_attempts(cohort, language).submitted()).exclude(topic="")
              .values("topic").annotate(sum=Sum("total"), n=Sum("answered")).order_by("topic"))
    topic_rows = []
    for topic in topics:
        percent = round(100 * topic["sum"] / topic["n"], 1) if topic["n"] else 0.0
        topic_rows.append({"topic": topic["topic"], "label": _topic_label(topic["topic"]), "percent": percent,
                           "answered": topic["n"], "strength": _strength(percent)})

    active_since = now - datetime.timedelta(days=ACTIVE_DAYS)
    attention = _attention(students, quizzes, attempts.grades, last_activity, active_since, now)
    return {
        "enrolled": len(students),
        "active": sum(1 for s in students if s.id in last_activity and last_activity[s.id] >= active_since),
        "chapters": list(chapters.values()),
        "quizzes": quiz_rows,
        "topics": topic_rows,
        "activity": _activity(cohort, now, lesson_ids, [quiz.pk for quiz in quizzes]),
        "attention": attention[:ATTENTION_SHOWN],
        "attention_total": len(attention),
        "review": class_review(cohort, students, now),
    }


def class_review(cohort: Cohort, students: list[Student], now=None) -> dict:
    """The daily review of the class: each student's cards started and the share
    they are keeping (predicted recall still at FSRS's 90% target), lowest first;
    and the cards most often forgotten. 2 queries."""
    now = now or timezone.now()
    kept = review_selectors.students_kept(_student_ids(cohort), cohort.course_id, now=now)
    rows = [{"student": s, "cards": kept[s.id]["cards"], "kept": kept[s.id]["kept"],
             "percent": _share(kept[s.id]["kept"], kept[s.id]["cards"])} for s in students if s.id in kept]
    rows.sort(key=lambda row: (row["percent"], row["student"].sort_key))
    return {
        "students": rows, "reviewing": len(rows), "not_started": len(students) - len(rows),
        "percent": _share(sum(row["kept"] for row in rows), sum(row["cards"] for row in rows)),
        "forgotten": _forgotten(review_selectors.forgotten_items(_student_ids(cohort), cohort.course_id, now=now)),
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


def _attention(students, quizzes, grades, last_activity, active_since, now) -> list[dict]:
    """Students inactive for a week, or below the pass mark on a quiz, each with why."""
    result = []
    for student in students:
        reasons = []
        last = last_activity.get(student.id)
        if last is None:
            reasons.append(_("No activity yet"))
        elif last < active_since:
            reasons.append(_("Inactive for %(days)s days") % {"days": (now - last).days})
        for quiz in quizzes:
            grade = grades.get((student.id, quiz.pk))
            if grade is not None and grade < quiz.pass_mark:
                reasons.append(_("%(grade)s%% on “%(quiz)s” (pass mark %(mark)s%%)") % {
                    "grade": grade, "quiz": quiz.title, "mark": quiz.pass_mark})
        if reasons:
            result.append({"student": student, "reasons": reasons, "last_activity": last})
    return result


def _activity(cohort: Cohort, now, lesson_ids: list[int], quiz_ids: list[int]) -> list[dict]:
    """Per day over the last 30 days: students active, lessons completed,
    attempts submitted. Three queries. The database groups by hour of the
    UTC timestamps' text (plain string functions, the same on SQLite and
    PostgreSQL — SQLite's date functions run row by row in Python) and
    UNION leaves one row a student and hour; hours become the site's local
    days here (exactly, for time zones a whole number of hours from UTC)."""
    zone = timezone.get_current_timezone()
    start = timezone.localtime(now, zone).date() - datetime.timedelta(days=ACTIVITY_DAYS - 1)
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    students = _student_ids(cohort)
    # Filtering on the lists of ids spares a join per row.
    progress = LessonProgress.objects.filter(user_id__in=students, lesson_id__in=lesson_ids)
    attempts = Attempt.objects.counted().filter(user_id__in=students, quiz_id__in=quiz_ids)
    # In a UTC site the date part is the local day: group by it (far fewer
    # rows); elsewhere group by hour and convert.
    utc = timezone.localtime(now, zone).utcoffset() == since.utcoffset() == datetime.timedelta(0)
    width = 10 if utc else 13

    def hourly(queryset, column):
        return (queryset.filter(**{f"{column}__gte": since}).order_by()
                .annotate(hour=Substr(Cast(column, output_field=CharField()), 1, width)))

    days = {start + datetime.timedelta(days=n): {"active": set(), "lessons": 0, "attempts": 0}
            for n in range(ACTIVITY_DAYS)}
    local_days: dict[str, datetime.date] = {}

    def day_of(hour: str):
        if hour not in local_days:
            if utc:
                local_days[hour] = datetime.date.fromisoformat(hour)
            else:
                moment = datetime.datetime.fromisoformat(f"{hour}:00").replace(tzinfo=datetime.UTC)
                local_days[hour] = moment.astimezone(zone).date()
        return days.get(local_days[hour])

    active = hourly(progress, "first_opened_at").values_list("user_id", "hour").union(
        hourly(progress, "last_opened_at").values_list("user_id", "hour"),
        hourly(progress, "completed_at").values_list("user_id", "hour"),
        hourly(attempts, "started_at").values_list("user_id", "hour"),
        hourly(attempts, "submitted_at").values_list("user_id", "hour")).order_by()
    for user_id, hour in active:
        day = day_of(hour)
        if day is not None:
            day["active"].add(user_id)
    for queryset, column, name in ((progress, "completed_at", "lessons"), (attempts, "submitted_at", "attempts")):
        for hour, count in hourly(queryset, column).values("hour").annotate(n=Count("id")).values_list("hour", "n"):
            day = day_of(hour)
            if day is not None:
                day[name] += count
    return [{"day": day, "active": len(values["active"]), "lessons": values["lessons"],
             "attempts": values["attempts"]} for day, values in sorted(days.items())]


# ---- progress matrix ------------------------------------------------------------

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
    now = now or timezone.now()
    students = class_students(cohort)
    lessons = course_lessons(cohort.course)
    quizzes = class_quizzes(cohort)
    attempts = _grades(cohort, quizzes, language)
    last_activity = _last_activity(cohort)
    # Done or not, as a boolean computed in the database: converting tens of
    # thousands of timestamps costs more than the query.
    rows = LessonProgress.objects.filter(
        user_id__in=_student_ids(cohort), lesson_id__in=[lesson.pk for lesson in lessons],
    ).annotate(done=ExpressionWrapper(Q(completed_at__isnull=False), output_field=BooleanField())
               ).values_list("user_id", "lesson_id", "done")
    state = {(user_id, lesson_id): "completed" if done else "in_progress" for user_id, lesson_id, done in rows}
    active_since = now - datetime.timedelta(days=ACTIVE_DAYS)
    flagged = {entry["student"].id for entry in
               _attention(students, quizzes, attempts.grades, last_activity, active_since, now)}

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
                                _mean(grades), overall, student.id in flagged))

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


# ---- one student -----------------------------------------------------------------

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
            "position": response.position, "stem": _plain(snapshot.get("stem_html", "")),
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
        topic_rows.append({"topic": topic, "label": _topic_label(topic), "percent": percent,
                           "answered": len(fractions), "strength": _strength(percent)})
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


def _plain(html: str) -> str:
    return " ".join(strip_tags(html).split())


# ---- quiz report ---------------------------------------------------------------

def quiz_report(cohort: Cohort, quiz: Quiz, language: str = "") -> dict:
    """Grade distribution and, per question, Moodle's facility and
    discrimination indices and the wrong answers given most often, each
    question linked to the lesson heading that teaches it. 5 queries."""
    attempts, awaiting = {}, 0
    for pk, user_id, score, max_score, grading in (
            in_language(Attempt.objects.counted().submitted(), language)
            .filter(quiz=quiz, user_id__in=_student_ids(cohort))
            .order_by("user_id", "number").values_list("id", "user_id", "score", "max_score", "grading")):
        if grading == Attempt.Grading.AWAITING:
            awaiting += 1  # counted apart, and out of the grades and the indices until graded
        else:
            attempts[pk] = (user_id, score, max_score)
    percents: dict[int, list[float]] = defaultdict(list)
    for user_id, score, max_score in attempts.values():
        percent = _percent(score, max_score)
        if percent is not None:
            percents[user_id].append(percent)
    grades = [quiz_grade_percent(quiz, values) for values in percents.values()]
    bins = [0] * 10
    for grade in grades:
        bins[min(9, int(grade // 10))] += 1
    distribution = [{"label": f"{10 * i}–{10 * i + 9 if i < 9 else 100}%", "count": n} for i, n in enumerate(bins)]

    in_quiz = in_language(Response.objects.filter(attempt__quiz=quiz, attempt__is_preview=False,
                                                  attempt__submitted_at__isnull=False,
                                                  attempt__grading__in=["", Attempt.Grading.GRADED],
                                                  attempt__user_id__in=_student_ids(cohort), question__isnull=False),
                          language, "attempt__")
    # One snapshot per question (its latest) names the options, items and key.
    latest = in_quiz.values("question_id").annotate(last=Max("id")).values("last")
    snapshots = dict(Response.objects.filter(pk__in=latest).values_list("question_id", "snapshot"))
    by_question: dict[int, list[tuple]] = defaultdict(list)
    for attempt_id, question_id, fraction, score in in_quiz.values_list(
            "attempt_id", "question_id", "fraction", "score"):
        by_question[question_id].append((attempt_id, fraction or 0.0, score or 0.0))
    # Answers are only read where they were wrong: JSON costs, right ones say nothing.
    wrong: dict[int, list] = defaultdict(list)
    for question_id, answer in in_quiz.filter(Q(fraction__lt=1) | Q(fraction__isnull=True)).values_list(
            "question_id", "answer"):
        wrong[question_id].append(answer)
    questions = Question.objects.filter(pk__in=list(by_question)).select_related("lesson__chapter__course")

    rows = []
    for question in questions:
        snapshot = snapshots.get(question.pk) or {}
        answers = by_question[question.pk]
        points = snapshot.get("points", question.points) or 1
        facility = 100 * sum(a[1] for a in answers) / len(answers)
        rests = []
        for attempt_id, fraction, score in answers:
            _user, total, max_score = attempts[attempt_id]
            rest_max = (max_score or 0) - points
            rests.append((fraction, ((total or 0) - score) / rest_max if rest_max > 0 else 0.0))
        rows.append({
            "question": question, "stem": _plain(snapshot.get("stem_html", "")) or question.slug,
            "type": question.get_type_display(), "topic": _topic_label(question.topic),
            "answered": len(answers), "facility": round(facility, 1), "discrimination": _correlation(rests),
            "wrong": _wrong_answers(snapshot, wrong.get(question.pk, []), len(answers)),
            "lesson_url": question.lesson_url() if question.lesson_id else "",
            "lesson_title": question.lesson.title if question.lesson_id else "",
            "heading": _heading(question.lesson.body, question.anchor) if question.lesson_id else "",
        })
    rows.sort(key=lambda row: (row["facility"], row["question"].slug))
    return {"quiz": quiz, "students": len(grades), "attempts": len(attempts), "awaiting": awaiting,
            "average": _mean(grades),
            "passed": sum(1 for g in grades if g >= quiz.pass_mark), "distribution": distribution,
            "questions": rows}


def _heading(body: str, anchor: str) -> str:
    """The text of the Markdown heading `## Text {#anchor}` in a lesson body."""
    if not anchor:
        return ""
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") and stripped.endswith(f"{{#{anchor}}}"):
            return stripped.lstrip("#").removesuffix(f"{{#{anchor}}}").strip()
    return ""


def _correlation(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r between a question's score and the rest of the test, as a
    percentage (Moodle's discrimination index); None when either never varies."""
    n = len(pairs)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return round(100 * sxy / math.sqrt(sxx * syy), 1)


def _wrong_answers(snapshot: dict, wrong: list, total: int) -> list[dict]:
    """The mistakes made most often on one question, as text for the report.
    Each type says what its mistakes are (which wrong option; which pair of
    events in the wrong order; which item in the wrong category …); they are
    counted by what they are and only the most frequent are put into words."""
    qtype = snapshot.get("type")
    if not qtype or not wrong:
        return []
    mistakes: Counter = Counter()
    texts: dict[tuple, str] = {}
    for answer in wrong:
        found = [(("blank",), _("No answer"))] if answer is None else get_type(qtype).mistakes(snapshot, answer)
        for mistake, text in found:
            mistakes[mistake] += 1
            texts.setdefault(mistake, text)
    return [{"text": texts[mistake], "count": count, "percent": round(100 * count / total)}
            for mistake, count in mistakes.most_common(TOP_WRONG)]


# ---- exports ----------------------------------------------------------------------

def grades_table(cohort: Cohort) -> tuple[list[str], list[list]]:
    """One row a student: lessons completed, completion, then each quiz's
    grade by its grading method (blank when not attempted). 5 queries."""
    students = class_students(cohort)
    lessons = course_lessons(cohort.course)
    quizzes = class_quizzes(cohort)
    attempts = _grades(cohort, quizzes)
    done = dict(LessonProgress.objects.filter(
        user_id__in=_student_ids(cohort), lesson_id__in=[lesson.pk for lesson in lessons],
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
    rows = (Response.objects.filter(attempt__user_id__in=_student_ids(cohort), attempt__is_preview=False,
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
               _iso(started), _iso(submitted), position, _plain(snapshot.get("stem_html", "")),
               topic or "", snapshot["type"], qtype.describe(snapshot, answer), qtype.describe_key(snapshot),
               "" if fraction is None else round(fraction, 4), "" if score is None else round(score, 4),
               snapshot.get("points", ""),
               str(statuses[grading]) if grading else (_("in progress") if submitted is None else _("graded"))]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""

