"""The class overview: enrolment, activity, completion per chapter, averages
per quiz and topic, activity per day, who needs attention, the daily review."""

import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from dashboard.selectors.common import ClassData, in_language, mean, strength, student_ids, topic_label
from dashboard.selectors.review import class_review
from lessons.models import ActivityDay, Cohort, LessonProgress
from quizzes.models import StudentTopicScore

ACTIVITY_DAYS = 30
ATTENTION_SHOWN = 25


def class_overview(cohort: Cohort, now=None, language: str = "") -> dict:
    """Enrolment, activity, completion per chapter, averages per quiz and
    topic, activity per day, the students who need attention and the daily
    review's recall. 9 queries. `language` keeps the attempts of one edition
    in the quizzes' and topics' figures (activity counts every attempt)."""
    data = ClassData(cohort, language=language, now=now)
    students, lessons, quizzes, grades = data.students, data.lessons, data.quizzes, data.grades
    lesson_ids = [lesson.pk for lesson in lessons]

    # Per student and chapter: lessons done.
    per_chapter = (LessonProgress.objects.filter(user_id__in=student_ids(cohort), lesson_id__in=lesson_ids)
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
        marks = [grades.grades[(s.id, quiz.pk)] for s in students if (s.id, quiz.pk) in grades.grades]
        quiz_rows.append({"quiz": quiz, "average": mean(marks), "students": len(marks),
                          "awaiting": sum(n for (_user, quiz_id), n in grades.awaiting.items() if quiz_id == quiz.pk),
                          "passed": sum(1 for g in marks if g is not None and g >= quiz.pass_mark)})

    # From the per-student sums the quiz services keep (quizzes.summary): a few rows a student, not every answer.
    topics = (in_language(StudentTopicScore.objects.filter(course_id=cohort.course_id,
                                                           user_id__in=student_ids(cohort)), language)
              .values("topic").annotate(sum=Sum("total"), n=Sum("answered")).order_by("topic"))
    topic_rows = []
    for topic in topics:
        share = round(100 * topic["sum"] / topic["n"], 1) if topic["n"] else 0.0
        topic_rows.append({"topic": topic["topic"], "label": topic_label(topic["topic"]), "percent": share,
                           "answered": topic["n"], "strength": strength(share)})

    flagged = data.flagged
    return {
        "enrolled": len(students),
        "active": sum(1 for s in students
                      if s.id in data.last_activity and data.last_activity[s.id] >= data.active_since),
        "chapters": list(chapters.values()),
        "quizzes": quiz_rows,
        "topics": topic_rows,
        "activity": _activity(cohort, data.now),
        "attention": [data.attention_entry(student) for student in flagged[:ATTENTION_SHOWN]],
        "attention_total": len(flagged),
        "review": class_review(cohort, students, data.now),
    }


def _activity(cohort: Cohort, now) -> list[dict]:
    """Per day over the last 30 days (the site's local days): students active,
    lessons completed, attempts submitted. One grouped query over the days of
    activity the services keep (`lessons.models.ActivityDay`: one row a
    student and day)."""
    start = timezone.localdate(now, timezone.get_default_timezone()) - datetime.timedelta(days=ACTIVITY_DAYS - 1)
    found = {row["day"]: row for row in (
        ActivityDay.objects.filter(course_id=cohort.course_id, user_id__in=student_ids(cohort), day__gte=start)
        .values("day").annotate(active=Count("id"), lessons=Sum("lessons"), attempts=Sum("attempts")).order_by())}
    days = [start + datetime.timedelta(days=n) for n in range(ACTIVITY_DAYS)]
    return [{"day": day, "active": found[day]["active"] if day in found else 0,
             "lessons": found[day]["lessons"] if day in found else 0,
             "attempts": found[day]["attempts"] if day in found else 0} for day in days]
